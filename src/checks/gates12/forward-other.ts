// Why: a forward chain that passes the pair may still drop other ports of the same LAN -> tunnel traffic; that is worth a WARN, never a FAIL.

import type { NftChain, NftRule, NftTable } from '../../parsers/firewall/nft-ruleset.js';
import { baseChains, walkBase, type NftPacket } from '../nft-eval.js';

export interface OtherDrop {
  table: NftTable;
  chain: NftChain;
  rule: NftRule;
  outcome: 'drop' | 'reject';
  /** "a new tcp/22 connection" */
  what: string;
}

const PORT_KEYS = new Set(['tcp dport', 'th dport']);

/** Numeric TCP ports named by the chain's dropping rules (single ports, sets and ranges' first port). */
function droppedPorts(chains: ReturnType<typeof baseChains>): number[] {
  const ports = new Set<number>();
  const visit = (c: NftChain) => {
    for (const r of c.rules) {
      if (r.verdict !== 'drop' && r.verdict !== 'reject') continue;
      for (const m of r.matches) {
        if (!PORT_KEYS.has(m.key) || m.op !== '==') continue;
        for (const el of m.value.replace(/[{}]/g, '').split(',')) {
          const n = /^\s*(\d{1,5})(?:-\d{1,5})?\s*$/.exec(el);
          if (n) ports.add(Number(n[1]));
        }
      }
    }
  };
  for (const { table, chain } of chains) {
    visit(chain);
    // Chains reached by jump or goto from this table.
    for (const c of table.chains) if (c !== chain && c.hook === null) visit(c);
  }
  return [...ports].sort((a, b) => a - b);
}

/** The first other TCP port the forward chains drop for the pair's addresses and interfaces, or null. */
export function otherDrops(chains: ReturnType<typeof baseChains>, pkt: NftPacket): OtherDrop | null {
  for (const port of droppedPorts(chains)) {
    if (pkt.proto === 'tcp' && port === pkt.dport) continue;
    const p: NftPacket = { ...pkt, proto: 'tcp', dport: port, ct: 'new' };
    for (const { table, chain } of chains) {
      const w = walkBase(table, chain, p);
      if ((w.outcome === 'drop' || w.outcome === 'reject') && w.rule && w.uncertain.length === 0) {
        return { table, chain: w.chain, rule: w.rule, outcome: w.outcome, what: `a new tcp/${port} connection ${pkt.saddr} -> ${pkt.daddr}` };
      }
    }
  }
  return null;
}
