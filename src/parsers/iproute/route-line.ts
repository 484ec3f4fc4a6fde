// Why: `ip route show` and `ip route get` print the same route syntax (text and -j); one reader for both parsers.

import { isRecord, num, str } from '../text.js';
import { clip, isAddress, numLike, seconds, setKey, strings, words, type WarningList } from './common.js';

export const ROUTE_TYPES = [
  'unicast', 'local', 'broadcast', 'multicast', 'anycast', 'unreachable', 'prohibit', 'blackhole', 'throw', 'nat', 'xresolve',
] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

export interface Nexthop {
  via?: string;
  /** Set when the gateway has another family than the route ("via inet6 fe80::1"). */
  viaFamily?: string;
  dev?: string;
  weight?: number;
  flags: string[];
}

export interface Route {
  /** The route type; "unicast" when iproute2 does not print one. */
  type: RouteType | string;
  /** "default", a prefix ("10.20.0.0/24") or an address ("172.31.40.10", as `ip route get` prints it). */
  dst: string;
  /** Source prefix of the route, or the "from" address `ip route get` was asked about. */
  from?: string;
  tos?: string;
  /** Next-hop gateway ("via"; JSON "gateway"). */
  via?: string;
  viaFamily?: string;
  dev?: string;
  /** Only when printed: absent means the main table, or the table the command was filtered to. */
  table?: string;
  /** Routing protocol ("kernel", "static", "boot", "dhcp", ...; JSON "protocol"). */
  proto?: string;
  scope?: string;
  /** Preferred source address ("src"; JSON "prefsrc"). */
  src?: string;
  metric?: number;
  /** Firewall mark the lookup used (`ip route get ... mark N`), as printed. */
  mark?: string;
  uid?: number;
  /** Input interface of an `ip route get ... iif X` lookup. */
  iif?: string;
  nhid?: number;
  realms?: string;
  /** IPv6 router preference (low, medium, high). */
  pref?: string;
  /** Seconds until a cached or RA-learnt route expires. */
  expires?: number;
  /** Error code the kernel keeps on the route (IPv6 unreachable routes show "error -113"). */
  error?: number;
  /** Path MTU ("mtu 1280", or learnt PMTU in the cache line). */
  mtu?: number;
  mtuLock?: boolean;
  advmss?: number;
  /** Other route metrics (hoplimit, initcwnd, ...). */
  metrics?: Record<string, number | string>;
  /** Next-hop flags: onlink, linkdown, dead, offload, ... */
  flags: string[];
  /** `ip route get`: the cache flags (<local,brd> -> ["local", "brd"]); [] when a cache line has none. */
  cache?: string[];
  /** Multipath routes. */
  nexthops?: Nexthop[];
}

const TYPE_SET: ReadonlySet<string> = new Set(ROUTE_TYPES);
const ROUTE_FLAGS: ReadonlySet<string> = new Set([
  'dead', 'onlink', 'pervasive', 'offload', 'notify', 'linkdown', 'trap', 'rt_offload', 'rt_trap', 'rt_offload_failed',
  'offload_failed', 'unresolved',
]);
/** Keywords followed by one value that map straight to a string field. */
const STRING_KEYS: Readonly<Record<string, keyof Route>> = {
  from: 'from', tos: 'tos', dsfield: 'tos', dev: 'dev', table: 'table', proto: 'proto', scope: 'scope', src: 'src',
  mark: 'mark', iif: 'iif', realm: 'realms', realms: 'realms', pref: 'pref',
};
/** Route metrics (RTAX_*) iproute2 prints by name, each followed by an optional "lock" and a value. */
const METRIC_KEYS: ReadonlySet<string> = new Set([
  'mtu', 'advmss', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'reordering', 'hoplimit', 'initcwnd', 'features',
  'rto_min', 'initrwnd', 'quickack', 'congctl', 'fastopen_no_cookie',
]);
/** Cache-info words with one value we keep nowhere, only to step over. */
const SKIP_ONE: ReadonlySet<string> = new Set(['users', 'used', 'age', 'ipid', 'ts', 'tsage', 'oif']);

