// Why: what the live captures say about the packet at gwB (out of the tunnel? onto the LAN? answered?), shared by the gate 4 checks.

import type { Evidence } from '../../engine/analyze.js';
import type { NftRuleset } from '../../parsers/firewall/nft-ruleset.js';
import type { EvidenceLine } from '../types.js';
import { read, sightingLine } from '../common.js';
import { hasLiveCaptures } from './common.js';
import { pairSeen } from '../pair-sighting.js';

export interface AtB {
  /** No capture or counter on gwB at all: only configuration can be judged. */
  live: boolean;
  /** The test packet came out of gwB's tunnel (capture, else tunnel RX counter). */
  reachedTunnel: boolean;
  /** The test packet was seen on gwB's LAN. */
  onLan: boolean;
  /** The destination answered on gwB's LAN. */
  answered: boolean;
  evidence: EvidenceLine[];
}

/** Judged by the pair's own protocol: for a TCP pair, the ping beside it being delivered says nothing about the port. */
export function atB(ev: Evidence): AtB {
  const tunB = pairSeen(ev, 'tunB');
  const lanB = pairSeen(ev, 'lanB');
  const c = ev.counters.gwB;
  const live = hasLiveCaptures(ev) || !!c;
  const reachedTunnel = tunB ? tunB.requests > 0 : (c?.tunnel?.rxPackets ?? 0) > 0;
  const evidence: EvidenceLine[] = [];
  if (tunB?.firstRequest) evidence.push(sightingLine(tunB, tunB.firstRequest));
  else if (!tunB && c?.tunnel) evidence.push({ host: c.host, command: c.command, line: `tunnel RX +${c.tunnel.rxPackets} packets during the test` });
  if (lanB?.firstRequest) evidence.push(sightingLine(lanB, lanB.firstRequest));
  if (lanB?.firstReply) evidence.push(sightingLine(lanB, lanB.firstReply));
  return { live, reachedTunnel: reachedTunnel || (lanB?.requests ?? 0) > 0, onLan: (lanB?.requests ?? 0) > 0, answered: (lanB?.replies ?? 0) > 0, evidence };
}

/** gwB's nft ruleset; an empty listing from a successful `nft list ruleset` is an empty ruleset (everything passes). */
export function rulesetOf(ev: Evidence, gw: 'gwA' | 'gwB'): { ok: true; rs: NftRuleset; probe: { host: string; command: string } } | { ok: false; missing: string } {
  const r = read<NftRuleset>(ev, `${gw}.ruleset`);
  if (r.ok) return { ok: true, rs: r.value, probe: r.probe };
  const p = ev.probes[`${gw}.ruleset`];
  if (p && p.exitCode === 0 && !p.stdout.trim()) {
    return { ok: true, rs: { format: 'text', version: null, tables: [], natRules: [], mssClamps: [] }, probe: p };
  }
  return { ok: false, missing: r.missing };
}
