// Why: live proof for gate 3: while the test ran, did gwA hand packets to the tunnel, encrypt them, and did gwB decrypt and deliver them?

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import type { CounterDelta, Evidence } from '../../engine/analyze.js';
import type { ConntrackFacts } from '../../parsers/firewall/conntrack.js';
import { sightingLine } from '../common.js';
import { seen, tunnelIf, tunnelType, type Gw } from './common.js';

const ID = 'gate3.counters';
const GATE = 3 as const;
const TITLE = 'tunnel and encryption counters on both gateways moved while the test traffic ran';

function counterLine(ev: Evidence, gw: Gw, c: CounterDelta): EvidenceLine {
  const dev = tunnelIf(ev, gw) ?? 'tunnel';
  const t = c.tunnel ? `${dev} TX +${c.tunnel.txPackets} packets (+${c.tunnel.txBytes} B), RX +${c.tunnel.rxPackets} packets (+${c.tunnel.rxBytes} B)` : `${dev} counters not read`;
  const what = tunnelType(ev) === 'wireguard' ? 'WireGuard transfer' : 'child SA bytes';
  const v = c.vpn ? `${what} out +${c.vpn.txBytes} B, in +${c.vpn.rxBytes} B` : `${what} not read`;
  return { host: c.host, command: c.command, line: `${t}; ${v} (${c.samples} samples)` };
}

/** gwA's conntrack entry for the pair with a NATed reply tuple, when there is one: it explains a silent receiver. */
function natOnA(ev: Evidence): EvidenceLine | null {
  const ct = ev.conntrackEvents.gwA ?? null;
  const p = ct?.parsed;
  if (!ct || !p || !p.ok) return null;
  const facts = p.value as ConntrackFacts;
  const { source, destination } = ev.incident.pair;
  const e = facts.entries.find((x) => x.original.src === source && x.original.dst === destination && x.snat);
  if (!e) return null;
  const text = ct.stdout.split('\n')[e.line - 1]?.trim() ?? '';
  return { host: ct.host, command: ct.command, line: text };
}

function run(ev: Evidence): Verdict {
  const a = ev.counters.gwA;
  const b = ev.counters.gwB;
  const tunA = seen(ev, 'tunA');
  if (!a || !a.tunnel) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "gwA's tunnel counters were not sampled during the test, so there is no live proof either way.", missing: ['counter samples of gwA\'s tunnel interface during the test traffic'] });
  }
  const evidence: EvidenceLine[] = [counterLine(ev, 'gwA', a), ...(b ? [counterLine(ev, 'gwB', b)] : [])];
  const dev = tunnelIf(ev, 'gwA') ?? 'the tunnel';
  const reachedTun = a.tunnel.txPackets > 0 || (tunA?.requests ?? 0) > 0;
  if (!reachedTun) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'UNKNOWN',
      finding: `The test packet never reached gwA's ${dev} (TX +0 packets${tunA ? ', nothing captured on it' : ''}): gate 3 cannot be judged until gate 2 passes.`,
      evidence,
      missing: [`the test packet on gwA's ${dev}`],
    });
  }
  if (tunA?.firstRequest) evidence.push(sightingLine(tunA, tunA.firstRequest));
  const isWg = tunnelType(ev) === 'wireguard';
  if (!a.vpn) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gwA's ${dev} sent ${a.tunnel.txPackets} packets, but the ${isWg ? 'WireGuard transfer' : 'child SA byte'} counters were not read.`, evidence, missing: ['encryption counters on gwA during the test'] });
  }
  const nat = natOnA(ev);
  if (a.vpn.txBytes === 0 && nat) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      finding: `TX moves, encryption flat: gwA's ${dev} took ${a.tunnel.txPackets} packets but ${isWg ? 'WireGuard sent nothing' : 'no child SA counted a byte out'}, because gwA rewrote the source by NAT (a gate 2 fault) and the rewritten packet matches no ${isWg ? "peer's AllowedIPs" : 'selectors'}.`,
      evidence: [...evidence, nat],
    });
  }
  if (a.vpn.txBytes === 0) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      cause: isWg ? 'allowed-ips' : 'no-sa',
      side: 'a',
      finding: `TX moves, encryption flat: gwA's ${dev} took ${a.tunnel.txPackets} packets but ${isWg ? 'WireGuard sent nothing to the peer' : 'no child SA counted a byte out'}; the packet matches no ${isWg ? "peer's AllowedIPs" : 'installed selectors'} (supporting evidence; ${isWg ? 'gate3.allowed-ips' : 'gate3.selectors'} decides).`,
      evidence,
    });
  }
  if (!b || !b.vpn) {
    return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `gwA encrypted the traffic (${dev} TX +${a.tunnel.txPackets} packets, +${a.vpn.txBytes} B out); gwB's counters were not read.`, evidence, missing: ['counter samples on gwB'] });
  }
  if (b.vpn.rxBytes === 0) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      finding: `gwA encrypted ${a.vpn.txBytes} B but gwB's ${isWg ? 'WireGuard transfer' : 'child SA'} received nothing: the encrypted packets are lost between the WANs, or gwB does not have the matching ${isWg ? 'peer' : 'SA'}.`,
      evidence,
    });
  }
  const bDev = tunnelIf(ev, 'gwB') ?? 'the tunnel';
  if (b.tunnel && b.tunnel.rxPackets === 0) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'WARN',
      finding: `gwB received ${b.vpn.rxBytes} encrypted B but its ${bDev} delivered no packet: gwB rejects the inner packet${nat ? `, whose source gwA rewrote by NAT (a gate 2 fault)` : ` (its ${isWg ? "peer's AllowedIPs" : 'selectors'} do not cover the inner source)`}.`,
      evidence: nat ? [...evidence, nat] : evidence,
    });
  }
  const tunB = seen(ev, 'tunB');
  if (tunB?.firstRequest) evidence.push(sightingLine(tunB, tunB.firstRequest));
  return verdict({
    check: ID,
    gate: GATE,
    status: 'PASS',
    finding: `The tunnel carried the test traffic: gwA's ${dev} TX +${a.tunnel.txPackets} packets and ${a.vpn.txBytes} B encrypted; gwB received ${b.vpn.rxBytes} B${b.tunnel ? ` and its ${bDev} RX +${b.tunnel.rxPackets} packets` : ''}.`,
    evidence,
  });
}

export const counters: Check = { id: ID, gate: GATE, title: TITLE, run };
