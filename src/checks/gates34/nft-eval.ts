// Why: what an nftables ruleset does to one packet (the test flow's first packet), so a check can name the rule or policy that decides.

import type { NftChain, NftMatch, NftRule, NftRuleset, NftTable } from '../../parsers/firewall/nft-ruleset.js';
import { covers } from './common.js';

export interface NftPacket {
  iif: string | null;
  oif: string | null;
  saddr: string;
  daddr: string;
  /** 'icmp' or 'tcp' (a SYN). */
  proto: 'icmp' | 'tcp';
  dport: number | null;
  /** Conntrack state as the rules see it: the first packet of a flow is 'new'. */
  ct: 'new' | 'established';
}

export type Decision =
  | { kind: 'accept' | 'drop'; table: NftTable; chain: NftChain; rule: NftRule | null; why: string }
  | { kind: 'unknown'; table: NftTable; chain: NftChain; rule: NftRule; why: string };

export interface Outcome {
  /** Overall: dropped by any base chain, accepted by all, or not judged. */
  kind: 'accept' | 'drop' | 'unknown';
  /** The deciding rule or policy, per base chain consulted, in priority order. */
  decisions: Decision[];
}

type Tri = boolean | null;

/** Elements of a value: "{ a, b }" or "a,b" as a list. */
function elements(v: string): string[] {
  const t = v.trim();
  const inner = t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
  // Text-form sets keep the quotes of interface names: { "wg0", "lan0" }.
  return inner.split(',').map((x) => x.trim().replace(/^"(.*)"$/, '$1')).filter(Boolean);
}

