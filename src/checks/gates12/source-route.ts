// Why: gate 1: the source host must hand the test packet to site A's VPN gateway; a wrong next hop or an on-link destination never reaches it.

import type { Evidence } from '../../engine/analyze.js';
import type { AddressList } from '../../parsers/iproute/ip-addr.js';
import { addressesOf } from '../../parsers/iproute/ip-addr.js';
import type { NeighbourTable } from '../../parsers/iproute/ip-neigh.js';
import { unresolved } from '../../parsers/iproute/ip-neigh.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { RouteTable } from '../../parsers/iproute/ip-route-show.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, note, type FixLine } from '../fix.js';
import { covers, networkOf, quote, read, sightingLine, v4 } from '../common.js';
import { addrLine, incidentLine, jsonExcerpt, localLans, remoteLans, routeGetLine, trafficSent } from './common.js';

const ID = 'gate1.source-route';
const GATE = 1;

/** The addresses of gwA's LAN interface, or null when gwA.addrs is missing. */
export function gatewayLanAddresses(ev: Evidence): { addrs: string[]; evidence: EvidenceLine[] } | null {
  const lanIf = ev.incident.sites.a.gateway.lan_interface;
  const g = read<AddressList>(ev, 'gwA.addrs');
  if (g.ok) {
    const mine = addressesOf(g.value).filter((a) => a.ifname === lanIf);
    return { addrs: mine.map((a) => a.local), evidence: mine.slice(0, 1).map((a) => quote(g.probe, addrLine(g.probe, lanIf, a.local))) };
  }
  // Without the address list, the local table names the gateway's own addresses ("local 10.20.0.1 dev lan0").
  const rt = read<RouteTable>(ev, 'gwA.routes');
  if (!rt.ok) return null;
  const locals = rt.value.routes.filter((r) => r.type === 'local' && r.dev === lanIf && v4(r.dst) !== null);
  if (!locals.length) return null;
  return {
    addrs: locals.map((r) => r.dst),
    evidence: locals.slice(0, 1).map((r) => quote(rt.probe, jsonExcerpt(rt.probe, (o) => o.type === 'local' && o.dst === r.dst && o.dev === lanIf) ?? `local ${r.dst} dev ${lanIf}`)),
  };
}

function missingOf(ev: Evidence, id: string): string {
  const g = read(ev, id);
  return g.ok ? `${id}: present` : g.missing;
}

/** Judge by the live capture alone: the packet on gwA's LAN side means the host sent it to the gateway. */
function byLiveEvidence(ev: Evidence, missing: string[]): Verdict {
  const lan = ev.sightings.lanA;
  if (lan && lan.requests > 0) {
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `No routing answer from the source host, but gwA's ${ev.incident.sites.a.gateway.lan_interface} saw ${lan.requests} packets of the test flow toward ${ev.incident.pair.destination}: the host does send to the gateway.`,
      evidence: [sightingLine(lan)],
    });
  }
  const why = lan ? `and gwA's LAN capture saw no packet of the test flow` : 'and there is no capture on gwA\'s LAN';
  return verdict({
    check: ID, gate: GATE, status: 'UNKNOWN',
    finding: `Cannot tell which router the source host uses for ${ev.incident.pair.destination}: its routing answer is missing ${why}.`,
    evidence: lan ? [sightingLine(lan)] : [],
    missing: [...missing, ...(lan ? [] : ['gwA.tcpdump-lan: not captured'])],
  });
}

