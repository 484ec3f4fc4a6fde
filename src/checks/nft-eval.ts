// Why: walk an nftables ruleset for the test packet the way the kernel does (first matching verdict wins), so a check can name the rule or policy that decides.

import type { NftChain, NftMatch, NftRule, NftRuleset, NftTable } from '../parsers/firewall/nft-ruleset.js';
import { covers, range } from './common.js';

/** The packet the rules are asked about: IPv4, the test flow's first packet or its reply. */
export interface NftPacket {
  /** Input / output interface; null when not known at that hook (no output interface before routing). */
  iif: string | null;
  oif: string | null;
  saddr: string;
  daddr: string;
  /** 'icmp' (an echo request) or 'tcp' (a SYN). */
  proto: 'icmp' | 'tcp';
  /** TCP destination port; null when there is none to match (ICMP, or a reply to an ephemeral port). */
  dport: number | null;
  /** Conntrack state as the rules see it: the first packet of a flow is 'new'. */
  ct: 'new' | 'established';
}

// ---------------------------------------------------------------- one chain

/** What one base chain does: a verdict, a NAT rule that rewrites the packet (in `natFor`), or the policy. */
export type WalkOutcome = 'accept' | 'drop' | 'reject' | 'queue' | 'nat';

export interface Walk {
  /** Final outcome for the packet in this base chain (a policy counts). */
  outcome: WalkOutcome;
  /** The rule that decided, or null when the chain's policy did. */
  rule: NftRule | null;
  /** Chain holding that rule (or the base chain, for the policy). */
  chain: NftChain;
  table: NftTable;
  /**
   * Rules met before the decision that might have decided instead: a verdict (or, in a NAT walk, a NAT statement) whose
   * matches cannot be evaluated, or a jump that cannot be followed. The walk assumes they do not apply; `why` says so.
   */
  uncertain: Array<{ rule: NftRule; chain: NftChain; why: string }>;
  /** Counter-only rules the packet passed (e.g. `counter comment "reaches policy drop"`). */
  counted: Array<{ rule: NftRule; chain: NftChain }>;
}

type Tri = boolean | null;

/** nft's jump stack is 16 deep. */
const MAX_DEPTH = 16;

const PROTO_NUM: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp' };
const PORT_NAMES: Record<string, number> = { http: 80, https: 443, ssh: 22, domain: 53 };