function ifMatch(pattern: string, name: string | null): Tri {
  if (name === null) return null;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

function addrMatch(spec: string, addr: string): Tri {
  const dash = /^(\d{1,3}(?:\.\d{1,3}){3})-(\d{1,3}(?:\.\d{1,3}){3})$/.exec(spec);
  if (dash) return covers(`${dash[1]}..${dash[2]}`, addr);
  if (!/^\d{1,3}(?:\.\d{1,3}){3}(\/\d{1,2})?$/.test(spec)) return null;
  return covers(spec, addr);
}

function portMatch(spec: string, port: number | null): Tri {
  if (port === null) return false;
  const r = /^(\d{1,5})-(\d{1,5})$/.exec(spec);
  if (r) return port >= Number(r[1]) && port <= Number(r[2]);
  if (/^\d{1,5}$/.test(spec)) return Number(spec) === port;
  const named: Record<string, number> = { http: 80, https: 443, ssh: 22, domain: 53 };
  return spec in named ? named[spec] === port : null;
}

/** Does one element match? null when this evaluator cannot tell (named sets, unknown selectors). */
function elementMatch(key: string, el: string, p: NftPacket): Tri {
  if (el.startsWith('@') || el.startsWith('$')) return null;
  switch (key) {
    case 'iifname':
    case 'iif':
      return ifMatch(el, p.iif);
    case 'oifname':
    case 'oif':
      return ifMatch(el, p.oif);
    case 'ip saddr':
      return addrMatch(el, p.saddr);
    case 'ip daddr':
      return addrMatch(el, p.daddr);
    case 'ct state':
      return el === p.ct;
    case 'meta protocol':
      return el === 'ip';
    case 'meta l4proto':
    case 'ip protocol':
      return el === p.proto || (el === '6' && p.proto === 'tcp') || (el === '1' && p.proto === 'icmp');
    case 'meta nfproto':
      return el === 'ipv4';
    case 'tcp dport':
    case 'th dport':
      return p.proto === 'tcp' ? portMatch(el, p.dport) : false;
    case 'icmp type':
      return p.proto === 'icmp' ? el === 'echo-request' : false;
    default:
      return null;
  }
}

function matchOne(m: NftMatch, p: NftPacket): Tri {
  if (m.op === 'vmap' || m.op === 'map') return null;
  if (m.key === 'tcp flags') return p.proto === 'tcp' ? null : false;
  if (m.op !== '==' && m.op !== '!=') return null;
  const els = elements(m.value);
  if (!els.length) return null;
  // `ct state established,related` is a flag list: any listed state matches.
  const results = els.map((e) => elementMatch(m.key, e, p));
  const any: Tri = results.some((r) => r === true) ? true : results.some((r) => r === null) ? null : false;
  if (any === null) return null;
  return m.op === '==' ? any : !any;
}

function ruleMatches(r: NftRule, p: NftPacket): Tri {
  if (r.xt.length) return null;
  let result: Tri = true;
  for (const m of r.matches) {
    const x = matchOne(m, p);
    if (x === false) return false;
    if (x === null) result = null;
  }
  return result;
}

/** Walk one chain; a verdict, or null when the chain ends without one (return to the caller / policy). */
function walk(table: NftTable, chain: NftChain, p: NftPacket, depth: number): Decision | null {
  for (const r of chain.rules) {
    const m = ruleMatches(r, p);
    if (m === false) continue;
    // A rule without a verdict (counter, log, mangle, NAT) does not decide the filter outcome.
    if (r.verdict === null || r.verdict === 'continue') continue;
    if (m === null) return { kind: 'unknown', table, chain, rule: r, why: `cannot evaluate "${r.text}"` };
    if (r.verdict === 'accept') return { kind: 'accept', table, chain, rule: r, why: r.text };
    if (r.verdict === 'drop' || r.verdict === 'reject') return { kind: 'drop', table, chain, rule: r, why: r.text };
    if (r.verdict === 'return') return null;
    if (r.verdict === 'queue') return { kind: 'unknown', table, chain, rule: r, why: `queued to user space by "${r.text}"` };
    if ((r.verdict === 'jump' || r.verdict === 'goto') && r.target) {
      const target = table.chains.find((c) => c.name === r.target);
      if (!target || depth > 16) return { kind: 'unknown', table, chain, rule: r, why: `cannot follow "${r.text}"` };
      const d = walk(table, target, p, depth + 1);
      if (d) return d;
      if (r.verdict === 'goto') return null;
    }
  }
  return null;
}

/** The filter verdict of every base chain on a hook, by priority; the packet passes only if none drops it. */
export function evaluate(rs: NftRuleset, hook: string, p: NftPacket, families: readonly string[] = ['ip', 'inet']): Outcome {
  const bases: Array<{ t: NftTable; c: NftChain }> = [];
  for (const t of rs.tables) {
    if (!families.includes(t.family)) continue;
    for (const c of t.chains) if (c.hook === hook && (c.type ?? 'filter') === 'filter') bases.push({ t, c });
  }
  bases.sort((x, y) => (x.c.priority ?? 0) - (y.c.priority ?? 0));
  const decisions: Decision[] = [];
  for (const { t, c } of bases) {
    const d = walk(t, c, p, 0) ?? { kind: c.policy === 'drop' ? ('drop' as const) : ('accept' as const), table: t, chain: c, rule: null, why: `policy ${c.policy ?? 'accept'}` };
    decisions.push(d);
    if (d.kind === 'drop') return { kind: 'drop', decisions };
  }
  return { kind: decisions.some((d) => d.kind === 'unknown') ? 'unknown' : 'accept', decisions };
}

/** NAT rules (nat-type base chains on a hook) that would rewrite the packet: [] when none applies; null entries are unjudgeable. */
export function natFor(rs: NftRuleset, hook: string, p: NftPacket): Array<{ table: NftTable; chain: NftChain; rule: NftRule; sure: boolean }> {
  const out: Array<{ table: NftTable; chain: NftChain; rule: NftRule; sure: boolean }> = [];
  for (const t of rs.tables) {
    if (t.family !== 'ip' && t.family !== 'inet') continue;
    for (const c of t.chains) {
      if (c.hook !== hook || c.type !== 'nat') continue;
      for (const r of c.rules) {
        const m = ruleMatches(r, p);
        if (m === false) continue;
        if (r.nat) {
          out.push({ table: t, chain: c, rule: r, sure: m === true });
          if (m === true) break;
        } else if (m === true && (r.verdict === 'accept' || r.verdict === 'return')) break;
      }
    }
  }
  return out;
}

/** How a rule prints in a chain, for quoting: `table inet filter chain forward: <rule>` or the chain's policy line. */
export function describe(d: { table: NftTable; chain: NftChain; rule: NftRule | null }): string {
  const where = `table ${d.table.family} ${d.table.name} chain ${d.chain.name}`;
  return d.rule ? `${where}: ${d.rule.text}` : `${where}: type ${d.chain.type ?? 'filter'} hook ${d.chain.hook ?? '?'} priority ${d.chain.priorityText ?? d.chain.priority ?? '?'}; policy ${d.chain.policy ?? 'accept'};`;
}
