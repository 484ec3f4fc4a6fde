// Why: replay the kernel's policy-routing lookup (ip rule -> tables -> longest prefix) on recorded tables, to tell "no route" from "route in a table nobody selects".

import type { Route, RouteTable } from '../../parsers/iproute/ip-route-show.js';
import type { Rule, RuleList } from '../../parsers/iproute/ip-rule-show.js';
import { covers, prefix, v4 } from '../common.js';

export interface Packet {
  src: string;
  dst: string;
  iif: string;
  protocol: 'icmp' | 'tcp';
  port?: number;
}

export type Decision =
  | { kind: 'route'; table: string; route: Route; rule: Rule | null }
  /** An unreachable / blackhole / prohibit route or rule ends the lookup. */
  | { kind: 'refused'; table: string | null; route: Route | null; rule: Rule | null }
  | { kind: 'none' };

export interface Lookup {
  decision: Decision;
  /** Tables the rules sent this packet to, in order, up to the decision. */
  consulted: Array<{ table: string; rule: Rule }>;
  /** Rules whose selector we could not evaluate (they might have changed the outcome). */
  uncertain: Rule[];
}

const TABLE_ALIASES: Record<string, string> = { '254': 'main', '255': 'local', '253': 'default', '0': 'unspec' };

export function tableName(t: string | undefined): string {
  if (t === undefined) return 'main';
  return TABLE_ALIASES[t] ?? t;
}

function matchesPrefix(sel: string | undefined, addr: string): boolean | null {
  if (sel === undefined || sel === 'all') return true;
  if (!prefix(sel)) return null;
  return covers(sel, addr);
}

function markMatches(fwmark: string): boolean | null {
  // A forwarded packet from the LAN carries mark 0 unless a firewall sets one.
  const [v, m] = fwmark.split('/');
  const val = v === undefined ? NaN : Number(v);
  const msk = m === undefined ? 0xffffffff : Number(m);
  if (!Number.isFinite(val) || !Number.isFinite(msk)) return null;
  return ((0 & msk) >>> 0) === ((val & msk) >>> 0);
}

function protoMatches(ipproto: string, p: Packet): boolean | null {
  const t = ipproto.toLowerCase();
  if (t === 'tcp' || t === '6') return p.protocol === 'tcp';
  if (t === 'icmp' || t === '1') return p.protocol === 'icmp';
  if (/^[a-z0-9-]{1,20}$/.test(t)) return false;
  return null;
}

function portMatches(spec: string, port: number | undefined): boolean | null {
  if (port === undefined) return null;
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(spec);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return port >= lo && port <= hi;
}

/** true / false, or null when the selector uses something we cannot evaluate for a forwarded packet. */
export function ruleSelects(r: Rule, p: Packet): boolean | null {
  const parts: Array<boolean | null> = [matchesPrefix(r.from, p.src), matchesPrefix(r.to, p.dst)];
  if (r.iif !== undefined) parts.push(r.iif === p.iif);
  // Forwarded packets have no output interface bound before the lookup.
  if (r.oif !== undefined) parts.push(false);
  if (r.fwmark !== undefined) parts.push(markMatches(r.fwmark));
  if (r.uidrange !== undefined) {
    const m = /^(\d{1,10})-(\d{1,10})$/.exec(r.uidrange);
    parts.push(m ? Number(m[1]) === 0 : null);
  }
  if (r.ipproto !== undefined) parts.push(protoMatches(r.ipproto, p));
  if (r.dport !== undefined) parts.push(p.protocol === 'tcp' ? portMatches(r.dport, p.port) : false);
  if (r.sport !== undefined) parts.push(p.protocol === 'tcp' ? null : false);
  if (r.tos !== undefined) parts.push(/^(0x0*|0|default)$/.test(r.tos) ? true : null);
  if (r.l3mdev) parts.push(null);
  if (r.flags.includes('detached') || r.flags.includes('unresolved')) parts.push(false);
  if (parts.includes(false)) return r.not ? true : false;
  if (parts.includes(null)) return null;
  return r.not ? false : true;
}

