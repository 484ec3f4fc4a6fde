// Why: gate 2: the gateway must route the test packet into the tunnel; a route out of the WAN (or in a table no rule selects) leaks it in clear (runbook Tasks 3, 4, 8).

import type { Evidence } from '../../engine/analyze.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { Route, RouteTable } from '../../parsers/iproute/ip-route-show.js';
import type { Rule, RuleList } from '../../parsers/iproute/ip-rule-show.js';
import type { SysctlValues } from '../../parsers/iproute/sysctl.js';
import { sysctlInt } from '../../parsers/iproute/sysctl.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, cmdWhy, fixLineText, note, type FixLine } from '../fix.js';
import type { SwanctlSas } from '../../parsers/vpn/swanctl-list-sas.js';
import { covers, findLine, firstLine, quote, read, sightingLine } from '../common.js';
import { jsonExcerpt, localLans, remoteLans, routeGetLine, tunnelIf } from './common.js';
import { lookup, routesVia, routeText, routeUses, tableLookup, tableName, type Packet } from './routing.js';
import { prefix } from '../common.js';

function prefixLength(r: Route): number {
  return prefix(r.dst)?.len ?? 32;
}

const ID = 'gate2.route-into-tunnel';
const GATE = 2;

/** Where the gateway sends the packet: from the kernel's own answer, or replayed from the tables. */
type Chosen =
  | { kind: 'route'; dev: string | undefined; via: string | undefined; table: string; text: string; line: EvidenceLine; how: 'route-get' | 'tables'; route: Route | null }
  | { kind: 'none'; reason: string; line: EvidenceLine | null; how: 'route-get' | 'tables' };

function routeLine(ev: Evidence, r: Route): EvidenceLine | null {
  const g = read<RouteTable>(ev, 'gwA.routes');
  if (!g.ok) return null;
  const j = jsonExcerpt(g.probe, (o) => o.dst === r.dst && tableName(typeof o.table === 'string' ? o.table : undefined) === tableName(r.table) && (o.dev === r.dev || r.dev === undefined));
  return quote(g.probe, j ?? routeText(r));
}

function ruleLine(ev: Evidence, r: Rule): EvidenceLine | null {
  const g = read<RuleList>(ev, 'gwA.rules');
  if (!g.ok) return null;
  const j = jsonExcerpt(g.probe, (o) => Number(o.priority) === r.priority && (r.table === undefined || String(o.table) === r.table));
  return quote(g.probe, j ?? `${r.priority}: from ${r.from} lookup ${r.table ?? '?'}`);
}

export function noRouteFix(ev: Evidence, tun: string): FixLine[] {
  const t = ev.incident.sites.a.tunnel;
  const lans = remoteLans(ev);
  if (t.type === 'strongswan') {
    return [
      ...(t.child ? [cmdWhy('charon re-installs its table 220 route', 'swanctl', '--initiate', '--child', t.child)] : []),
      ...lans.map((l) => cmd('ip', 'route', 'add', l, 'dev', tun, 'table', '220')),
    ];
  }
  return lans.map((l) => cmd('ip', 'route', 'add', l, 'dev', tun));
}

/**
 * strongSwan installs its table 220 route only while a child SA covering the flow is INSTALLED: without one, a
 * missing route is the tunnel's failure (gate 3), not a routing fault. null when the SA list is unreadable.
 */
