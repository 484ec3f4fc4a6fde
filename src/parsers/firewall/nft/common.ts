// Why: what both nftables forms share: families, hook priorities, operators, integer reading, the final indexes.

import { num } from '../../text.js';
import type { NftChain, NftMatch, NftNat, NftRule, NftRuleRef, NftRuleset, NftTable } from './types.js';

export const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
export const PRIO: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
export const BRIDGE_PRIO: Record<string, number> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };
export const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif', 'iiftype', 'oiftype', 'iifgroup', 'oifgroup']);
export const PROTO_WORDS = new Set(['ip', 'ip6', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'ct', 'meta', 'ether', 'vlan', 'arp', 'ah', 'esp', 'comp', 'igmp']);
export const OPS = new Map([['==', '=='], ['!=', '!='], ['<', '<'], ['>', '>'], ['<=', '<='], ['>=', '>='], ['eq', '=='], ['ne', '!='], ['lt', '<'], ['gt', '>'], ['le', '<='], ['ge', '>=']]);
export const SIMPLE_VERDICTS = new Set(['accept', 'drop', 'return', 'continue']);
export const MAX_INT = Number.MAX_SAFE_INTEGER;

export function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

export function jsonInt(v: unknown): number | null {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_INT ? n : null;
}

export function resolvePriority(text: string, family: string): number | null {
  const t = text.trim();
  if (/^-?\d{1,9}$/.test(t)) return Number(t);
  const m = /^([a-z]{1,16})(?:\s*([+-])\s*(\d{1,9}))?$/.exec(t);
  if (!m) return null;
  const base = (family === 'bridge' ? BRIDGE_PRIO : PRIO)[m[1]!];
  if (base === undefined) return null;
  const off = m[3] ? Number(m[3]) : 0;
  return m[2] === '-' ? base - off : base + off;
}

/** The name nft's text form prints for a standard priority ('srcnat' for 100), else the number. */
export function priorityName(prio: number | undefined, family: string): string | null {
  if (prio === undefined) return null;
  const table = family === 'bridge' ? BRIDGE_PRIO : PRIO;
  return Object.keys(table).find((k) => table[k] === prio) ?? String(prio);
}

/** Where a chain runs: its own hook, or the hooks of the base chains whose jumps and gotos reach it (transitively). */
export function reachingHooks(table: NftTable): Map<NftChain, Array<{ hook: string; type: string | null; via: string }>> {
  const out = new Map<NftChain, Array<{ hook: string; type: string | null; via: string }>>();
  for (const base of table.chains) {
    if (base.hook === null) continue;
    const seen = new Set<NftChain>([base]);
    const queue: NftChain[] = [base];
    while (queue.length) {
      const c = queue.shift()!;
      for (const r of c.rules) {
        if ((r.verdict !== 'jump' && r.verdict !== 'goto') || r.target === null) continue;
        const next = table.chains.find((x) => x.name === r.target);
        if (!next || next.hook !== null || seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        const list = out.get(next) ?? [];
        if (!list.some((h) => h.hook === base.hook && h.type === base.type)) list.push({ hook: base.hook, type: base.type, via: base.name });
        out.set(next, list);
      }
    }
  }
  return out;
}

/** Indexes NAT rules and MSS clamps across all tables, with where each one sits (once per hook that reaches it). */
export function finish(format: 'text' | 'json', version: string | null, tables: NftTable[]): NftRuleset {
  const natRules: NftRuleset['natRules'] = [];
  const mssClamps: NftRuleset['mssClamps'] = [];
  for (const t of tables) {
    const reached = reachingHooks(t);
    for (const c of t.chains) {
      const places = c.hook !== null ? [{ hook: c.hook as string | null, type: c.type, via: null as string | null }] : (reached.get(c) ?? [{ hook: null, type: null, via: null }]);
      c.rules.forEach((r, index) => {
        for (const p of places) {
          const ref: NftRuleRef = { family: t.family, table: t.name, chain: c.name, hook: p.hook, type: p.type, via: p.via, index, handle: r.handle, text: r.text, counter: r.counter };
          if (r.nat) natRules.push({ ...ref, nat: r.nat });
          if (r.mss) mssClamps.push({ ...ref, mss: r.mss });
        }
      });
    }
  }
  return { format, version, tables, natRules, mssClamps };
}

/** What an iptables-nft `xt target "NAME"` does, as far as gatewalk reads it (both forms print the name only). */
export function applyXtTarget(r: NftRule, name: string): NftNat['kind'] | null {
  if (name === 'TCPMSS') r.mss = { pmtu: null, size: null };
  else if (name === 'REJECT') r.verdict = 'reject';
  else if (name === 'MASQUERADE') return 'masquerade';
  else if (name === 'SNAT') return 'snat';
  else if (name === 'DNAT') return 'dnat';
  else if (name === 'REDIRECT') return 'redirect';
  return null;
}

export function emptyRule(text: string, line: number | null): NftRule {
  return { text, line, handle: null, counter: null, verdict: null, target: null, matches: [], nat: null, mss: null, comment: null, xt: [], unknown: [] };
}

export function natScope(matches: NftMatch[]): NftNat['scope'] {
  const find = (...keys: string[]) => matches.find((m) => keys.includes(m.key)) ?? null;
  return { iifname: find('iifname', 'iif'), oifname: find('oifname', 'oif'), saddr: find('ip saddr', 'ip6 saddr'), daddr: find('ip daddr', 'ip6 daddr') };
}

export interface Ctx {
  tables: NftTable[];
  warnings: string[];
}

export function tableFor(ctx: Ctx, family: string, name: string): NftTable {
  let t = ctx.tables.find((x) => x.family === family && x.name === name);
  if (!t) {
    t = { family, name, handle: null, chains: [], sets: [] };
    ctx.tables.push(t);
  }
  return t;
}
