// Why: one side only (site B's gateway cannot be logged into): gates 3 and 4 inferred from what site A's tunnel sends and gets back, each verdict marked inferred.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Gate, type Verdict } from '../types.js';
import type { CounterDelta, Evidence } from '../../engine/analyze.js';
import { oneSided } from '../../incident/reach.js';
import { pairOutcome, pairProtocol } from '../../engine/ground-truth.js';
import { note } from '../fix.js';
import { seen, tunnelIf, tunnelType } from './common.js';

const TITLE = "from site A alone: do the pair's packets leave encrypted, and does anything come back";

function counterLine(ev: Evidence, c: CounterDelta): EvidenceLine {
  const what = tunnelType(ev) === 'wireguard' ? 'WireGuard transfer to the peer' : 'child SA bytes';
  const v = c.vpn ? `${what}: out +${c.vpn.txBytes} B, in +${c.vpn.rxBytes} B` : `${what} not read`;
  const t = c.tunnel ? `; ${tunnelIf(ev, 'gwA') ?? 'tunnel'} TX +${c.tunnel.txPackets} packets, RX +${c.tunnel.rxPackets} packets` : '';
  return { host: c.host, command: c.command, line: `${v}${t} (${c.samples} samples)` };
}

/** The outer packets gwA's WAN capture saw to and from the peer, when the run captured them. */
function outerLines(ev: Evidence): { out: number; back: number; lines: EvidenceLine[]; from: string[] } | null {
  const o = ev.outer;
  if (!o) return null;
  return { out: o.toPeer, back: o.fromPeer, from: o.fromAddresses, lines: [o.firstOut, o.firstBack].filter((x): x is EvidenceLine => x !== null) };
}

function vendorWords(ev: Evidence): string {
  const b = ev.incident.sites.b;
  return `${b.name}'s gateway${b.gateway.vendor && b.gateway.vendor !== 'other' ? ` (${b.gateway.vendor})` : ''}${b.gateway.wan_address ? ` at ${b.gateway.wan_address}` : ''}`;
}

/** What site A saw of the pair going into and coming out of its tunnel. */
function sideA(ev: Evidence) {
  const proto = pairProtocol(ev.incident);
  const tun = seen(ev, 'tunA');
  const lan = seen(ev, 'lanA');
  const c = (s: typeof tun) => (s ? (s.byProto?.[proto] ?? s) : null);
  return { tun: c(tun), lan: c(lan), tunS: tun, lanS: lan, counters: ev.counters.gwA ?? null };
}

