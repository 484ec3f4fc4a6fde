// Why: replies must go back the way requests came: gwB has to route the source's address into the tunnel, not out of its WAN.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, cmdWhy, note, type FixLine } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { RuleList } from '../../parsers/iproute/ip-rule-show.js';
import { routesCovering, type RouteTable } from '../../parsers/iproute/ip-route-show.js';
import type { ConntrackFacts } from '../../parsers/firewall/conntrack.js';
import type { SwanctlSas } from '../../parsers/vpn/swanctl-list-sas.js';
import { anyCovers, findLine, quote, read, sightingLine } from '../common.js';
import { compact, localRemote, seen, siteOf, tunnelIf, tunnelType } from './common.js';
import { childrenOf, ikeSaOf } from './vpn.js';

const ID = 'gate4.return-route';
const GATE = 4 as const;
const TITLE = "gwB routes replies for the source into the tunnel (ip route get SRC from DST iif LAN)";

/** gwA's conntrack line for the pair marked [UNREPLIED]: supporting evidence that replies never came back. */
export function unrepliedOnA(ev: Evidence): EvidenceLine | null {
  const { source, destination } = ev.incident.pair;
  for (const p of [ev.conntrackEvents.gwA, ev.probes['gwA.conntrack']]) {
    if (!p?.parsed?.ok) continue;
    const facts = p.parsed.value as ConntrackFacts;
    const e = facts.entries.find((x) => x.original.src === source && x.original.dst === destination && x.unreplied);
    if (e) return { host: p.host, command: p.command, line: p.stdout.replace(/\r/g, '').split('\n')[e.line - 1]?.trim() ?? '' };
  }
  return null;
}

/** The policy rule on a gateway that sends lookups to a table (to undo a detour), as `ip rule del` words. */
function ruleToTable(ev: Evidence, table: string): { text: string; del: string[] } | null {
  const r = read<RuleList>(ev, 'gwB.rules');
  if (!r.ok) return null;
  const rule = r.value.rules.find((x) => x.action === 'lookup' && x.table === table);
  if (!rule) return null;
  const parts = ['from', rule.from, ...(rule.to ? ['to', rule.to] : []), ...(rule.iif ? ['iif', rule.iif] : []), ...(rule.fwmark ? ['fwmark', String(rule.fwmark)] : []), 'lookup', table, 'priority', String(rule.priority)];
  return { text: JSON.stringify({ priority: rule.priority, src: rule.from, ...(rule.to ? { dst: rule.to } : {}), ...(rule.iif ? { iif: rule.iif } : {}), table }), del: ['ip', 'rule', 'del', ...parts] };
}

/** strongSwan: gwB's IKE SA line when no INSTALLED child SA covers the pair's return direction; null otherwise (or not strongSwan). */
function childlessOnB(ev: Evidence): EvidenceLine | null {
  if (tunnelType(ev) !== 'strongswan') return null;
  const r = read<SwanctlSas>(ev, 'gwB.sas');
  if (!r.ok) return null;
  const { local, remote } = localRemote(ev, 'gwB');
  const ikes = ikeSaOf(ev, 'gwB', r.value);
  const ok = ikes.some((i) => i.state === 'ESTABLISHED' && childrenOf(ev, 'gwB', i).some((c) => c.state === 'INSTALLED' && anyCovers(c.localTs, local) && anyCovers(c.remoteTs, remote)));
  if (ok) return null;
  const head = ikes[0] ? findLine(r.probe, (l) => l.startsWith(`${ikes[0]!.name}: `)) : null;
  return quote(r.probe, head ?? '(no IKE SA)');
}

/** Does gwB's main table (or strongSwan's 220) route the address into the tunnel? */
function mainRouteIntoTunnel(ev: Evidence, addr: string, tun: string): boolean {
  const r = read<RouteTable>(ev, 'gwB.routes');
  if (!r.ok) return false;
  const main = { routes: r.value.routes.filter((x) => x.table === undefined || x.table === 'main' || x.table === '220') };
  return routesCovering(main, addr)[0]?.dev === tun;
}

export function addRouteFix(ev: Evidence): FixLine[] {
  const tun = tunnelIf(ev, 'gwB');
  const lans = siteOf(ev, 'gwA').lan;
  if (tunnelType(ev) === 'strongswan') {
    const child = siteOf(ev, 'gwB').tunnel.child ?? '<child>';
    return [
      ...(tun ? lans.map((l) => cmd('ip', 'route', 'replace', l, 'dev', tun, 'table', '220')) : []),
      note(`or let charon reinstall its routes: swanctl --terminate --child ${child}, then swanctl --initiate --child ${child}`),
    ];
  }
  return lans.map((l) => (tun ? cmd('ip', 'route', 'replace', l, 'dev', tun) : note(`ip route replace ${l} dev <tunnel interface> (sites.b.tunnel.interface names it)`)));
}

