// Why: WireGuard encrypts only what the peer's AllowedIPs cover and accepts only sources they cover: both peers must mirror the test pair.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, note } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { WgDump, WgDumpPeer } from '../../parsers/vpn/wg-dump.js';
import { anyCovers, covers, quote, read } from '../common.js';
import { overlapNote, siteOf, tunnelIf, tunnelType, localRemote, sideOf, otherGw, type Gw } from './common.js';
import { wgPeer, wgPeerLine } from './vpn.js';

const ID = 'gate3.allowed-ips';
const GATE = 3 as const;
const TITLE = "WireGuard AllowedIPs: gwA's peer covers the destination, gwB's peer covers the source";

interface SideResult {
  gw: Gw;
  ok: boolean | null;
  peer: WgDumpPeer | null;
  evidence: EvidenceLine[];
  /** Prefixes the peer's AllowedIPs should hold but do not. */
  lacking: string[];
  missing: string[];
}

function side(ev: Evidence, gw: Gw): SideResult {
  const r = read<WgDump>(ev, `${gw}.wg`);
  if (!r.ok) return { gw, ok: null, peer: null, evidence: [], lacking: [], missing: [r.missing] };
  const peer = wgPeer(ev, gw, r.value);
  if (!peer) return { gw, ok: null, peer: null, evidence: [], lacking: [], missing: [`${gw}.wg: no peer for the remote site on ${tunnelIf(ev, gw) ?? 'the tunnel'} (gate3.tunnel-up says more)`] };
  const { remote } = localRemote(ev, gw);
  // The remote host itself must be covered; the remote site's LANs should be, for everything else behind it.
  const wanted = [remote, ...siteOf(ev, otherGw(gw)).lan];
  const lacking = wanted.filter((w) => !anyCovers(peer.allowedIps, w));
  // A missing host is reported through its LAN prefix when that is missing too (the prefix is what to add).
  const lan = siteOf(ev, otherGw(gw)).lan.find((l) => covers(l, remote));
  const shown = lacking.includes(remote) && lan && lacking.includes(lan) ? lacking.filter((x) => x !== remote) : lacking.map((x) => (x === remote ? `${x}/32` : x));
  return { gw, ok: !lacking.includes(remote), peer, evidence: [quote(r.probe, wgPeerLine(r.probe, peer))], lacking: shown, missing: [] };
}

function liveTxWithoutEncryption(ev: Evidence, gw: Gw): EvidenceLine | null {
  const c = ev.counters[gw];
  if (!c?.tunnel || !c.vpn) return null;
  if (c.tunnel.txPackets > 0 && c.vpn.txBytes === 0) {
    return { host: c.host, command: c.command, line: `${tunnelIf(ev, gw) ?? 'tunnel'} TX +${c.tunnel.txPackets} packets, WireGuard transfer sent +${c.vpn.txBytes} B during the test` };
  }
  return null;
}

function run(ev: Evidence): Verdict {
  if (tunnelType(ev) !== 'wireguard') {
    return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `Not a WireGuard tunnel (${tunnelType(ev)}): AllowedIPs do not apply; gate3.selectors checks the equivalent.` });
  }
  const overlap = overlapNote(ev);
  if (overlap) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `The AllowedIPs cannot be judged for this pair: ${overlap}; fix the addressing first.`, missing: ['a test pair whose addresses belong to distinct sites'] });
  }
  const results = (['gwA', 'gwB'] as const).map((gw) => side(ev, gw));
  const evidence = results.flatMap((r) => r.evidence);
  const bad = results.find((r) => r.ok === false);
  if (bad && bad.peer) {
    const dev = tunnelIf(ev, bad.gw) ?? 'wg0';
    const { remote } = localRemote(ev, bad.gw);
    const live = liveTxWithoutEncryption(ev, bad.gw);
    const newList = [...bad.peer.allowedIps, ...bad.lacking].join(',');
    const what = bad.gw === 'gwA' ? 'destination' : 'source';
    return verdict({
      check: ID,
      gate: GATE,
      status: 'FAIL',
      cause: 'allowed-ips',
      side: sideOf(bad.gw),
      finding: `${bad.gw}'s WireGuard peer on ${dev} has AllowedIPs ${bad.peer.allowedIps.join(', ') || '(none)'}, which do not cover the ${what} ${remote}: ${bad.gw === 'gwA' ? 'packets routed into wg0 are dropped unencrypted' : 'gwB drops the decrypted packets as coming from a source the peer may not use'}${live ? ' (the tunnel interface sent packets while WireGuard encrypted nothing)' : ''}.`,
      evidence: [...evidence, ...(live ? [live] : [])],
      // `wg set ... allowed-ips` replaces the list: keep what is there and add the missing prefixes.
      fix: [cmd('wg', 'set', dev, 'peer', bad.peer.publicKey, 'allowed-ips', newList), note(`and persist it: AllowedIPs = ${newList} in the [Peer] section of ${dev}.conf`)],
    });
  }
  const unknown = results.filter((r) => r.ok === null);
  if (unknown.length === results.length) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "Neither gateway's WireGuard peers could be read.", missing: unknown.flatMap((r) => r.missing) });
  }
  // The host is covered; is the rest of the remote LAN?
  const partial = results.find((r) => r.ok && r.lacking.length);
  const liveA = liveTxWithoutEncryption(ev, 'gwA');
  if (liveA) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      finding: `The configured AllowedIPs cover the test pair, yet during the test gwA's ${tunnelIf(ev, 'gwA') ?? 'tunnel'} sent packets while WireGuard encrypted nothing: configuration and counters disagree (was the peer changed during the test?).`,
      evidence: [...evidence, liveA],
      missing: unknown.flatMap((r) => r.missing),
    });
  }
  if (unknown.length) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'UNKNOWN',
      finding: `${results.filter((r) => r.ok).map((r) => `${r.gw}'s peer covers the ${r.gw === 'gwA' ? 'destination' : 'source'}`).join('; ')}; ${unknown.map((u) => u.gw).join(' and ')} not read, so the mirror is unproven.`,
      evidence,
      missing: unknown.flatMap((r) => r.missing),
    });
  }
  if (partial && partial.peer) {
    const dev = tunnelIf(ev, partial.gw) ?? 'wg0';
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      finding: `The test pair is covered, but ${partial.gw}'s peer AllowedIPs (${partial.peer.allowedIps.join(', ')}) lack ${partial.lacking.join(', ')} of the remote site: other hosts there will not get through.`,
      evidence,
      fix: [cmd('wg', 'set', dev, 'peer', partial.peer.publicKey, 'allowed-ips', [...partial.peer.allowedIps, ...partial.lacking].join(','))],
    });
  }
  return verdict({
    check: ID,
    gate: GATE,
    status: 'PASS',
    finding: `AllowedIPs mirror each other: gwA's peer covers ${ev.incident.pair.destination} (${results[0]!.peer!.allowedIps.join(', ')}), gwB's peer covers ${ev.incident.pair.source} (${results[1]!.peer!.allowedIps.join(', ')}).`,
    evidence,
  });
}

export const allowedIps: Check = { id: ID, gate: GATE, title: TITLE, run };
