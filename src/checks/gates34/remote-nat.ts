// Why: NAT on gwB rewrites tunnel traffic into addresses the destination or the far peer does not expect; tunnel traffic must be exempt.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmdWhy, isCommand, nftCmd, type FixLine } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { ConntrackFacts } from '../../parsers/firewall/conntrack.js';
import { overlapNote, siteOf, tunnelIf } from './common.js';
import { describe, natFor, type NatHit, type NftPacket } from '../nft-eval.js';
import { atB, rulesetOf } from './remote.js';

const ID = 'gate4.remote-nat';
const GATE = 4 as const;
const TITLE = "gwB does not NAT tunnel traffic (DNAT/SNAT of the decrypted packet, SNAT into the tunnel)";

/** gwB's conntrack entries for the pair with a rewritten reply tuple. */
function nattedOnB(ev: Evidence): EvidenceLine | null {
  const { source, destination } = ev.incident.pair;
  for (const p of [ev.conntrackEvents.gwB, ev.probes['gwB.conntrack']]) {
    if (!p?.parsed?.ok) continue;
    const facts = p.parsed.value as ConntrackFacts;
    const e = facts.entries.find((x) => x.original.src === source && x.original.dst === destination && x.natted);
    if (e) return { host: p.host, command: p.command, line: p.stdout.replace(/\r/g, '').split('\n')[e.line - 1]?.trim() ?? '' };
  }
  return null;
}

function run(ev: Evidence): Verdict {
  const overlap = overlapNote(ev);
  if (overlap) return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gwB's handling of the decrypted packet cannot be judged for this pair: ${overlap}.`, missing: ['a test pair whose addresses belong to distinct sites'] });
  const rs = rulesetOf(ev, 'gwB');
  const ct = nattedOnB(ev);
  const b = atB(ev);
  const { source, destination, protocol, port } = ev.incident.pair;
  const site = siteOf(ev, 'gwB');
  const tun = tunnelIf(ev, 'gwB') ?? site.gateway.wan_interface;
  const lan = site.gateway.lan_interface;
  if (!rs.ok) {
    if (ct) return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'nat-on-tunnel', side: 'b', finding: `gwB's conntrack shows the flow ${source} -> ${destination} NATed (the ruleset was not read to name the rule).`, evidence: [ct], missing: [rs.missing], fix: [cmdWhy('on gwB: find the snat/dnat/masquerade rule matching tunnel traffic and exempt the VPN prefixes', 'nft', '-a', 'list', 'ruleset')] });
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "gwB's NAT rules were not read.", missing: [rs.missing] });
  }
  const proto = protocol === 'tcp' ? 'tcp' : 'icmp';
  const req: NftPacket = { iif: tun, oif: lan, saddr: source, daddr: destination, proto, dport: proto === 'tcp' ? port ?? null : null, ct: 'new' };
  // The decrypted request: DNAT before routing, SNAT/masquerade on its way to the LAN.
  const hits = [...natFor(rs.rs, 'prerouting', { ...req, oif: null }), ...natFor(rs.rs, 'postrouting', req)];
  // Traffic gwB's site starts toward site A (not the test flow, but the same tunnel).
  const outbound = natFor(rs.rs, 'postrouting', { iif: lan, oif: tun, saddr: destination, daddr: source, proto, dport: null, ct: 'new' });
  const q = (h: NatHit): EvidenceLine => ({ host: rs.probe.host, command: rs.probe.command, line: describe(h) });
  const del = (h: NatHit): FixLine => {
    const at = [h.table.family, h.table.name, h.chain.name];
    if (h.rule.handle !== null) return nftCmd(['delete', 'rule', ...at, 'handle', String(h.rule.handle)]);
    const l = nftCmd(['insert', 'rule', ...at, 'ip', 'saddr', siteOf(ev, 'gwA').lan[0]!, 'ip', 'daddr', site.lan[0]!, 'accept']);
    return isCommand(l) ? { ...l, note: 'exempt the VPN prefixes before the NAT rule' } : l;
  };
  const sure = hits.filter((h) => h.sure);
  if (sure.length || ct) {
    const evidence = [...sure.map(q), ...(ct ? [ct] : [])];
    const what = sure.length ? sure.map((h) => `${h.rule.nat.kind}${h.rule.nat.to ? ` to ${h.rule.nat.to}` : ''}`).join(', ') : 'NAT';
    const finding = `gwB applies ${what} to the decrypted test flow ${source} -> ${destination}${sure[0] ? ` (chain ${sure[0].chain.name})` : ''}`;
    const fix = sure.length ? sure.map(del) : [cmdWhy('on gwB: find the NAT rule that matches tunnel traffic', 'nft', '-a', 'list', 'ruleset')];
    if (b.live && !b.reachedTunnel && !ct) {
      return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `${finding}, but the test packet never came out of gwB's ${tun}, so this is not yet what stops it.`, evidence, fix, missing: [`the test packet arriving at gwB's ${tun}`] });
    }
    return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'nat-on-tunnel', side: 'b', finding: `${finding}: the destination sees another address than the source, or the reply no longer matches the tunnel.`, evidence: [...evidence, ...b.evidence], fix });
  }
  const maybe = hits.filter((h) => !h.sure);
  if (maybe.length) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gwB has NAT rules gatewalk cannot fully evaluate for the decrypted test flow (${maybe.map((h) => h.rule.text).join('; ')}).`, evidence: maybe.map(q), missing: ['NAT rules gatewalk can evaluate (named sets and maps are not read)'] });
  }
  const outSure = outbound.filter((h) => h.sure);
  if (outSure.length) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: 'nat-on-tunnel', side: 'b',
      finding: `The test flow is not NATed on gwB, but traffic site B starts toward ${source} would be (${outSure.map((h) => h.rule.text).join('; ')}): gwA's ${siteOf(ev, 'gwA').tunnel.type === 'wireguard' ? 'AllowedIPs' : 'selectors'} will refuse the rewritten source.`,
      evidence: outSure.map(q), fix: outSure.map(del),
    });
  }
  return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `No NAT rule on gwB matches tunnel traffic between ${source} and ${destination}${rs.rs.natRules.length ? ` (${rs.rs.natRules.length === 1 ? 'its one NAT rule is' : `its ${rs.rs.natRules.length} NAT rules are`} scoped elsewhere)` : ''}.`, evidence: rs.rs.natRules.map((n) => ({ host: rs.probe.host, command: rs.probe.command, line: `table ${n.family} ${n.table} chain ${n.chain}: ${n.text}` })) });
}

export const remoteNat: Check = { id: ID, gate: GATE, title: TITLE, run };
