// Why: policy routing (`ip rule show`) decides which table a packet's route comes from (strongSwan's table 220, wg-quick's fwmark rules).

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, parseJson, str } from '../text.js';
import { clip, ipErrors, isIpErrorLine, numLike, warningList, words, type WarningList } from './common.js';

export interface Rule {
  priority: number;
  /** "not from ..." inverts the selector. */
  not: boolean;
  /** Source selector: "all" or a prefix ("10.20.0.0/24"); a host prints without "/32". */
  from: string;
  to?: string;
  tos?: string;
  /** "0xca6c", or "0x1/0xff" with a mask. */
  fwmark?: string;
  iif?: string;
  oif?: string;
  uidrange?: string;
  ipproto?: string;
  sport?: string;
  dport?: string;
  l3mdev?: boolean;
  /** What the rule does: "lookup" a table, "goto" a rule, or blackhole / unreachable / prohibit / failed_policy / nop. */
  action: string;
  /** The table a "lookup" rule consults: "main", "local", "220", ... */
  table?: string;
  goto?: number;
  suppressPrefixlength?: number;
  suppressIfgroup?: string;
  realms?: string;
  /** Who installed it ("kernel", "static", ...), printed with -d. */
  proto?: string;
  /** Bracketed markers: "detached", "oif-unresolved", "unresolved". */
  flags: string[];
}

export interface RuleList {
  rules: Rule[];
}

// failed_policy: OpenWrt's kernels reject with ICMPv6 "source address failed ingress/egress policy" (FR_ACT_FAILED_POLICY).
const ACTIONS: ReadonlySet<string> = new Set(['blackhole', 'unreachable', 'prohibit', 'nop', 'failed_policy']);
const VALUE_KEYS: Readonly<Record<string, 'to' | 'tos' | 'fwmark' | 'iif' | 'oif' | 'uidrange' | 'ipproto' | 'sport' | 'dport' | 'suppressIfgroup' | 'realms' | 'proto'>> = {
  to: 'to', tos: 'tos', dsfield: 'tos', fwmark: 'fwmark', iif: 'iif', oif: 'oif', uidrange: 'uidrange', ipproto: 'ipproto',
  sport: 'sport', dport: 'dport', suppress_ifgroup: 'suppressIfgroup', realms: 'realms', proto: 'proto',
};
/** Words with one value we keep nowhere. */
const SKIP_ONE: ReadonlySet<string> = new Set(['tun_id', 'map-to', 'nat', 'dscp', 'flowlabel']);

function ruleFromText(prio: number, rest: string, n: number, w: WarningList): Rule {
  const r: Rule = { priority: prio, not: false, from: 'all', action: 'unknown', flags: [] };
  const t = words(rest);
  for (let i = 0; i < t.length; i++) {
    const k = t[i]!;
    const v = t[i + 1];
    if (k === 'not') r.not = true;
    else if (k === 'l3mdev') r.l3mdev = true;
    else if (k.startsWith('[') && k.endsWith(']')) r.flags.push(k.slice(1, -1));
    else if (ACTIONS.has(k)) r.action = k;
    else if (k === 'from' && v !== undefined) {
      r.from = v;
      i++;
    } else if ((k === 'lookup' || k === 'table') && v !== undefined) {
      r.action = 'lookup';
      r.table = v;
      i++;
    } else if (k === 'goto' && v !== undefined) {
      r.action = 'goto';
      const g = numLike(v);
      if (g !== undefined) r.goto = g;
      i++;
    } else if (k === 'suppress_prefixlength' && v !== undefined) {
      const s = numLike(v);
      if (s !== undefined) r.suppressPrefixlength = s;
      i++;
    } else if (VALUE_KEYS[k] && v !== undefined) {
      r[VALUE_KEYS[k]!] = v;
      i++;
    } else if (SKIP_ONE.has(k) && v !== undefined) i++;
    else w.add(() => `line ${n + 1}: unknown word "${clip(k)}"`);
  }
  return r;
}

function prefixOf(addr: unknown, len: unknown): string | undefined {
  const a = str(addr);
  if (a === undefined) return undefined;
  const l = numLike(len);
  return l === undefined ? a : `${a}/${l}`;
}

function portOf(v: Record<string, unknown>, k: 'sport' | 'dport'): string | undefined {
  const x = v[k];
  const n = numLike(x);
  if (n !== undefined) return String(n);
  if (typeof x === 'string') return x;
  const start = numLike(isRecord(x) ? x.start : v[`${k}_start`]);
  const end = numLike(isRecord(x) ? x.end : v[`${k}_end`]);
  if (start !== undefined && end !== undefined) return `${start}-${end}`;
  return undefined;
}