/** Elements of a value: "{ a, b }" or "a,b" -> ["a", "b"] (text-form sets keep the quotes of names: { "wg0", "lan0" }). */
function elements(value: string): string[] {
  const v = value.trim();
  const inner = v.startsWith('{') && v.endsWith('}') ? v.slice(1, -1) : v;
  return inner
    .split(',')
    .map((x) => x.trim().replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

function ifMatch(pattern: string, name: string | null): Tri {
  if (name === null) return null;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** An address, prefix or "a-b" range element. */
function addrMatch(el: string, addr: string): Tri {
  return range(el) === null ? null : covers(el, addr);
}

function portMatch(el: string, port: number | null): Tri {
  if (port === null) return false;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(el);
  if (m) return port >= Number(m[1]) && port <= Number(m[2] ?? m[1]);
  return el in PORT_NAMES ? PORT_NAMES[el] === port : null;
}

/** Does one element of the value hold for the packet (null: cannot tell: named sets, variables, unknown selectors). */
function elementHolds(key: string, el: string, p: NftPacket): Tri {
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
    case 'meta nfproto':
      return el === 'ipv4';
    case 'meta l4proto':
    case 'ip protocol':
      return (PROTO_NUM[el] ?? el) === p.proto;
    case 'tcp dport':
    case 'th dport':
      return p.proto === 'tcp' ? portMatch(el, p.dport) : false;
    case 'icmp type':
      return el === 'echo-request' || el === '8';
    default:
      return null;
  }
}

/** Whether one match holds for the packet; null when it cannot be evaluated. */
function matchHolds(m: NftMatch, p: NftPacket): Tri {
  // A header the packet does not have (IPv6, UDP, the other transport): nft's implicit dependency fails, so does the rule.
  if (m.key.startsWith('ip6 ') || m.key.startsWith('icmpv6 ') || m.key.startsWith('udp ')) return false;
  if ((m.key.startsWith('tcp ') && p.proto !== 'tcp') || (m.key.startsWith('icmp ') && p.proto !== 'icmp')) return false;
  if (m.op !== '==' && m.op !== '!=') return null; // vmap, map, <, >, ...
  if (m.value.includes(' / ') || m.value.includes(':')) return null; // masks (tcp flags), IPv6, mappings
  const els = elements(m.value);
  if (!els.length) return null;
  // A set (or a flag list such as `ct state established,related`) matches when any element does.
  const results = els.map((e) => elementHolds(m.key, e, p));
  const any: Tri = results.includes(true) ? true : results.includes(null) ? null : false;
  if (any === null) return null;
  return m.op === '==' ? any : !any;
}

/** Whether all of a rule's matches hold; null when one cannot be evaluated (iptables-nft `xt match` and conditions the parser did not read included). */
function ruleHolds(r: NftRule, p: NftPacket): Tri {
  if (r.xt.some((x) => x.startsWith('match '))) return null;
  // A condition the parser could not read may exclude the packet: the rule's match is unknown, whatever the others say.
  let result: Tri = (r.unknown ?? []).length ? null : true;
  for (const m of r.matches) {
    const h = matchHolds(m, p);
    if (h === false) return false;
    if (h === null) result = null;
  }
  return result;
}

interface Inner {
  /** 'end' when the chain ran out (or returned) without a verdict. */
  outcome: WalkOutcome | 'end';
  rule: NftRule | null;
  chain: NftChain;
}

function walkChain(table: NftTable, chain: NftChain, p: NftPacket, nat: boolean, acc: Pick<Walk, 'uncertain' | 'counted'>, depth: number): Inner {
  for (const r of chain.rules) {
    const holds = ruleHolds(r, p);
    if (holds === false) continue;
    const decisive = r.verdict !== null && r.verdict !== 'continue';
    if (holds === null) {
      if (decisive || (nat && r.nat)) acc.uncertain.push({ rule: r, chain, why: `cannot evaluate "${r.text}"` });
      continue;
    }
    // In a nat chain the first matching NAT statement sets the mapping and ends the chain.
    if (nat && r.nat) return { outcome: 'nat', rule: r, chain };
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
        if (!target || depth >= MAX_DEPTH) {
          acc.uncertain.push({ rule: r, chain, why: `cannot follow "${r.text}"` });
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

/** Base chains of a hook and type that see an IPv4 packet (ip and inet families), in priority order. */
export function baseChains(rs: NftRuleset, hook: string, type = 'filter'): Array<{ table: NftTable; chain: NftChain }> {
  const out: Array<{ table: NftTable; chain: NftChain }> = [];
  for (const t of rs.tables) {
    if (t.family !== 'ip' && t.family !== 'inet') continue;
    for (const c of t.chains) if (c.hook === hook && (c.type ?? 'filter') === type) out.push({ table: t, chain: c });
  }
  return out.sort((a, b) => (a.chain.priority ?? 0) - (b.chain.priority ?? 0));
}

/** With `nat`, the first NAT statement that surely matches decides ('nat'), and NAT statements that may match are `uncertain`. */
function walk(table: NftTable, chain: NftChain, p: NftPacket, nat: boolean): Walk {
  const acc: Pick<Walk, 'uncertain' | 'counted'> = { uncertain: [], counted: [] };
  const res = walkChain(table, chain, p, nat, acc, 0);
  if (res.outcome !== 'end') return { outcome: res.outcome, rule: res.rule, chain: res.chain, table, ...acc };
  const policy = chain.policy === 'drop' ? 'drop' : 'accept';
  return { outcome: policy, rule: null, chain, table, ...acc };
}

/** Walk one filter base chain; the policy decides when no rule does (accept when none is printed). */
export function walkBase(table: NftTable, chain: NftChain, p: NftPacket): Walk {
  return walk(table, chain, p, false);
}

// ---------------------------------------------------------------- one hook

/** One base chain's filter verdict, strictly: a rule gatewalk cannot evaluate before the decision makes it 'unknown'. */
export type Decision =
  | { kind: 'accept' | 'drop'; table: NftTable; chain: NftChain; rule: NftRule | null; why: string }
  | { kind: 'unknown'; table: NftTable; chain: NftChain; rule: NftRule; why: string };

export interface Outcome {
  /** Overall: dropped by any base chain, accepted by all, or not judged. */
  kind: 'accept' | 'drop' | 'unknown';
  /** The deciding rule or policy, per base chain consulted (up to the first that drops), in priority order. */
  decisions: Decision[];
}

function decision(w: Walk): Decision {
  const u = w.uncertain[0];
  if (u) return { kind: 'unknown', table: w.table, chain: u.chain, rule: u.rule, why: u.why };
  const { table, chain, rule } = w;
  if (w.outcome === 'queue' && rule) return { kind: 'unknown', table, chain, rule, why: `queued to user space by "${rule.text}"` };
  const why = rule ? rule.text : `policy ${chain.policy ?? 'accept'}`;
  return { kind: w.outcome === 'drop' || w.outcome === 'reject' ? 'drop' : 'accept', table, chain, rule, why };
}

/** The filter verdict of every base chain on a hook, by priority; the packet passes only if none drops it. */
export function evaluate(rs: NftRuleset, hook: string, p: NftPacket): Outcome {
  const decisions: Decision[] = [];
  for (const { table, chain } of baseChains(rs, hook, 'filter')) {
    const d = decision(walkBase(table, chain, p));
    decisions.push(d);
    if (d.kind === 'drop') return { kind: 'drop', decisions };
  }
  return { kind: decisions.some((d) => d.kind === 'unknown') ? 'unknown' : 'accept', decisions };
}

export interface NatHit {
  table: NftTable;
  /** The chain holding the rule (a base chain, or one it jumps to). */
  chain: NftChain;
  rule: NftRule & { nat: NonNullable<NftRule['nat']> };
  /** False when gatewalk cannot evaluate all of its matches (it may or may not apply). */
  sure: boolean;
}

/** NAT rules of the nat-type base chains on a hook that would rewrite the packet, in order: [] when none applies. */
export function natFor(rs: NftRuleset, hook: string, p: NftPacket): NatHit[] {
  const out: NatHit[] = [];
  for (const { table, chain } of baseChains(rs, hook, 'nat')) {
    const w = walk(table, chain, p, true);
    for (const u of w.uncertain) if (u.rule.nat) out.push({ table, chain: u.chain, rule: u.rule as NatHit['rule'], sure: false });
    if (w.outcome === 'nat' && w.rule?.nat) out.push({ table, chain: w.chain, rule: w.rule as NatHit['rule'], sure: true });
  }
  return out;
}

// ---------------------------------------------------------------- quoting

/** "inet filter forward" */
export function chainName(t: NftTable, c: NftChain): string {
  return `${t.family} ${t.name} ${c.name}`;
}

/** "type filter hook forward priority filter; policy drop;" */
function hookText(c: NftChain): string {
  return `type ${c.type ?? 'filter'} hook ${c.hook ?? '?'} priority ${c.priorityText ?? c.priority ?? '?'}; policy ${c.policy ?? 'accept'};`;
}

/** Exact text of the output line for a rule (text form), or "family table chain: rule" rendered from JSON. */
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
    let inTable = false;
    let inChain = false;
    for (const l of stdout.split('\n')) {
      const s = l.trim();
      if (s.startsWith(`table ${t.family} ${t.name} `)) inTable = true;
      else if (inTable && s.startsWith(`chain ${c.name} `)) inChain = true;
      else if (inChain && /\bhook\b/.test(s)) return s;
    }
  }
  return `${chainName(t, c)}: chain ${c.name} { ${hookText(c)} }`;
}

/** A rule, or a chain's policy, located without the printed output: `table inet filter chain forward: <rule>`. */
export function describe(d: { table: NftTable; chain: NftChain; rule: NftRule | null }): string {
  return `table ${d.table.family} ${d.table.name} chain ${d.chain.name}: ${d.rule ? d.rule.text : hookText(d.chain)}`;
}