function run(ev: Evidence): Verdict {
  const { source, destination } = ev.incident.pair;
  const tun = tunnelIf(ev, 'gwB');
  const wan = siteOf(ev, 'gwB').gateway.wan_interface;
  const wanB = seen(ev, 'wanB');
  const wanA = seen(ev, 'wanA');
  const tunB = seen(ev, 'tunB');
  const clearReplies = (wanB?.replies ?? 0) > 0;
  const arrivedOnA = (wanA?.replies ?? 0) > 0;
  const live: EvidenceLine[] = [];
  if (wanB?.firstReply) live.push(sightingLine(wanB, wanB.firstReply));
  if (wanA?.firstReply) live.push(sightingLine(wanA, wanA.firstReply));
  const unreplied = unrepliedOnA(ev);

  const r = read<RouteGet>(ev, 'gwB.route-get');
  if (!r.ok) {
    if (clearReplies && !arrivedOnA) {
      return verdict({
        check: ID, gate: GATE, status: 'FAIL', cause: 'no-return-route', side: 'b',
        finding: `gwB's route was not read, but the destination's replies left gwB's ${wan} in clear instead of the tunnel.`,
        evidence: [...live, ...(unreplied ? [unreplied] : [])], fix: addRouteFix(ev), missing: [r.missing],
      });
    }
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "gwB's route back to the source was not read.", missing: [r.missing] });
  }
  const rg = r.value;
  if (rg.kind === 'unroutable') {
    const ev1 = quote(r.probe, rg.message);
    if (rg.reason === 'invalid' || rg.reason === 'rp-filter') {
      return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gwB refused the lookup itself (${rg.message}): the destination's address is not valid on gwB's LAN side, so the return route cannot be judged.`, evidence: [ev1], missing: [`a return route lookup gwB accepts (${r.probe.command})`] });
    }
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'no-return-route', side: 'b',
      finding: `gwB has no usable route back to ${source} for replies from ${destination} (${rg.message}).`,
      evidence: [ev1, ...live, ...(unreplied ? [unreplied] : [])], fix: addRouteFix(ev),
    });
  }
  const q = compact({ dst: rg.dst, from: rg.from, ...(rg.via ? { gateway: rg.via } : {}), dev: rg.dev, ...(rg.table ? { table: rg.table } : {}), iif: rg.iif });
  const ev1 = quote(r.probe, q);
  if (!tun) {
    // A policy-based tunnel without an interface: the route names the WAN either way; only live evidence tells.
    if (clearReplies && !arrivedOnA) {
      return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'no-return-route', side: 'b', finding: `Replies from ${destination} leave gwB's ${wan} in clear: they match no IPsec policy back to ${source}.`, evidence: [ev1, ...live], fix: addRouteFix(ev) });
    }
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `The incident names no tunnel interface on gwB, so the route (dev ${rg.dev ?? '?'}) cannot show whether replies are encrypted.`, evidence: [ev1], missing: ['sites.b.tunnel.interface, or a capture showing the replies'] });
  }
  if (rg.dev === tun) {
    if (clearReplies && (tunB?.replies ?? 0) === 0) {
      return verdict({ check: ID, gate: GATE, status: 'WARN', finding: `gwB's route sends replies for ${source} into ${tun}, yet during the test the replies left gwB's ${wan} in clear: configuration and capture disagree (a route or rule changed during the test?).`, evidence: [ev1, ...live] });
    }
    const confirm = tunB?.firstReply ? [sightingLine(tunB, tunB.firstReply)] : [];
    return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `gwB routes replies for ${source} into ${tun}${rg.table ? ` (table ${rg.table})` : ''}${confirm.length ? ', and replies were seen entering it' : ''}.`, evidence: [ev1, ...confirm] });
  }
  // strongSwan installs the table-220 route together with the child SA: without a child for the pair on gwB, a missing
  // route is a consequence of gate 3, not a separate fault.
  const noChild = childlessOnB(ev);
  if (noChild) {
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `gwB routes replies for ${source} out of ${rg.dev ?? '?'}, not into ${tun}, but gwB has no INSTALLED child SA for the pair and charon installs that route with the child SA: fix gate 3 first, then look again.`,
      evidence: [ev1, noChild, ...live],
      missing: ['an INSTALLED child SA on gwB (the return route comes with it)'],
    });
  }
  const detour = rg.table && rg.table !== 'main' && rg.table !== '220' ? ruleToTable(ev, rg.table) : null;
  const ruleEvidence = detour ? [quote(ev.probes['gwB.rules']!, detour.text)] : [];
  // Undoing the detour is enough when the main table still routes the source into the tunnel.
  const fix = detour ? [cmdWhy(`on gwB: the rule that sends the replies to table ${rg.table}`, ...detour.del), ...(mainRouteIntoTunnel(ev, source, tun) ? [] : addRouteFix(ev))] : addRouteFix(ev);
  if (arrivedOnA) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `Asymmetric return: gwB sends replies for ${source} out of ${rg.dev ?? '?'}${rg.table ? ` (table ${rg.table})` : ''} instead of ${tun}, and they reach gwA's WAN in clear; whether gwA accepts them is gate4.rp-filter's call.`,
      evidence: [ev1, ...ruleEvidence, ...live], fix,
    });
  }
  return verdict({
    check: ID, gate: GATE, status: 'FAIL', cause: 'no-return-route', side: 'b',
    finding: `gwB routes replies for ${source} out of ${rg.dev ?? '?'}${rg.via ? ` via ${rg.via}` : ''}${rg.table ? ` (table ${rg.table})` : ''}, not into ${tun}: they leave in clear and never come back through the tunnel${clearReplies ? ' (seen on its WAN during the test)' : ''}.`,
    evidence: [ev1, ...ruleEvidence, ...live, ...(unreplied ? [unreplied] : [])],
    fix,
  });
}

export const returnRoute: Check = { id: ID, gate: GATE, title: TITLE, run };