function ruleFromJson(v: unknown, i: number, w: WarningList): Rule | null {
  if (!isRecord(v)) {
    w.add(() => `rule #${i + 1}: not an object`);
    return null;
  }
  const priority = numLike(v.priority);
  if (priority === undefined) {
    w.add(() => `rule #${i + 1}: no "priority"`);
    return null;
  }
  // iproute2 prints "not": null (a flag); accept true as well.
  const r: Rule = { priority, not: 'not' in v && v.not !== false, from: prefixOf(v.src, v.srclen) ?? 'all', action: 'unknown', flags: [] };
  const to = prefixOf(v.dst, v.dstlen);
  if (to !== undefined) r.to = to;
  const s = (k: string): string | undefined => {
    const x = v[k];
    return typeof x === 'string' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : undefined;
  };
  const tos = s('tos') ?? s('dsfield');
  if (tos !== undefined) r.tos = tos;
  const mark = s('fwmark');
  if (mark !== undefined) {
    const mask = s('fwmask');
    r.fwmark = mask !== undefined ? `${mark}/${mask}` : mark;
  }
  const iif = s('iif');
  if (iif !== undefined) r.iif = iif;
  if (v.iif_detached !== undefined && v.iif_detached !== false) r.flags.push('detached');
  const oif = s('oif');
  if (oif !== undefined) r.oif = oif;
  if (v.oif_detached !== undefined && v.oif_detached !== false) r.flags.push('detached');
  if (v.l3mdev !== undefined && v.l3mdev !== false) r.l3mdev = true;
  const us = numLike(v.uid_start);
  const ue = numLike(v.uid_end);
  if (us !== undefined && ue !== undefined) r.uidrange = `${us}-${ue}`;
  const ipproto = s('ipproto');
  if (ipproto !== undefined) r.ipproto = ipproto;
  const sport = portOf(v, 'sport');
  if (sport !== undefined) r.sport = sport;
  const dport = portOf(v, 'dport');
  if (dport !== undefined) r.dport = dport;
  const table = s('table');
  const go = numLike(v.goto);
  const action = s('action');
  if (table !== undefined) {
    r.action = 'lookup';
    r.table = table;
  } else if (go !== undefined) {
    r.action = 'goto';
    r.goto = go;
  } else if (action !== undefined) r.action = action;
  const sp = numLike(v.suppress_prefixlen);
  if (sp !== undefined) r.suppressPrefixlength = sp;
  const sg = s('suppress_ifgroup');
  if (sg !== undefined) r.suppressIfgroup = sg;
  const realms = s('realms') ?? s('flow_to');
  if (realms !== undefined) r.realms = realms;
  const proto = s('protocol');
  if (proto !== undefined) r.proto = proto;
  return r;
}

function parse(text: string): Parsed<RuleList> {
  if (!text.trim()) return fail('empty', 'no rules printed');
  const ls = lines(text);
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j rule show: ${j.message}`);
    if (!Array.isArray(j.value)) return fail('bad-json', 'ip -j rule show: expected an array of rules');
    const rules = j.value.map((v, i) => ruleFromJson(v, i, w)).filter((r): r is Rule => r !== null);
    if (!rules.length && j.value.length) return fail('bad-json', 'ip -j rule show: no rule with a "priority"');
    return ok({ rules }, w.list());
  }

  const rules: Rule[] = [];
  ls.forEach((line, n) => {
    if (!line.trim() || isIpErrorLine(line)) return;
    // iproute2 always prints `N:<tab>[not ]from SELECTOR ...` at the start of the line; "3000::1" or "1: lo: <...>" is no rule.
    const m = /^(\d{1,10}):\s+((?:not\s+)?from\s.*)$/.exec(line);
    if (!m) {
      w.add(() => `line ${n + 1}: not a rule: "${clip(line)}"`);
      return;
    }
    rules.push(ruleFromText(Number(m[1]), m[2]!, n, w));
  });
  if (!rules.length) {
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip rule output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (errors) w.add(() => `error lines beside the rules: ${errors}`);
  return ok({ rules }, w.list());
}

export const ipRuleShow: Parser<RuleList> = {
  id: 'ip-rule-show',
  commands: ['ip rule show', 'ip -j rule show'],
  parse,
};

/** Tables consulted by "lookup" rules, in priority order (what a packet from anywhere may hit). */
export function lookupTables(list: RuleList): string[] {
  const out: string[] = [];
  for (const r of [...list.rules].sort((a, b) => a.priority - b.priority)) {
    if (r.action === 'lookup' && r.table !== undefined && !out.includes(r.table)) out.push(r.table);
  }
  return out;
}