function run(ev: Evidence): Verdict {
  const dst = ev.incident.pair.destination;
  const rg = read<RouteGet>(ev, 'hostA.route-get');
  if (!rg.ok) return byLiveEvidence(ev, [ev.incident.sites.a.host ? rg.missing : 'hostA.route-get: the incident names no host for site A (sites.a.host)']);
  const r = rg.value;
  const routeLine = quote(rg.probe, routeGetLine(rg.probe));
  const gw = gatewayLanAddresses(ev);
  const gwAddr = gw?.addrs[0] ?? null;
  const lanLive = ev.sightings.lanA;
  const neigh = read<NeighbourTable>(ev, 'hostA.neigh');
  const neighEvidence = (addr: string): { line: EvidenceLine; dead: boolean } | null => {
    if (!neigh.ok) return null;
    const e = neigh.value.neighbours.find((n) => n.dst === addr);
    if (!e) return null;
    const line = jsonExcerpt(neigh.probe, (o) => o.dst === addr) ?? `${addr} ${e.state.join(',')}`;
    return { line: quote(neigh.probe, line), dead: unresolved(e) };
  };
  const routeFix = (dev: string | undefined): FixLine[] =>
    remoteLans(ev).map((l) =>
      gwAddr ? cmd('ip', 'route', 'replace', l, 'via', gwAddr, ...(dev ? ['dev', dev] : [])) : note(`on hostA: ip route replace ${l} via <gwA LAN address>${dev ? ` dev ${dev}` : ''}`),
    );

  if (r.kind === 'unroutable') {
    if (lanLive && lanLive.requests > 0) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'wrong-gateway', side: 'a',
        finding: `hostA's kernel refuses a route to ${dst} ("${r.message}"), yet gwA's LAN saw the test flow: the configuration and the capture disagree (did the route change while testing?).`,
        evidence: [routeLine, sightingLine(lanLive)],
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'wrong-gateway', side: 'a',
      finding: `hostA has no usable route to ${dst} ("${r.message}"), so the test packet never leaves it toward gwA.`,
      evidence: [routeLine, ...(lanLive ? [sightingLine(lanLive)] : [])],
      fix: routeFix(undefined),
    });
  }

  const via = r.via ?? r.nexthops?.find((n) => n.via)?.via;
  if (!via) {
    // On-link: the host will ARP for the destination itself instead of using a router.
    const addrs = read<AddressList>(ev, 'hostA.addrs');
    const own = addrs.ok ? addressesOf(addrs.value).filter((a) => a.scope !== 'host' && a.ifname !== 'lo') : [];
    const hit = own.find((a) => {
      const net = networkOf(a.local, a.prefixlen);
      return net !== null && a.prefixlen > 0 && covers(net, dst);
    });
    const siteLan = localLans(ev).find((l) => covers(l, dst));
    const dstNeigh = neighEvidence(dst);
    if (hit || siteLan) {
      const ev2: EvidenceLine[] = [routeLine];
      if (hit && addrs.ok) ev2.push(quote(addrs.probe, addrLine(addrs.probe, hit.ifname, hit.local)));
      if (siteLan) ev2.push(incidentLine(`sites.a.lan: ${localLans(ev).join(', ')}; pair.destination: ${dst}`));
      if (dstNeigh) ev2.push(dstNeigh.line);
      const pfx = hit ? `${networkOf(hit.local, hit.prefixlen)} on ${hit.ifname}` : siteLan!;
      return verdict({
        check: ID, gate: GATE, status: 'FAIL', cause: 'overlap', side: 'a',
        finding: `hostA treats ${dst} as on-link (${r.dev ?? 'its LAN'}, no router): site B's destination sits inside site A's own prefix ${pfx}${dstNeigh?.dead ? ', and nobody answers ARP for it' : ''}, so the packet never goes to the gateway.`,
        evidence: ev2,
        fix: [
          note(`renumber site B's LAN out of ${pfx.split(' ')[0]}, or 1:1-NAT it to an unused prefix on both gateways and test with the translated address`),
        ],
      });
    }
    if (r.type === 'local') {
      return verdict({
        check: ID, gate: GATE, status: 'WARN',
        finding: `${dst} is one of hostA's own addresses: the test pair does not cross the VPN at all.`,
        evidence: [routeLine],
      });
    }
    const dead = dstNeigh?.dead ?? false;
    return verdict({
      check: ID, gate: GATE, status: dead ? 'FAIL' : 'WARN', cause: 'wrong-gateway', side: 'a',
      finding: `hostA sends ${dst} straight out of ${r.dev ?? '?'} without a router (an on-link route outside its own prefixes)${dead ? ' and nobody answers ARP for it' : '; that only works with proxy ARP'}.`,
      evidence: [routeLine, ...(dstNeigh ? [dstNeigh.line] : [])],
      fix: routeFix(r.dev),
    });
  }

  if (!gw || !gw.addrs.length) {
    const vn0 = neighEvidence(via);
    if (vn0?.dead && !(lanLive && lanLive.requests > 0)) {
      return verdict({
        check: ID, gate: GATE, status: 'FAIL', cause: 'wrong-gateway', side: 'a',
        finding: `hostA sends ${dst} via ${via}, which does not answer ARP: the packet never leaves the host toward any gateway (gwA's own LAN address could not be read to compare).`,
        evidence: [routeLine, vn0.line, ...(lanLive ? [sightingLine(lanLive)] : [])],
        fix: routeFix(r.dev),
        missing: [missingOf(ev, 'gwA.addrs')],
      });
    }
    if (lanLive && lanLive.requests > 0) {
      return verdict({
        check: ID, gate: GATE, status: 'PASS',
        finding: `hostA sends ${dst} via ${via}; gwA's LAN address is unknown, but gwA's ${ev.incident.sites.a.gateway.lan_interface} saw the test flow, so that router is (or relays to) the gateway.`,
        evidence: [routeLine, sightingLine(lanLive)],
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `hostA sends ${dst} via ${via}, but gwA's LAN address is unknown, so whether that is the VPN gateway cannot be told.`,
      evidence: [routeLine],
      missing: [gw ? `gwA.addrs: no IPv4 address on ${ev.incident.sites.a.gateway.lan_interface}` : missingOf(ev, 'gwA.addrs')],
    });
  }

  if (gw.addrs.includes(via)) {
    if (lanLive && lanLive.requests === 0 && trafficSent(ev)) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN',
        finding: `hostA routes ${dst} via ${via}, gwA's LAN address, yet gwA's ${ev.incident.sites.a.gateway.lan_interface} capture saw no packet of the test flow: the configuration and the capture disagree (host firewall, or a wrong VLAN?).`,
        evidence: [routeLine, ...gw.evidence, sightingLine(lanLive)],
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `hostA sends ${dst} via ${via} (${r.dev ?? '?'}), site A's VPN gateway${lanLive && lanLive.requests > 0 ? ', and gwA\'s LAN saw the test flow arrive' : ''}.`,
      evidence: [routeLine, ...gw.evidence, ...(lanLive && lanLive.requests > 0 ? [sightingLine(lanLive)] : [])],
    });
  }

  // Another router.
  const vn = neighEvidence(via);
  if (lanLive && lanLive.requests > 0) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: 'wrong-gateway', side: 'a',
      finding: `hostA sends ${dst} via ${via}, not gwA's ${gw.addrs.join('/')}, yet the test flow reached gwA's LAN: another router relays it (check that it keeps doing so, and for the return path).`,
      evidence: [routeLine, ...gw.evidence, sightingLine(lanLive)],
    });
  }
  return verdict({
    check: ID, gate: GATE, status: 'FAIL', cause: 'wrong-gateway', side: 'a',
    finding: `hostA sends ${dst} via ${via}, not via site A's VPN gateway ${gw.addrs.join('/')}${vn?.dead ? `, and ${via} does not even answer ARP` : ''}: the packet never reaches gwA.`,
    evidence: [routeLine, ...gw.evidence, ...(vn ? [vn.line] : []), ...(lanLive ? [sightingLine(lanLive)] : [])],
    fix: [...routeFix(r.dev), ...(r.dev && gw.addrs[0] ? [cmd('ip', 'route', 'replace', 'default', 'via', gw.addrs[0], 'dev', r.dev)] : [])],
  });
}

export const sourceRoute: Check = {
  id: ID,
  gate: GATE,
  title: "hostA's route to the destination goes via gwA's LAN address",
  run,
};