function parseInt10(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

function setMetric(r: Route, name: string, value: string, lock: boolean, w: WarningList): void {
  if (name === 'mtu') {
    const n = parseInt10(value);
    if (n === undefined) w.add(() => `route ${clip(r.dst)}: mtu "${clip(value)}" is not a number`);
    else r.mtu = n;
    if (lock) r.mtuLock = true;
    return;
  }
  if (name === 'advmss') {
    const n = parseInt10(value);
    if (n !== undefined) r.advmss = n;
    return;
  }
  r.metrics ??= {};
  const n = parseInt10(value);
  setKey(r.metrics, name, n ?? value);
}

/** A new route from the words of a route line's head; null when the line is no route. */
export function startRoute(tokens: string[]): { route: Route; rest: string[] } | null {
  let i = 0;
  let type = 'unicast';
  if (tokens[0] !== undefined && TYPE_SET.has(tokens[0])) {
    type = tokens[0];
    i = 1;
  }
  const dst = tokens[i];
  if (dst === undefined) return null;
  // A route destination is "default" or a whole address or prefix ("1:" of `ip addr`, "44" of tcpdump are not).
  if (dst !== 'default' && !isAddress(dst, { prefix: true })) return null;
  return { route: { type, dst, flags: [] }, rest: tokens.slice(i + 1) };
}

/**
 * Apply route words (after the destination, or a continuation line such as "cache ..." or "nexthop ...")
 * to a route. Unknown words become warnings.
 */
export function applyRouteWords(r: Route, tokens: string[], w: WarningList): void {
  let nh: Nexthop | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t === 'nexthop') {
      nh = { flags: [] };
      (r.nexthops ??= []).push(nh);
      continue;
    }
    if (t === 'cache') {
      r.cache ??= [];
      continue;
    }
    if (t.startsWith('<') && t.endsWith('>') && r.cache) {
      for (const f of t.slice(1, -1).split(',')) if (f) r.cache.push(f);
      continue;
    }
    if (t === 'via') {
      if (next === undefined) break;
      let family: string | undefined;
      let addr = next;
      if ((next === 'inet' || next === 'inet6') && tokens[i + 2] !== undefined) {
        family = next;
        addr = tokens[i + 2]!;
        i++;
      }
      i++;
      if (nh) {
        nh.via = addr;
        if (family) nh.viaFamily = family;
      } else {
        r.via = addr;
        if (family) r.viaFamily = family;
      }
      continue;
    }
    if (nh && (t === 'dev' || t === 'weight')) {
      if (next === undefined) break;
      i++;
      if (t === 'dev') nh.dev = next;
      else {
        const n = parseInt10(next);
        if (n !== undefined) nh.weight = n;
      }
      continue;
    }
    if (ROUTE_FLAGS.has(t)) {
      if (nh) nh.flags.push(t);
      else r.flags.push(t);
      continue;
    }
    const key = STRING_KEYS[t];
    if (key) {
      if (next === undefined) break;
      i++;
      (r as unknown as Record<string, unknown>)[key] = next;
      continue;
    }
    if (t === 'metric' || t === 'uid' || t === 'nhid' || t === 'error') {
      if (next === undefined) break;
      i++;
      const n = parseInt10(next);
      if (n === undefined) w.add(() => `route ${clip(r.dst)}: ${t} "${clip(next)}" is not a number`);
      else r[t] = n;
      continue;
    }
    if (t === 'expires') {
      if (next === undefined) break;
      i++;
      const n = seconds(next);
      if (n !== undefined) r.expires = n;
      continue;
    }
    if (METRIC_KEYS.has(t)) {
      let lock = false;
      let v = next;
      if (v === 'lock') {
        lock = true;
        v = tokens[i + 2];
        i++;
      }
      if (v === undefined) break;
      i++;
      setMetric(r, t, v, lock, w);
      continue;
    }
    if (SKIP_ONE.has(t)) {
      i++;
      continue;
    }
    w.add(() => `route ${clip(r.dst)}: unknown word "${clip(t)}"`);
  }
}

function nexthopFromJson(v: unknown): Nexthop | null {
  if (!isRecord(v)) return null;
  const nh: Nexthop = { flags: strings(v.flags) };
  const gw = str(v.gateway);
  if (gw !== undefined) nh.via = gw;
  if (isRecord(v.via)) {
    const host = str(v.via.host);
    if (host !== undefined) nh.via = host;
    const fam = str(v.via.family);
    if (fam !== undefined) nh.viaFamily = fam;
  }
  const dev = str(v.dev);
  if (dev !== undefined) nh.dev = dev;
  const weight = num(v.weight);
  if (weight !== undefined) nh.weight = weight;
  return nh;
}

