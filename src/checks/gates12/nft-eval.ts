// Why: walk an nftables chain for the test packet the way the kernel does (first matching verdict wins), on the parsed ruleset.

import type { NftChain, NftMatch, NftRule, NftRuleset, NftTable } from '../../parsers/firewall/nft-ruleset.js';
import { contains, prefix, v4 } from './common.js';

export interface NftPacket {
  iif: string;
  oif: string;
  saddr: string;
  daddr: string;
  /** Conntrack state of the packet: the first packet of the test flow is "new". */
  ct: 'new' | 'established';
  protocol: 'icmp' | 'tcp';
  dport?: number;
}

export type Outcome = 'accept' | 'drop' | 'reject' | 'nat' | 'queue';

export interface Walk {
  /** Final outcome for the packet in this base chain (a policy counts). */
  outcome: Outcome;
  /** The rule that decided, or null when the chain's policy did. */
  rule: NftRule | null;
  /** Chain holding that rule (or the base chain, for the policy). */
  chain: NftChain;
  table: NftTable;
  /** Rules with a verdict whose matches we could not evaluate, met before the decision. */
  uncertain: Array<{ rule: NftRule; chain: NftChain }>;
  /** Counter-only rules the packet passed (e.g. `counter comment "reaches policy drop"`). */
  counted: Array<{ rule: NftRule; chain: NftChain }>;
}

