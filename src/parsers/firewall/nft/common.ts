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

/** Indexes NAT rules and MSS clamps across all tables, with where each one sits. */
export function finish(format: 'text' | 'json', version: string | null, tables: NftTable[]): NftRuleset {
  const natRules: NftRuleset['natRules'] = [];
  const mssClamps: NftRuleset['mssClamps'] = [];
  for (const t of tables) {
    for (const c of t.chains) {
      c.rules.forEach((r, index) => {
        const ref: NftRuleRef = { family: t.family, table: t.name, chain: c.name, hook: c.hook, index, handle: r.handle, text: r.text, counter: r.counter };
        if (r.nat) natRules.push({ ...ref, nat: r.nat });
        if (r.mss) mssClamps.push({ ...ref, mss: r.mss });
      });
    }
  }
  return { format, version, tables, natRules, mssClamps };
}

export function emptyRule(text: string, line: number | null): NftRule {
  return { text, line, handle: null, counter: null, verdict: null, target: null, matches: [], nat: null, mss: null, comment: null, xt: [] };
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