/** One route object of `ip -j route show|get`; null (with a warning) when it has no destination. */
export function routeFromJson(v: unknown, index: number, w: WarningList): Route | null {
  if (!isRecord(v)) {
    w.add(() => `route #${index + 1}: not an object`);
    return null;
  }
  const dst = str(v.dst);
  if (dst === undefined) {
    w.add(() => `route #${index + 1}: no "dst"`);
    return null;
  }
  if ('lladdr' in v || Array.isArray(v.state) || 'priority' in v) {
    // `ip -j neigh` and `ip -j rule` objects also carry "dst"; a route has no link-layer address, NUD states or rule priority.
    w.add(() => `route #${index + 1}: a neighbour or rule entry (lladdr/state/priority), not a route`);
    return null;
  }
  const r: Route = { type: str(v.type) ?? 'unicast', dst, flags: strings(v.flags) };
  const s = (k: string): string | undefined => {
    const x = v[k];
    return typeof x === 'string' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : undefined;
  };
  const from = s('from');
  if (from !== undefined) r.from = from;
  const tos = s('tos');
  if (tos !== undefined) r.tos = tos;
  const gw = s('gateway');
  if (gw !== undefined) r.via = gw;
  if (isRecord(v.via)) {
    const host = str(v.via.host);
    if (host !== undefined) r.via = host;
    const fam = str(v.via.family);
    if (fam !== undefined) r.viaFamily = fam;
  }
  const dev = s('dev');
  if (dev !== undefined) r.dev = dev;
  const table = s('table');
  if (table !== undefined) r.table = table;
  const proto = s('protocol');
  if (proto !== undefined) r.proto = proto;
  const scope = s('scope');
  if (scope !== undefined) r.scope = scope;
  const src = s('prefsrc');
  if (src !== undefined) r.src = src;
  const metric = numLike(v.metric);
  if (metric !== undefined) r.metric = metric;
  const mark = s('mark');
  if (mark !== undefined) r.mark = mark;
  const uid = numLike(v.uid);
  if (uid !== undefined) r.uid = uid;
  const iif = s('iif');
  if (iif !== undefined) r.iif = iif;
  const nhid = numLike(v.nhid);
  if (nhid !== undefined) r.nhid = nhid;
  const realms = s('realms') ?? s('realm');
  if (realms !== undefined) r.realms = realms;
  const pref = s('pref');
  if (pref !== undefined) r.pref = pref;
  const expires = numLike(v.expires);
  if (expires !== undefined) r.expires = expires;
  const error = numLike(v.error);
  if (error !== undefined) r.error = error;
  if (Array.isArray(v.cache)) r.cache = strings(v.cache);
  // "metrics": [ { "mtu": 1280, "advmss": 1200 } ] (an object in some versions).
  const mx = Array.isArray(v.metrics) ? v.metrics : v.metrics !== undefined ? [v.metrics] : [];
  for (const m of mx) {
    if (!isRecord(m)) continue;
    for (const [k, val] of Object.entries(m)) {
      if (k === 'lock') continue;
      const n = numLike(val);
      if (n === undefined && typeof val !== 'string') continue;
      if (k === 'mtu' && n !== undefined) r.mtu = n;
      else if (k === 'advmss' && n !== undefined) r.advmss = n;
      else {
        r.metrics ??= {};
        setKey(r.metrics, k, n ?? (val as string));
      }
    }
  }
  if (Array.isArray(v.nexthops)) {
    const hops = v.nexthops.map(nexthopFromJson).filter((x): x is Nexthop => x !== null);
    if (hops.length) r.nexthops = hops;
  }
  return r;
}

const OTHER_ROUTE_WORDS: ReadonlySet<string> = new Set(['via', 'nexthop', 'metric', 'nhid', 'expires', 'error', 'uid', 'cache', 'weight', 'preference', 'priority']);

/**
 * A route line carries at least one route keyword after its destination (a multipath head may carry none: its next hops
 * follow), and none of a neighbour entry's words (lladdr, NUD states in capitals).
 */
function routeShaped(tokens: readonly string[]): boolean {
  if (tokens.some((t) => t === 'lladdr' || /^[A-Z_]{3,12}$/.test(t))) return false;
  const typed = TYPE_SET.has(tokens[0] ?? '');
  const rest = tokens.slice(typed ? 2 : 1);
  if (!rest.length) return !typed || tokens[0] !== 'local';
  return rest.some((t) => t in STRING_KEYS || METRIC_KEYS.has(t) || ROUTE_FLAGS.has(t) || OTHER_ROUTE_WORDS.has(t));
}

/** Text routes: one line per route, indented continuation lines ("nexthop ...", "cache ...") belong to the one above. */
export function routesFromText(lines: readonly string[], w: WarningList, isError: (l: string) => boolean): Route[] {
  const routes: Route[] = [];
  let last: Route | null = null;
  lines.forEach((line, n) => {
    if (line.trim() === '' || isError(line)) return;
    const tokens = words(line);
    if (/^\s/.test(line)) {
      // An indented line continues the route above ("nexthop ...", "cache ..."); with none above it is not a route.
      if (last) applyRouteWords(last, tokens, w);
      else w.add(() => `line ${n + 1}: indented line with no route above: "${clip(line)}"`);
      return;
    }
    const head = startRoute(tokens);
    if (!head || !routeShaped(tokens)) {
      w.add(() => `line ${n + 1}: not a route: "${clip(line)}"`);
      last = null;
      return;
    }
    applyRouteWords(head.route, head.rest, w);
    routes.push(head.route);
    last = head.route;
  });
  return routes;
}