function strongswanChild(ev: Evidence): { installed: boolean; lines: EvidenceLine[] } | { installed: null; missing: string } {
  const g = read<SwanctlSas>(ev, 'gwA.sas');
  if (!g.ok) return { installed: null, missing: g.missing };
  const { source: src, destination: dst } = ev.incident.pair;
  const ts = (list: string[], addr: string) => list.some((t) => covers(t.replace(/\[.*$/, ''), addr));
  const exact = (...needles: string[]) => findLine(g.probe, (l) => needles.every((n) => l.includes(n)));
  for (const ike of g.value.ikeSas) {
    for (const c of ike.children) {
      if (c.state === 'INSTALLED' && ts(c.remoteTs, dst) && ts(c.localTs, src)) {
        const lines = [exact(`${c.name}:`, 'INSTALLED'), exact('remote', c.remoteTs.find((t) => covers(t.replace(/\[.*$/, ''), dst)) ?? '')];
        return { installed: true, lines: lines.filter((l): l is string => l !== null).map((l) => quote(g.probe, l)) };
      }
    }
  }
  // No installed child covering the flow: quote the IKE SA line (and any child that is there).
  const lines = g.value.ikeSas.flatMap((ike) => [exact(`${ike.name}:`, ike.state ?? ''), ...ike.children.map((c) => exact(`${c.name}:`))]);
  const found = lines.filter((l): l is string => l !== null).map((l) => quote(g.probe, l));
  return { installed: false, lines: found.length ? found : [quote(g.probe, firstLine(g.probe.stdout) ?? firstLine(g.probe.stderr) ?? '(no SA listed)')] };
}

function run(ev: Evidence): Verdict {
  const inc = ev.incident;
  const { source: src, destination: dst } = inc.pair;
  const lanIf = inc.sites.a.gateway.lan_interface;
  const wanIf = inc.sites.a.gateway.wan_interface;
  const tun = tunnelIf(ev, 'a');
  const rg = read<RouteGet>(ev, 'gwA.route-get');
  const routes = read<RouteTable>(ev, 'gwA.routes');
  const rules = read<RuleList>(ev, 'gwA.rules');
  const pkt: Packet = { src, dst, iif: lanIf, protocol: inc.pair.protocol, ...(inc.pair.port !== undefined ? { port: inc.pair.port } : {}) };
  const missing: string[] = [];
  const notes: string[] = [];

  // A destination inside site A is gate 1's overlap, not a routing fault of the gateway.
  const dstInA = localLans(ev).find((l) => covers(l, dst));
  if (dstInA || (rg.ok && rg.value.kind === 'route' && rg.value.dev === lanIf)) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `gwA would send ${dst} back out of its LAN ${lanIf}${dstInA ? ` (it lies inside site A's ${dstInA})` : ''}: the destination looks local to site A, so there is no tunnel route to judge (see gate 1, overlap).`,
      evidence: rg.ok ? [quote(rg.probe, routeGetLine(rg.probe))] : [],
    });
  }

  // 1. Where does the packet go?
  let chosen: Chosen | null = null;
  if (rg.ok && rg.value.kind === 'route') {
    const r = rg.value;
    chosen = { kind: 'route', dev: r.dev ?? r.nexthops?.[0]?.dev, via: r.via, table: tableName(r.table), text: routeText(r), line: quote(rg.probe, routeGetLine(rg.probe)), how: 'route-get', route: null };
  } else {
    if (rg.ok && rg.value.kind === 'unroutable') {
      const u = rg.value;
      const sys = read<SysctlValues>(ev, 'gwA.sysctl');
      const fwdOff = sys.ok && sysctlInt(sys.value, 'net.ipv4.ip_forward') === 0;
      if (u.reason === 'network-unreachable') {
        chosen = { kind: 'none', reason: `the kernel finds no route in any table ("${u.message}")`, line: quote(rg.probe, u.message), how: 'route-get' };
      } else if (u.reason === 'no-route-to-host' && fwdOff) {
        notes.push(`the kernel refused the live lookup ("${u.message}") because forwarding is off (gate2.ip-forward); the tables were read instead`);
      } else {
        notes.push(`the kernel refused the live lookup ("${u.message}"); the tables were read instead`);
      }
    } else if (!rg.ok) {
      missing.push(rg.missing);
    }
    if (!chosen) {
      if (!routes.ok) {
        return verdict({
          check: ID, gate: GATE, status: 'UNKNOWN',
          finding: `Where gwA sends ${dst} cannot be told: ${notes.length ? notes[0] : 'there is no routing answer'} and the routing tables are missing.`,
          evidence: rg.ok ? [quote(rg.probe, routeGetLine(rg.probe))] : [],
          missing: [...missing, routes.missing],
        });
      }
      if (!rules.ok) missing.push(`${rules.missing} (assumed the default rules: local, main, default)`);
      const sim = lookup(rules.ok ? rules.value : null, routes.value, pkt);
      const d = sim.decision;
      if (d.kind === 'route') {
        chosen = { kind: 'route', dev: d.route.dev ?? d.route.nexthops?.[0]?.dev, via: d.route.via, table: d.table, text: routeText(d.route), line: routeLine(ev, d.route) ?? quote(routes.probe, routeText(d.route)), how: 'tables', route: d.route };
      } else if (d.kind === 'refused') {
        const what = d.route ? `the ${d.route.type} route ${d.route.dst} in table ${d.table}` : `rule ${d.rule?.priority ?? '?'} (${d.rule?.action ?? '?'})`;
        chosen = { kind: 'none', reason: `${what} refuses it`, line: d.route ? routeLine(ev, d.route) : d.rule ? ruleLine(ev, d.rule) : null, how: 'tables' };
      } else {
        chosen = { kind: 'none', reason: 'no table the rules reach has a route for it', line: null, how: 'tables' };
      }
      if (sim.uncertain.length) notes.push(`rules ${sim.uncertain.map((r) => r.priority).join(', ')} could not be evaluated`);
    }
  }

  if (!tun) {
    if (chosen.kind === 'route' && chosen.table === '220') {
      return verdict({
        check: ID, gate: GATE, status: 'PASS',
        finding: `gwA routes ${dst} by charon's table 220 (${chosen.text}); the incident names no tunnel interface, so the IPsec policy does the rest.`,
        evidence: [chosen.line],
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `gwA sends ${dst} ${chosen.kind === 'route' ? `as ${chosen.text}` : 'nowhere'}, but the incident names no tunnel interface for site A, so whether that enters the tunnel cannot be told.`,
      evidence: chosen.line ? [chosen.line] : [],
      missing: [...missing, 'sites.a.tunnel.interface in the incident'],
    });
  }

  const { tunA, wanA } = ev.sightings;
  const leaked = wanA && wanA.requests > 0 ? sightingLine(wanA) : null;
  const intoTunnel = tunA && tunA.requests > 0 ? sightingLine(tunA) : null;
  const noteText = notes.length ? ` (${notes.join('; ')})` : '';

  // 2. Into the tunnel: pass, unless the capture shows it leaking anyway.
  if (chosen.kind === 'route' && (chosen.dev === tun || (chosen.route && routeUses(chosen.route, tun)))) {
    if (leaked && !intoTunnel) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'no-route', side: 'a',
        finding: `gwA's routing now sends ${dst} into ${tun} (${chosen.text}), but during the test the packet left ${wanIf} in clear: the routes and the capture disagree (was the tunnel route missing while traffic flowed?).`,
        evidence: [chosen.line, leaked],
        missing,
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `gwA routes ${dst} from ${lanIf} into ${tun}${chosen.table !== 'main' ? ` (table ${chosen.table})` : ''}${noteText}.`,
      evidence: [chosen.line, ...(intoTunnel ? [intoTunnel] : [])],
      missing,
    });
  }

  // 3. Not into the tunnel: is there a tunnel route somewhere the rules do not reach?
  const where = chosen.kind === 'route' ? `out of ${chosen.dev ?? '?'}${chosen.via ? ` via ${chosen.via}` : ''}${chosen.table !== 'main' ? ` (table ${chosen.table})` : ''}` : `nowhere: ${chosen.reason}`;
  const tunnelRoutes = routes.ok ? routesVia(routes.value, dst, tun) : [];
  if (!routes.ok) missing.push(`${routes.missing} (other routing tables not checked)`);
  const chosenTable = chosen.kind === 'route' ? chosen.table : null;
  const elsewhere = tunnelRoutes.filter((r) => tableName(r.table) !== chosenTable);
  const base: EvidenceLine[] = chosen.line ? [chosen.line] : [];

  if (intoTunnel) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: elsewhere.length ? 'policy-routing' : 'no-route', side: 'a',
      finding: `gwA's routing sends ${dst} ${where}, not into ${tun}, yet the capture saw the test packet enter ${tun}: the routes and the capture disagree (did the routes change during the test?).`,
      evidence: [...base, intoTunnel],
      missing,
    });
  }

  if (elsewhere.length) {
    const t = elsewhere[0]!;
    const T = tableName(t.table);
    const ruleList = rules.ok ? rules.value.rules : [];
    const toT = ruleList.filter((r) => r.action === 'lookup' && r.table !== undefined && tableName(r.table) === T);
    const sim = routes.ok ? lookup(rules.ok ? rules.value : null, routes.value, pkt) : null;
    const winner = chosenTable ? sim?.consulted.find((c) => c.table === chosenTable)?.rule : undefined;
    const ev2: EvidenceLine[] = [...base];
    const tl = routeLine(ev, t);
    if (tl) ev2.push(tl);
    for (const r of [...toT.slice(0, 1), ...(winner ? [winner] : [])]) {
      const l = ruleLine(ev, r);
      if (l) ev2.push(l);
    }
    if (leaked) ev2.push(leaked);
    const why = !rules.ok
      ? `the lookup never uses table ${T}`
      : toT.length
        ? `rule ${toT[0]!.priority} (${toT[0]!.from === 'all' ? 'from all' : `from ${toT[0]!.from}`}${toT[0]!.to ? ` to ${toT[0]!.to}` : ''}${toT[0]!.fwmark ? ` fwmark ${toT[0]!.fwmark}` : ''}${toT[0]!.iif ? ` iif ${toT[0]!.iif}` : ''}) does not select this traffic before ${winner ? `rule ${winner.priority} picks table ${chosenTable}` : 'another table answers'}`
        : `no ip rule looks up table ${T}`;
    const prio = Math.max(1, (winner?.priority ?? 32766) - 1);
    // Replayed without the rules (and without the kernel's answer), which table this traffic reaches is a guess.
    if (chosen.how === 'tables' && !rules.ok) {
      return verdict({
        check: ID, gate: GATE, status: 'UNKNOWN',
        finding: `gwA has the tunnel route ${routeText(t)}${T === 'main' ? ' in the main table' : ''}, but without its ip rules (and without a live lookup) whether this traffic reaches that table cannot be told.`,
        evidence: ev2,
        missing,
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'policy-routing', side: 'a',
      finding: `gwA has the tunnel route ${routeText(t)}${T === 'main' ? ' in the main table' : ''}, but ${why}, so ${dst} goes ${where}${leaked ? ` (the capture saw it leave ${wanIf})` : ''}.`,
      evidence: ev2,
      fix: [
        ...(inc.sites.a.tunnel.type === 'strongswan' && T === '220' && !toT.length ? [cmdWhy("charon's own rule (charon.routing_table)", 'ip', 'rule', 'add', 'priority', '220', 'lookup', '220')] : []),
        ...localLans(ev).flatMap((a) => remoteLans(ev).map((b) => cmd('ip', 'rule', 'add', 'from', a, 'to', b, 'lookup', String(T), 'priority', String(prio)))),
        ...remoteLans(ev).map((b) => note(`or: ${fixLineText(cmd('ip', 'route', 'add', b, 'dev', tun, ...(chosenTable && chosenTable !== 'main' ? ['table', String(chosenTable)] : [])))}`)),
      ],
      missing,
    });
  }

  // strongSwan: no route because no child SA to route for is a gate-3 failure showing through.
  if (inc.sites.a.tunnel.type === 'strongswan' && !tunnelRoutes.length) {
    const child = strongswanChild(ev);
    if (child.installed === false) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN',
        finding: `gwA sends ${dst} ${where}: charon has installed no route into ${tun} because no child SA covering ${src} -> ${dst} is installed, so the tunnel, not the routing, is at fault (see gate 3).`,
        evidence: [...base, ...child.lines, ...(leaked ? [leaked] : [])],
        missing,
      });
    }
    if (child.installed === null) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'no-route', side: 'a',
        finding: `gwA sends ${dst} ${where}, not into ${tun}; charon installs that route only with a child SA, and the SA list is unreadable, so a missing SA (gate 3) cannot be ruled out.`,
        evidence: [...base, ...(leaked ? [leaked] : [])],
        fix: noRouteFix(ev, tun),
        missing: [...missing, child.missing],
      });
    }
    base.push(...child.lines);
  }

  // The same table holds the tunnel route, but a longer prefix that covers the destination goes elsewhere.
  const sameTable = chosen.kind === 'route' ? tunnelRoutes.filter((r) => tableName(r.table) === chosen.table) : [];
  const specific = chosen.kind === 'route' && routes.ok && sameTable.length ? tableLookup(routes.value, chosen.table, dst) : null;
  if (chosen.kind === 'route' && specific && !routeUses(specific, tun) && prefixLength(specific) > Math.max(...sameTable.map(prefixLength))) {
    const tunnelRoute = sameTable.sort((x, y) => prefixLength(y) - prefixLength(x))[0]!;
    const ev3: EvidenceLine[] = [...base];
    for (const r of [specific, tunnelRoute]) {
      const l = routeLine(ev, r);
      if (l) ev3.push(l);
    }
    if (leaked) ev3.push(leaked);
    const tbl = chosen.table !== 'main' ? ['table', String(chosen.table)] : [];
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'more-specific-route', side: 'a',
      finding: `gwA has the tunnel route ${routeText(tunnelRoute)}, but the more specific ${routeText(specific)} covers ${dst} and wins by prefix length, so it goes ${where}${leaked ? ` (the capture saw it leave ${wanIf})` : ''}.`,
      evidence: ev3,
      fix: [
        cmd('ip', 'route', 'del', specific.dst, ...(specific.via ? ['via', specific.via] : []), ...(specific.dev ? ['dev', specific.dev] : []), ...tbl),
        note(`or, if ${specific.dst} must stay, route the pair's part of it into ${tun}: ip route add ${specific.dst} dev ${tun}${tbl.length ? ` ${tbl.join(' ')}` : ''}`),
      ],
      missing,
    });
  }

  const stolen = tunnelRoutes.length && chosen.kind === 'route' ? ` (the more specific ${chosen.text} wins over ${routeText(tunnelRoutes[0]!)})` : '';
  return verdict({
    check: ID, gate: GATE, status: 'FAIL', cause: 'no-route', side: 'a',
    finding: `gwA sends ${dst} ${where} instead of into ${tun}: no route for site B's ${remoteLans(ev).join(', ')} points at the tunnel${stolen}${leaked ? `, and the capture saw the packet leave ${wanIf} in clear` : ''}${noteText}.`,
    evidence: [...base, ...(leaked ? [leaked] : [])],
    fix: noRouteFix(ev, tun),
    missing,
  });
}

export const routeIntoTunnel: Check = {
  id: ID,
  gate: GATE,
  title: 'gwA routes the destination into the tunnel interface (routes, policy rules)',
  run,
};
