// Why: gate 3 starts with the control plane: a WireGuard peer that has completed a handshake, or an ESTABLISHED IKE SA.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, note, type FixLine } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { WgDump } from '../../parsers/vpn/wg-dump.js';
import type { SwanctlSas } from '../../parsers/vpn/swanctl-list-sas.js';
import { findLine, quote, read } from '../common.js';
import { siteOf, tunnelIf, tunnelType, plural, sideOf, type Gw } from './common.js';
import { ikeSaOf, wgPeer, wgPeerLine, wgSafe } from './vpn.js';

const ID = 'gate3.tunnel-up';
const GATE = 3 as const;
const TITLE = 'the tunnel is up: a WireGuard handshake, or an ESTABLISHED IKE SA, on both gateways';

type SideState = { gw: Gw; state: 'up' | 'down' | 'unknown'; evidence: EvidenceLine[]; note: string; fix: FixLine[]; missing: string[] };

function wireguard(ev: Evidence, gw: Gw): SideState {
  const r = read<WgDump>(ev, `${gw}.wg`);
  const dev = tunnelIf(ev, gw) ?? 'wg0';
  if (!r.ok) return { gw, state: 'unknown', evidence: [], note: `${gw}'s WireGuard state was not read`, fix: [], missing: [r.missing] };
  const peer = wgPeer(ev, gw, r.value);
  if (!peer) {
    const key = siteOf(ev, gw).tunnel.peer;
    const count = r.value.interfaces.reduce((n, i) => n + i.peers.length, 0);
    const head = wgSafe(r.probe.stdout.split('\n')[0]?.trim() ?? '');
    if (count > 0) {
      // Peers exist, none recognisably the remote site's: do not guess which one should be up.
      return { gw, state: 'unknown', evidence: [quote(r.probe, head)], note: `${gw}'s ${dev} has ${plural(count, 'peer')}, none of them ${key ? `with key ${key}` : 'recognisably site ' + (gw === 'gwA' ? 'B' : 'A')}`, fix: [], missing: [`${gw}.wg: which peer is the remote gateway (sites.${gw === 'gwA' ? 'a' : 'b'}.tunnel.peer)`] };
    }
    return {
      gw,
      state: 'down',
      evidence: [quote(r.probe, head)],
      note: `${gw}'s ${dev} has no peer at all`,
      fix: [note(`add the remote gateway as a peer: wg set ${dev} peer <remote public key> endpoint <remote WAN address>:51820 allowed-ips ${siteOf(ev, gw === 'gwA' ? 'gwB' : 'gwA').lan.join(',')}`)],
      missing: [],
    };
  }
  const ev1 = quote(r.probe, wgPeerLine(r.probe, peer));
  if (peer.latestHandshake === null) {
    return {
      gw,
      state: 'down',
      evidence: [ev1],
      note: `${gw}'s peer ${peer.publicKey.slice(0, 8)}... on ${dev} has never completed a handshake (latest-handshake 0${peer.endpoint ? `, endpoint ${peer.endpoint}` : ', no endpoint'})`,
      fix: peer.endpoint
        ? [cmd('wg', 'show', dev, 'latest-handshakes'), note(`check that UDP ${peer.endpointPort ?? 51820} reaches ${peer.endpointAddress} and that both sides have each other's public key`)]
        : [note(`give the peer its endpoint: wg set ${dev} peer ${peer.publicKey} endpoint <remote WAN address>:51820`)],
      missing: [],
    };
  }
  const c = ev.counters[gw];
  const moving = c?.vpn ? c.vpn.rxBytes + c.vpn.txBytes > 0 : null;
  return {
    gw,
    state: 'up',
    evidence: [ev1],
    note: `${gw}'s peer has a handshake (epoch ${peer.latestHandshake})${moving === null ? '' : moving ? `, transfer moved ${c!.vpn!.txBytes} B out / ${c!.vpn!.rxBytes} B in during the test` : ', transfer counters flat during the test'}`,
    fix: [],
    missing: [],
  };
}

function strongswan(ev: Evidence, gw: Gw): SideState {
  const id = `${gw}.sas`;
  const r = read<SwanctlSas>(ev, id);
  const p = ev.probes[id];
  if (!r.ok) {
    // No output at all from a successful `swanctl --list-sas` means: no IKE SA.
    if (p && p.exitCode === 0 && !p.stdout.trim() && !p.stderr.trim()) {
      return { gw, state: 'down', evidence: [quote(p, '(no output: no IKE SA)')], note: `${gw} has no IKE SA at all`, fix: [initiateIke(siteOf(ev, gw).tunnel.ike)], missing: [] };
    }
    return { gw, state: 'unknown', evidence: [], note: `${gw}'s IKE state was not read`, fix: [], missing: [r.missing] };
  }
  const ikes = ikeSaOf(ev, gw, r.value);
  const up = ikes.find((s) => s.state === 'ESTABLISHED');
  const head = (name: string) => findLine(r.probe, (l) => l.startsWith(`${name}: `)) ?? name;
  if (up) return { gw, state: 'up', evidence: [quote(r.probe, head(up.name))], note: `${gw}'s IKE SA ${up.name} is ESTABLISHED`, fix: [], missing: [] };
  const name = siteOf(ev, gw).tunnel.ike;
  return {
    gw,
    state: 'down',
    evidence: ikes.length ? ikes.map((s) => quote(r.probe, head(s.name))) : [quote(r.probe, r.probe.stdout.split('\n')[0]?.trim() ?? '')],
    note: ikes.length ? `${gw}'s IKE SA ${ikes[0]!.name} is ${ikes[0]!.state ?? 'in an unknown state'}, not ESTABLISHED` : `${gw} has no IKE SA${name ? ` named ${name}` : ''}`,
    fix: [initiateIke(name)],
    missing: [],
  };
}

/** Bring the IKE SA up; without the connection's name in the incident, a note saying so. */
function initiateIke(name: string | undefined): FixLine {
  return name ? cmd('swanctl', '--initiate', '--ike', name) : note('swanctl --initiate --ike <connection> (sites.*.tunnel.ike names it)');
}

function run(ev: Evidence): Verdict {
  const type = tunnelType(ev);
  if (type !== 'wireguard' && type !== 'strongswan') {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gatewalk reads tunnel state for WireGuard and strongSwan only; this incident's tunnel is ${type}.`, missing: [`a probe of ${type} tunnel state`] });
  }
  const states = (['gwA', 'gwB'] as const).map((gw) => (type === 'wireguard' ? wireguard(ev, gw) : strongswan(ev, gw)));
  const down = states.find((s) => s.state === 'down');
  const evidence = states.flatMap((s) => s.evidence);
  if (down) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'FAIL',
      cause: 'tunnel-down',
      side: sideOf(down.gw),
      finding: `The tunnel is down: ${down.note}.`,
      evidence,
      fix: down.fix,
    });
  }
  const unknown = states.filter((s) => s.state === 'unknown');
  const upStates = states.filter((s) => s.state === 'up');
  if (unknown.length === states.length) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: 'Neither gateway\'s tunnel state could be read.', missing: unknown.flatMap((s) => s.missing) });
  }
  // A handshake is mutual: one side's proof is enough to call the control plane up.
  const finding = `The tunnel is up: ${upStates.map((s) => s.note).join('; ')}${unknown.length ? ` (${plural(unknown.length, 'gateway')} not read: ${unknown.map((s) => s.gw).join(', ')})` : ''}.`;
  return verdict({ check: ID, gate: GATE, status: 'PASS', finding, evidence });
}

export const tunnelUp: Check = { id: ID, gate: GATE, title: TITLE, run };