function make(gate: Exclude<Gate, 'mtu' | 1 | 2>, ev: Evidence): Verdict {
  const id = `gate${gate}.one-sided`;
  const base = { check: id, gate, inferred: true } as const;
  const pair = pairOutcome(ev);
  const proto = pairProtocol(ev.incident);
  const a = sideA(ev);
  const far = vendorWords(ev);
  const evidence: EvidenceLine[] = [...pair.evidence];
  if (a.counters) evidence.push(counterLine(ev, a.counters));
  const outer = outerLines(ev);
  if (outer) evidence.push(...outer.lines);
  if (!a.tun || !a.tunS) {
    return verdict({ ...base, status: 'UNKNOWN', finding: `site A's tunnel was not captured, so nothing can be inferred about ${far} from here.`, evidence, missing: ["a capture on site A's tunnel interface (tunnel.interface in the incident)"] });
  }
  if (a.tun.requests === 0) {
    return verdict({ ...base, status: 'UNKNOWN', finding: `the pair never entered site A's tunnel, so ${far} was never asked: fix the earlier gates first.`, evidence, missing: ["the pair's packets on site A's tunnel"] });
  }
  if (a.tunS.firstRequest) evidence.push({ host: a.tunS.host, command: a.tunS.command, line: a.tunS.firstRequest });
  const backInTunnel = a.tun.replies > 0;
  const vpnIn = a.counters?.vpn ? a.counters.vpn.rxBytes : null;
  const vpnOut = a.counters?.vpn ? a.counters.vpn.txBytes : null;
  if (pair.status === 'works' && backInTunnel) {
    if (a.tunS.firstReply) evidence.push({ host: a.tunS.host, command: a.tunS.command, line: a.tunS.firstReply });
    const what = gate === 3 ? `${far} accepted the pair's packets from the tunnel` : `${far} delivered them and its reply came back through the tunnel`;
    return verdict({ ...base, status: 'PASS', finding: `inferred from site A: ${what}: the pair works and its replies arrive on site A's tunnel.`, evidence });
  }
  if (!backInTunnel) {
    if (gate === 3) {
      return verdict({
        ...base,
        status: 'UNKNOWN',
        finding: `inferred from site A: the pair's packets leave site A's tunnel${vpnOut !== null ? ` (+${vpnOut} B encrypted)` : ''} and nothing comes back; whether ${far} accepts them (its selectors or AllowedIPs, its SA) cannot be seen from here. See gate 4.`,
        evidence,
        missing: [`${far}: its SA counters and inbound policy for site A's prefixes (ask the far side; the report's "For the other side" section lists what to ask)`],
      });
    }
    const silent = vpnIn === 0 || vpnIn === null ? 'no encrypted byte came back' : `${vpnIn} B came back encrypted but no reply of the pair left the tunnel`;
    // A tcp pair whose echo replies do come back: the far side answers ICMP and not the port; say both.
    const icmpBack = proto === 'tcp' ? (a.tunS.byProto?.icmp.replies ?? 0) : 0;
    const port = ev.incident.pair.port;
    const finding =
      icmpBack > 0
        ? `inferred from site A: the pair's TCP packets to port ${port} leave encrypted for ${far}${vpnOut !== null ? ` (+${vpnOut} B)` : ''} and get no reply, while ${icmpBack} ICMP echo repl${icmpBack === 1 ? 'y' : 'ies'} came back through the tunnel. The tunnel carries traffic both ways; the far side passes ICMP and drops tcp/${port} (its firewall, the destination host's own filter, selectors narrowed to a protocol) or the service does not answer; only the far side can tell which.`
        : `inferred from site A: the pair's packets leave encrypted for ${far}${vpnOut !== null ? ` (+${vpnOut} B)` : ''}, and ${silent}. The far side drops them (its inbound policy, selectors or AllowedIPs, its firewall) or its reply does not return into the tunnel (a missing return route); only the far side can tell which.`;
    const firstEcho = icmpBack > 0 ? a.tunS.byProto?.icmp.firstReply : null;
    if (firstEcho) evidence.push({ host: a.tunS.host, command: a.tunS.command, line: firstEcho });
    return verdict({
      ...base,
      status: 'FAIL',
      cause: 'peer-no-reply',
      side: 'b',
      finding,
      evidence,
      fix: [note(`ask the owner of ${far}: do they see our encrypted packets arrive, decrypt them, and send the replies back into the tunnel? (report --for-peer)`)],
    });
  }
  // Replies came back decrypted on site A's tunnel: whatever loses them now is on site A.
  if (gate === 3) {
    if (a.tunS.firstReply) evidence.push({ host: a.tunS.host, command: a.tunS.command, line: a.tunS.firstReply });
    return verdict({ ...base, status: 'PASS', finding: `inferred from site A: ${far} accepts the pair's packets: its replies come back decrypted on site A's tunnel.`, evidence });
  }
  const atLan = a.lan ? a.lan.replies : null;
  if (atLan === 0 || pair.status === 'fails') {
    if (a.tunS.firstReply) evidence.push({ host: a.tunS.host, command: a.tunS.command, line: a.tunS.firstReply });
    return verdict({
      ...base,
      status: 'FAIL',
      cause: 'reply-lost-on-a',
      side: 'a',
      finding: `the replies come back decrypted on site A's tunnel${atLan === 0 ? ' but never leave site A\'s LAN interface' : ''}, and the pair fails: site A loses them (rp_filter, its forward chain, a route for the reply); ${far} did its part.`,
      evidence,
    });
  }
  return verdict({ ...base, status: 'UNKNOWN', finding: `inferred from site A: replies come back on the tunnel; the pair ${pair.status}.`, evidence, missing: [] });
}

function oneSidedCheck(gate: 3 | 4): Check {
  return {
    id: `gate${gate}.one-sided`,
    gate,
    title: TITLE,
    applies: (inc) => oneSided(inc),
    run: (ev) => make(gate, ev),
  };
}

export const oneSided3 = oneSidedCheck(3);
export const oneSided4 = oneSidedCheck(4);
