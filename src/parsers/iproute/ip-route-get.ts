// Why: `ip route get` is the kernel's own answer to "where does this packet go"; gates 1, 2 and 4 start from it.

/*
 * Decision on the kernel's refusals. `ip route get` answers some lookups with an errno instead of a route:
 *
 *   RTNETLINK answers: No route to host       EHOSTUNREACH  an "unreachable" route, or (with `iif`) the input
 *                                                            interface does not forward: net.ipv4.ip_forward = 0
 *   RTNETLINK answers: Network is unreachable ENETUNREACH   no route in any table the rules reach (or a "throw")
 *   RTNETLINK answers: Permission denied      EACCES        a "prohibit" route or rule
 *   RTNETLINK answers: Invalid argument       EINVAL        a "blackhole" route, a martian source, or (with `iif`)
 *                                                            reverse-path filtering rejecting the source
 *   RTNETLINK answers: Invalid cross-device link  EXDEV     reverse-path filtering, on older kernels
 *
 * BusyBox ip (OpenWrt, Alpine) prints the same answers prefixed "ip: " and in musl's strerror words:
 * "ip: RTNETLINK answers: Network unreachable", "Host is unreachable", "Cross-device link".
 *
 * These are routing verdicts, the very evidence the gates need (the gate-2 check for ip_forward=0 must tell
 * "No route to host" apart from "Network is unreachable"), not a failure to run the command. So they parse
 * OK, as `{ kind: 'unroutable', reason, errno, message }`, and a check switches on `reason` instead of
 * matching message text. Everything else iproute2 prints instead of a route ('Cannot find device "eth9"',
 * "Error: any valid prefix is expected ...", other RTNETLINK answers) is fail('command-error').
 */

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { lines, looksJson, parseJson } from '../text.js';
import { clip, ipErrors, isIpErrorLine, warningList } from './common.js';
import { routeFromJson, routesFromText, type Route } from './route-line.js';

export type UnroutableReason = 'no-route-to-host' | 'network-unreachable' | 'prohibited' | 'invalid' | 'rp-filter';

export interface RouteGetRoute extends Route {
  kind: 'route';
}

export interface RouteGetUnroutable {
  kind: 'unroutable';
  reason: UnroutableReason;
  errno: 'EHOSTUNREACH' | 'ENETUNREACH' | 'EACCES' | 'EINVAL' | 'EXDEV';
  /** The line as printed ("RTNETLINK answers: No route to host"). */
  message: string;
}

export type RouteGet = RouteGetRoute | RouteGetUnroutable;

const REFUSALS: ReadonlyArray<[string, UnroutableReason, RouteGetUnroutable['errno']]> = [
  ['No route to host', 'no-route-to-host', 'EHOSTUNREACH'],
  ['Network is unreachable', 'network-unreachable', 'ENETUNREACH'],
  ['Permission denied', 'prohibited', 'EACCES'],
  ['Invalid argument', 'invalid', 'EINVAL'],
  ['Invalid cross-device link', 'rp-filter', 'EXDEV'],
  // musl's strerror wordings, printed by BusyBox ip on OpenWrt and Alpine.
  ['Network unreachable', 'network-unreachable', 'ENETUNREACH'],
  ['Host is unreachable', 'no-route-to-host', 'EHOSTUNREACH'],
  ['Cross-device link', 'rp-filter', 'EXDEV'],
];

function refusal(ls: readonly string[]): RouteGetUnroutable | null {
  for (const l of ls) {
    const line = l.trim();
    // BusyBox: "ip: RTNETLINK answers: ...".
    const t = line.startsWith('ip: ') ? line.slice(4) : line;
    if (!t.startsWith('RTNETLINK answers:')) continue;
    const what = t.slice('RTNETLINK answers:'.length).trim();
    const hit = REFUSALS.find(([m]) => m === what);
    if (hit) return { kind: 'unroutable', reason: hit[1], errno: hit[2], message: line };
  }
  return null;
}

function parse(text: string): Parsed<RouteGet> {
  if (!text.trim()) return fail('empty', 'no output from ip route get');
  const ls = lines(text);
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j route get: ${j.message}`);
    const arr = Array.isArray(j.value) ? j.value : [j.value];
    const routes = arr.map((v, i) => routeFromJson(v, i, w)).filter((r): r is Route => r !== null);
    const first = routes[0];
    if (!first) return errors ? fail('command-error', errors) : fail('bad-json', 'ip -j route get: no route object with a "dst"');
    if (routes.length > 1) w.add(() => `${routes.length} routes in the answer; the first is used`);
    return ok({ kind: 'route', ...first }, w.list());
  }

  const routes = routesFromText(ls, w, isIpErrorLine);
  const first = routes[0];
  if (!first) {
    const refused = refusal(ls);
    if (refused) return ok(refused);
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip route get output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (routes.length > 1) w.add(() => `${routes.length} routes in the answer; the first is used`);
  if (errors) w.add(() => `error lines beside the route: ${errors}`);
  return ok({ kind: 'route', ...first }, w.list());
}

export const ipRouteGet: Parser<RouteGet> = {
  id: 'ip-route-get',
  commands: ['ip route get DST [from SRC iif IF]', 'ip -j route get DST [from SRC iif IF]'],
  parse,
};
