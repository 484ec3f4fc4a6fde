// Why: the routing tables (`ip route show`), to find the route to the remote LAN, its device, table and next hop.

/*
 * An empty text output is fail('empty') like everywhere, though for `ip route show table 220` it is an
 * answer ("no routes there"); the -j form says the same as "[]", which parses to `{ routes: [] }`.
 * `table` is only set when iproute2 prints it: absent means the main table, or the table the command
 * was filtered to (`ip route show table 220` prints no "table 220").
 */

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { lines, looksJson, parseJson } from '../text.js';
import { clip, ipErrors, isIpErrorLine, warningList } from './common.js';
import { routeFromJson, routesFromText, type Route } from './route-line.js';

export type { Route, Nexthop, RouteType } from './route-line.js';

export interface RouteTable {
  routes: Route[];
}

function parse(text: string): Parsed<RouteTable> {
  if (!text.trim()) return fail('empty', 'no routes printed');
  const ls = lines(text);
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j route show: ${j.message}`);
    if (!Array.isArray(j.value)) return fail('bad-json', 'ip -j route show: expected an array of routes');
    const routes = j.value.map((v, i) => routeFromJson(v, i, w)).filter((r): r is Route => r !== null);
    if (!routes.length && j.value.length) return fail('bad-json', 'ip -j route show: no route object with a "dst"');
    return ok({ routes }, w.list());
  }

  const routes = routesFromText(ls, w, isIpErrorLine);
  if (!routes.length) {
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip route output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (errors) w.add(() => `error lines beside the routes: ${errors}`);
  return ok({ routes }, w.list());
}

export const ipRouteShow: Parser<RouteTable> = {
  id: 'ip-route-show',
  commands: ['ip route show [table N|all] [dev IF]', 'ip -j route show [table N|all] [dev IF]'],
  parse,
};

/** Routes whose prefix contains the address (IPv4 only; "default" matches everything), most specific first. */
export function routesCovering(table: RouteTable, addr: string): Route[] {
  const a = v4(addr);
  if (a === null) return [];
  const hits: Array<[number, Route]> = [];
  for (const r of table.routes) {
    const p = prefix(r.dst);
    if (!p) continue;
    const mask = p.len === 0 ? 0 : (~0 << (32 - p.len)) >>> 0;
    if (((a & mask) >>> 0) === ((p.net & mask) >>> 0)) hits.push([p.len, r]);
  }
  return hits.sort((x, y) => y[0] - x[0]).map(([, r]) => r);
}

function v4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return null;
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

function prefix(dst: string): { net: number; len: number } | null {
  if (dst === 'default') return { net: 0, len: 0 };
  const [a, l] = dst.split('/');
  const net = v4(a ?? '');
  if (net === null) return null;
  const len = l === undefined ? 32 : Number(l);
  if (!Number.isInteger(len) || len < 0 || len > 32) return null;
  return { net, len };
}
