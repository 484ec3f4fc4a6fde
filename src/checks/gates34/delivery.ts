// Why: the decrypted packet reaching site B's LAN is only half of gate 4: the destination host itself has to answer.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmdWhy, note } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import { quote, read, sightingLine } from '../common.js';
import { compact, seen, siteOf, tunnelIf } from './common.js';
import { atB } from './remote.js';
import { echoSeen, pairSeen } from '../pair-sighting.js';

const ID = 'gate4.delivery';
const GATE = 4 as const;
const TITLE = "the destination answers on site B's LAN (request and reply captured on gwB's LAN interface)";

/** An ICMP unreachable about the pair seen anywhere on the way back: gwB could not hand the packet to the destination. */
function unreachableFromB(ev: Evidence): EvidenceLine | null {
  for (const p of ['tunB', 'tunA', 'lanA'] as const) {
    const s = seen(ev, p);
    if (s?.firstIcmpError && /unreachable/i.test(s.firstIcmpError) && !/need to frag|frag/i.test(s.firstIcmpError)) return sightingLine(s, s.firstIcmpError);
  }
  return null;
}

function hostBRoute(ev: Evidence): EvidenceLine | null {
  const r = read<RouteGet>(ev, 'hostB.route-get');
  if (!r.ok || r.value.kind !== 'route') return null;
  const v = r.value;
  return quote(r.probe, compact({ dst: v.dst, ...(v.via ? { gateway: v.via } : {}), dev: v.dev, ...(v.src ? { prefsrc: v.src } : {}) }));
}

function run(ev: Evidence): Verdict {
  const { source, destination } = ev.incident.pair;
  const lanB = pairSeen(ev, 'lanB');
  const lanIf = siteOf(ev, 'gwB').gateway.lan_interface;
  const tun = tunnelIf(ev, 'gwB') ?? 'the tunnel';
  if (!lanB) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `There is no capture of gwB's ${lanIf}, so delivery to ${destination} is unproven.`, missing: [`a capture on gwB's ${lanIf} while the test traffic ran`] });
  }
  const b = atB(ev);
  if (b.onLan && b.answered) {
    return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `${destination} received the test packet on site B's LAN and answered it.`, evidence: b.evidence });
  }
  const route = hostBRoute(ev);
  const hostFix = [
    cmdWhy('from gwB: is the host up at all?', 'ping', '-c', '3', destination),
    note(`on ${destination}: check its firewall (nft list ruleset / iptables -S) and that its route to ${source} points at gwB`),
  ];
  const echo = echoSeen(ev, 'lanB');
  if (b.onLan && echo && echo.replies > 0) {
    // The host is up and answers ping on the same LAN; only the port goes unanswered: its own firewall (or a hung service).
    const { port } = ev.incident.pair;
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'host-firewall', side: 'b',
      finding: `gwB put the TCP SYN for port ${port} on ${lanIf} (${lanB.requests} captured) and ${destination} sent no SYN-ACK, while it answered the ICMP echo on the same LAN (${echo.replies} replies): ${destination} is up, and its own firewall drops port ${port} (or the service there hangs).`,
      evidence: [...b.evidence, ...(echo.firstReply ? [sightingLine(lanB, echo.firstReply)] : []), ...(route ? [route] : [])],
      fix: [
        note(`on ${destination}: list its firewall (nft list ruleset; iptables -S INPUT) and accept tcp dport ${port} from ${ev.incident.sites.a.lan.join(', ')}`),
        note(`on ${destination}: check that the service listens on port ${port} (ss -ltn)`),
      ],
    });
  }
  if (b.onLan) {
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'destination-unreachable', side: 'b',
      finding: `gwB put the decrypted packet on ${lanIf} (${lanB.requests} requests captured), but ${destination} never answered: the destination host is down, firewalled, or replies elsewhere.`,
      evidence: [...b.evidence, ...(route ? [route] : [])], fix: hostFix,
    });
  }
  const unreach = unreachableFromB(ev);
  if (b.reachedTunnel && unreach) {
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'destination-unreachable', side: 'b',
      finding: `The packet came out of gwB's ${tun}, but gwB could not hand it to ${destination} on ${lanIf} and answered with an ICMP unreachable.`,
      evidence: [...b.evidence, unreach], fix: hostFix,
    });
  }
  if (b.reachedTunnel) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `The packet came out of gwB's ${tun} but was never seen on ${lanIf}: it stops inside gwB (gate4.remote-forward and gate4.remote-nat look at why), so the destination was never asked.`, evidence: b.evidence, missing: [`the test packet on gwB's ${lanIf}`] });
  }
  return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `The test packet never reached gwB's ${lanIf}: delivery cannot be judged until the earlier gates pass.`, missing: [`the test packet on gwB's ${lanIf}`] });
}

export const delivery: Check = { id: ID, gate: GATE, title: TITLE, run };