/** The route the table gives the destination: longest prefix, then lowest metric. IPv4 only. */
export function tableLookup(routes: RouteTable, table: string, dst: string): Route | null {
  const t = tableName(table);
  let best: Route | null = null;
  let bestLen = -1;
  let bestMetric = Infinity;
  if (v4(dst) === null) return null;
  for (const r of routes.routes) {
    if (tableName(r.table) !== t) continue;
    if (r.type === 'multicast') continue;
    const p = prefix(r.dst);
    if (!p || !covers(r.dst, dst)) continue;
    const metric = r.metric ?? 0;
    if (p.len > bestLen || (p.len === bestLen && metric < bestMetric)) {
      best = r;
      bestLen = p.len;
      bestMetric = metric;
    }
  }
  return best;
}

function prefixLen(r: Route): number {
  return prefix(r.dst)?.len ?? 32;
}

/**
 * The kernel's answer for a forwarded packet, from `ip rule show` and `ip route show table all`.
 * Without rules (null) the default three (local, main, default) apply.
 */
export function lookup(rules: RuleList | null, routes: RouteTable, p: Packet): Lookup {
  const list: Rule[] = rules
    ? [...rules.rules].sort((a, b) => a.priority - b.priority)
    : [0, 32766, 32767].map((priority, i) => ({ priority, not: false, from: 'all', action: 'lookup', table: ['local', 'main', 'default'][i]!, flags: [] }));
  const consulted: Lookup['consulted'] = [];
  const uncertain: Rule[] = [];
  let gotoPrio: number | null = null;
  for (const r of list) {
    if (gotoPrio !== null && r.priority < gotoPrio) continue;
    gotoPrio = null;
    const sel = ruleSelects(r, p);
    if (sel === null) {
      uncertain.push(r);
      continue;
    }
    if (!sel) continue;
    if (r.action === 'goto' && r.goto !== undefined) {
      gotoPrio = r.goto;
      continue;
    }
    if (r.action === 'blackhole' || r.action === 'unreachable' || r.action === 'prohibit') {
      return { decision: { kind: 'refused', table: null, route: null, rule: r }, consulted, uncertain };
    }
    if (r.action !== 'lookup' || r.table === undefined) continue;
    const table = tableName(r.table);
    consulted.push({ table, rule: r });
    const route = tableLookup(routes, table, p.dst);
    if (!route) continue;
    if (r.suppressPrefixlength !== undefined && prefixLen(route) <= r.suppressPrefixlength) continue;
    if (route.type === 'throw') continue;
    if (route.type === 'unreachable' || route.type === 'blackhole' || route.type === 'prohibit') {
      return { decision: { kind: 'refused', table, route, rule: r }, consulted, uncertain };
    }
    return { decision: { kind: 'route', table, route, rule: r }, consulted, uncertain };
  }
  return { decision: { kind: 'none' }, consulted, uncertain };
}

/** Whether a route sends packets out of the interface (its dev, or one of its nexthops). */
export function routeUses(r: Route, ifname: string): boolean {
  return r.dev === ifname || (r.nexthops ?? []).some((n) => n.dev === ifname);
}

/** Every IPv4 unicast route in any table that covers the destination and leaves by the interface. */
export function routesVia(routes: RouteTable, dst: string, ifname: string): Route[] {
  return routes.routes.filter((r) => (r.type === 'unicast' || r.type === undefined) && prefix(r.dst) !== null && covers(r.dst, dst) && routeUses(r, ifname));
}

/** `ip route show` style text of a parsed route, for findings. */
export function routeText(r: Route): string {
  const parts = [r.type !== 'unicast' ? `${r.type} ${r.dst}` : r.dst];
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.table && tableName(r.table) !== 'main') parts.push(`table ${r.table}`);
  return parts.join(' ');
}