/** Elements of a value: "{ a, b }" or "a,b" -> ["a", "b"]. */
function elements(value: string): string[] {
  const v = value.trim();
  const inner = v.startsWith('{') && v.endsWith('}') ? v.slice(1, -1) : v;
  return inner
    .split(',')
    .map((x) => x.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

function addrElementMatches(el: string, addr: string): boolean | null {
  const dash = el.indexOf('-');
  if (dash > 0) {
    const lo = v4(el.slice(0, dash));
    const hi = v4(el.slice(dash + 1));
    const a = v4(addr);
    if (lo === null || hi === null || a === null) return null;
    return a >= lo && a <= hi;
  }
  if (!prefix(el)) return null;
  return contains(el, addr);
}

const PROTO_NUM: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp' };

/** Does one element of the value hold for the packet (null: cannot tell). */
function elementHolds(key: string, el: string, p: NftPacket): boolean | null {
  if (el.startsWith('@') || el.startsWith('$')) return null;
  switch (key) {
    case 'iifname':
    case 'iif':
      return nameMatches(el, p.iif);
    case 'oifname':
    case 'oif':
      return nameMatches(el, p.oif);
    case 'ip saddr':
      return addrElementMatches(el, p.saddr);
    case 'ip daddr':
      return addrElementMatches(el, p.daddr);
    case 'ct state':
      return el === p.ct;
    case 'meta l4proto':
    case 'ip protocol':
      return (PROTO_NUM[el] ?? el) === p.protocol;
    case 'tcp dport':
    case 'th dport': {
      if (p.dport === undefined) return null;
      const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(el);
      if (!m) return null;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      return p.dport >= lo && p.dport <= hi;
    }
    case 'icmp type':
      return el === 'echo-request' || el === '8';
    case 'meta nfproto':
      return el === 'ipv4';
    default:
      return null;
  }
}

/** Whether one match holds for the packet; null when we cannot evaluate it. */
export function matchHolds(m: NftMatch, p: NftPacket): boolean | null {
  // IPv6 selectors never match an IPv4 packet.
  if (m.key.startsWith('ip6 ') || m.key.startsWith('icmpv6 ')) return m.op === '!=' ? true : false;
  // A transport header of another protocol is absent: the match fails.
  if ((m.key.startsWith('tcp ') && p.protocol !== 'tcp') || m.key.startsWith('udp ') || (m.key.startsWith('icmp ') && p.protocol !== 'icmp')) return false;
  if (m.op !== '==' && m.op !== '!=') return null;
  if (m.value.includes(' / ') || m.value.includes(':')) return null;
  const els = elements(m.value);
  if (!els.length) return null;
  let any = false;
  for (const el of els) {
    const h = elementHolds(m.key, el, p);
    if (h === null) return null;
    if (h) any = true;
  }
  return m.op === '==' ? any : !any;
}

export function ruleHolds(r: NftRule, p: NftPacket): boolean | null {
  if (r.xt.some((x) => x.startsWith('match '))) return null;
  let unknown = false;
  for (const m of r.matches) {
    const h = matchHolds(m, p);
    if (h === false) return false;
    if (h === null) unknown = true;
  }
  return unknown ? null : true;
}

interface Inner {
  /** 'end' when the chain ran out (or returned) without a verdict. */
  outcome: Outcome | 'end';
  rule: NftRule | null;
  chain: NftChain;
}

function walkChain(table: NftTable, chain: NftChain, p: NftPacket, nat: boolean, acc: Pick<Walk, 'uncertain' | 'counted'>, depth: number): Inner {
  if (depth > 16) return { outcome: 'end', rule: null, chain };
  for (const r of chain.rules) {
    const holds = ruleHolds(r, p);
    if (holds === false) continue;
    const decisive = r.verdict !== null && r.verdict !== 'continue';
    if (holds === null) {
      if (decisive || (nat && r.nat)) acc.uncertain.push({ rule: r, chain });
      continue;
    }
    if (nat && r.nat && (r.nat.kind === 'masquerade' || r.nat.kind === 'snat')) return { outcome: 'nat', rule: r, chain };
    switch (r.verdict) {
      case null:
      case 'continue':
        if (r.counter) acc.counted.push({ rule: r, chain });
        continue;
      case 'accept':
      case 'drop':
      case 'reject':
      case 'queue':
        return { outcome: r.verdict, rule: r, chain };
      case 'return':
        return { outcome: 'end', rule: r, chain };
      case 'jump':
      case 'goto': {
        const target = table.chains.find((c) => c.name === r.target);
        if (!target) {
          acc.uncertain.push({ rule: r, chain });
          continue;
        }
        const res = walkChain(table, target, p, nat, acc, depth + 1);
        if (res.outcome !== 'end') return res;
        // A goto that runs out ends the calling chain too.
        if (r.verdict === 'goto') return { outcome: 'end', rule: r, chain };
        continue;
      }
    }
  }
  return { outcome: 'end', rule: null, chain };
}

/** Base chains of a hook that see an IPv4 packet (ip and inet families), in priority order. */
export function baseChains(rs: NftRuleset, hook: string, type?: string): Array<{ table: NftTable; chain: NftChain }> {
  const out: Array<{ table: NftTable; chain: NftChain }> = [];
  for (const t of rs.tables) {
    if (t.family !== 'ip' && t.family !== 'inet') continue;
    for (const c of t.chains) if (c.hook === hook && (type === undefined || c.type === type)) out.push({ table: t, chain: c });
  }
  return out.sort((a, b) => (a.chain.priority ?? 0) - (b.chain.priority ?? 0));
}

/** Walk one base chain; the policy decides when no rule does (accept when none is printed). */
export function walkBase(table: NftTable, chain: NftChain, p: NftPacket, nat = false): Walk {
  const acc: Pick<Walk, 'uncertain' | 'counted'> = { uncertain: [], counted: [] };
  const res = walkChain(table, chain, p, nat, acc, 0);
  if (res.outcome !== 'end') return { outcome: res.outcome, rule: res.rule, chain: res.chain, table, ...acc };
  const policy = chain.policy === 'drop' ? 'drop' : 'accept';
  return { outcome: policy, rule: null, chain, table, ...acc };
}

/** "inet filter forward" */
export function chainName(t: NftTable, c: NftChain): string {
  return `${t.family} ${t.name} ${c.name}`;
}

/** The chain header as nft prints it, for quoting a policy. */
export function chainHeader(c: NftChain): string {
  const prio = c.priorityText ?? (c.priority !== null ? String(c.priority) : '?');
  return `chain ${c.name} { type ${c.type ?? '?'} hook ${c.hook ?? '?'} priority ${prio}; policy ${c.policy ?? 'accept'}; }`;
}

/** Exact text of the output line(s) for a rule (text form), or "family table chain: rule" rendered from JSON. */
export function ruleQuoteText(stdout: string, t: NftTable, c: NftChain, r: NftRule): string {
  if (r.line !== null) {
    const l = stdout.split('\n')[r.line - 1];
    if (l && l.trim()) return l.trim();
  }
  return `${chainName(t, c)}: ${r.text}`;
}

/** The chain's header as printed: the text-form line with its policy, or the compact JSON chain object. */
export function chainQuoteText(stdout: string, format: NftRuleset['format'], t: NftTable, c: NftChain): string {
  if (format === 'json') {
    try {
      const v: unknown = JSON.parse(stdout);
      const items = typeof v === 'object' && v !== null && Array.isArray((v as { nftables?: unknown }).nftables) ? (v as { nftables: unknown[] }).nftables : [];
      for (const it of items) {
        const ch = typeof it === 'object' && it !== null ? (it as { chain?: Record<string, unknown> }).chain : undefined;
        if (ch && ch.family === t.family && ch.table === t.name && ch.name === c.name) return JSON.stringify({ chain: ch });
      }
    } catch {
      // fall through to the rendering
    }
  } else {
    const ls = stdout.split('\n');
    let inTable = false;
    let inChain = false;
    for (const l of ls) {
      const s = l.trim();
      if (s.startsWith(`table ${t.family} ${t.name} `)) inTable = true;
      else if (inTable && s.startsWith(`chain ${c.name} `)) inChain = true;
      else if (inChain && /\bhook\b/.test(s)) return s;
    }
  }
  return `${chainName(t, c)}: ${chainHeader(c)}`;
}
