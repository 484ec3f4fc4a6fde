// Why: gate 1: when site B's prefix overlaps site A's, site A treats the destination as local and the tunnel never sees it (runbook: overlapping networks).

import type { Evidence } from '../../engine/analyze.js';
import type { AddressList } from '../../parsers/iproute/ip-addr.js';
import { addressesOf } from '../../parsers/iproute/ip-addr.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { note } from '../fix.js';
import { covers, networkOf, overlaps, quote, read } from '../common.js';
import { addrLine, incidentLine } from './common.js';

const ID = 'gate1.prefix-overlap';
const GATE = 1;

/** The LAN prefixes a node actually has on an interface (from `ip -j addr show`), with the quoting line. */
function connected(ev: Evidence, id: string, ifname: (list: AddressList) => string | null): Array<{ prefix: string; line: EvidenceLine }> {
  const g = read<AddressList>(ev, id);
  if (!g.ok) return [];
  const name = ifname(g.value);
  if (!name) return [];
  return addressesOf(g.value)
    .filter((a) => a.ifname === name && a.prefixlen > 0 && a.prefixlen < 32)
    .flatMap((a) => {
      const p = networkOf(a.local, a.prefixlen);
      return p ? [{ prefix: p, line: quote(g.probe, addrLine(g.probe, name, a.local)) }] : [];
    });
}

function run(ev: Evidence): Verdict {
  const inc = ev.incident;
  const dst = inc.pair.destination;
  const aLans = inc.sites.a.lan;
  const bLans = inc.sites.b.lan;
  const cfg = incidentLine(`sites.a.lan: ${aLans.join(', ')}; sites.b.lan: ${bLans.join(', ')}; pair.destination: ${dst}`);

  const pairs = aLans.flatMap((a) => bLans.filter((b) => overlaps(a, b)).map((b) => [a, b] as const));
  const dstInA = aLans.find((a) => covers(a, dst));
  // What the nodes really have on their LAN side: gwA's LAN interface, hostA's interface holding the source.
  const gwLan = connected(ev, 'gwA.addrs', () => inc.sites.a.gateway.lan_interface);
  const hostLan = connected(ev, 'hostA.addrs', (l) => addressesOf(l).find((a) => a.local === inc.pair.source)?.ifname ?? null);
  const live = [...gwLan, ...hostLan].filter((c) => covers(c.prefix, dst) || bLans.some((b) => overlaps(b, c.prefix)));

  if (pairs.length || dstInA || live.length) {
    const what = pairs.length
      ? `site B's LAN ${pairs[0]![1]} overlaps site A's ${pairs[0]![0]}`
      : dstInA
        ? `the destination ${dst} lies inside site A's LAN ${dstInA}`
        : `site A's ${live[0]!.prefix} (as configured on the node) covers ${covers(live[0]!.prefix, dst) ? `the destination ${dst}` : `site B's LAN ${bLans.join(', ')}`}`;
    const taken = pairs[0]?.[0] ?? dstInA ?? live[0]!.prefix;
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'overlap', side: 'a',
      finding: `${what[0]!.toUpperCase()}${what.slice(1)}: hosts and routers at site A treat it as their own network, so traffic for site B stays on site A's LAN instead of entering the tunnel.`,
      evidence: [cfg, ...live.slice(0, 2).map((c) => c.line)],
      fix: [note(`renumber site B out of ${taken}, or 1:1-NAT site B to an unused prefix on both gateways (and update selectors/AllowedIPs and firewall rules to the translated range)`)],
    });
  }
  return verdict({
    check: ID, gate: GATE, status: 'PASS',
    finding: `Site A (${aLans.join(', ')}) and site B (${bLans.join(', ')}) do not overlap, and ${dst} lies outside site A's LAN.`,
    evidence: [cfg, ...[...gwLan, ...hostLan].slice(0, 2).map((c) => c.line)],
  });
}

export const prefixOverlap: Check = {
  id: ID,
  gate: GATE,
  title: "site A's and site B's LAN prefixes do not overlap, and the destination is outside site A",
  run,
};
