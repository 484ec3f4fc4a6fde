// Why: `vtysh -c "show ip route"` without json prints a table (codes legend, one line per route, ECMP next hops on
// continuation lines); people paste that form far more often than JSON, so it is read into the JSON form's shape.

import { fail, ok, type Parsed } from '../result.js';
import { int, lines } from '../text.js';
import type { FrrNexthop, FrrRoute, VtyshRouteReport } from './vtysh-route.js';

/** The route-type letter of the table's first column, as FRR's JSON names the protocol. */
const PROTOCOLS: Record<string, string> = {
  K: 'kernel',
  C: 'connected',
  L: 'local',
  S: 'static',
  R: 'rip',
  O: 'ospf',
  I: 'isis',
  B: 'bgp',
  E: 'eigrp',
  N: 'nhrp',
  T: 'table',
  t: 'table-direct',
  v: 'vnc',
  V: 'vnc-direct',
  A: 'babel',
  D: 'sharp',
  F: 'pbr',
  f: 'openfabric',
};

/**
 * A route line: type letter, then the selected/FIB/queued/rejected/offload flag columns, a space, the prefix.
 * "K>* 0.0.0.0/0 [0/0] via ...", "C>* 10.0.0.0/24 is directly connected, eth0, 00:01:02", "O   10.0.0.0/8 [110/10] via ...".
 */
const ROUTE = /^([KCLSROIBENTtvVADFf])([> *qrotb]{1,4}) ?([0-9A-Fa-f.:]{2,39}\/\d{1,3})(?: \[(\d{1,9})\/(\d{1,10})\])? (.{1,400})$/;

/** A continuation line (further next hop of the route above): leading spaces, flags, then the next hop. */
const CONTINUATION = /^ {1,4}([> *qrotb]{0,4}) +((?:via |is directly connected|unreachable|blackhole|reject|Null0).{0,400})$/;

/** FRR's uptime column: "00:01:02", "1d02h03m", "02w6d03h". */
const UPTIME = /^(?:\d{2}:\d{2}:\d{2}|\d{1,4}d\d{2}h\d{2}m|\d{1,4}w\d{1,2}d\d{2}h)$/;

/** "VRF default:", "VRF BLUE:", "IPv4 unicast VRF default:" (FRR 10) headers of `vrf all`. */
const VRF_HEADER = /^(?:IPv[46] unicast )?VRF (\S{1,64}):$/;

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

/** True when the text is the table form: a codes legend, or a line shaped like a table route line. */
export function isVtyshRouteTable(text: string): boolean {
  for (const l of lines(text)) {
    if (l.startsWith('Codes: K - kernel route')) return true;
    if (ROUTE.test(l)) return true;
  }
  return false;
}

/** The next-hop part of a route or continuation line: "via 10.0.0.1, eth0, weight 1, 00:01:02". */
function nexthopOf(body: string, fib: boolean): { nh: FrrNexthop; uptime: string | null } {
  const nh: FrrNexthop = { fib, gateway: null, interface: null, directlyConnected: false, active: true, recursive: false, blackhole: false, weight: null };
  let uptime: string | null = null;
  const parts = body.split(', ');
  for (let i = 0; i < parts.length; i++) {
    const p = (parts[i] ?? '').trim();
    if (i === parts.length - 1 && UPTIME.test(p)) {
      uptime = p;
      continue;
    }
    if (i === 0) {
      if (p.startsWith('is directly connected')) nh.directlyConnected = true;
      else if (/^(?:unreachable|blackhole|reject|Null0)/.test(p)) nh.blackhole = true;
      else {
        const v = /^via (\S{1,64})(.*)$/.exec(p);
        if (v) {
          nh.gateway = v[1] ?? null;
          if ((v[2] ?? '').includes('(recursive)')) nh.recursive = true;
          if ((v[2] ?? '').includes('inactive')) nh.active = false;
        }
      }
      continue;
    }
    const w = /^weight (\d{1,9})$/.exec(p);
    if (w) {
      nh.weight = int(w[1]);
      continue;
    }
    if (p.startsWith('src ') || p.startsWith('label ') || p.startsWith('onlink') || p === 'rejected' || p.startsWith('(')) continue;
    // The interface column: "eth0", "vti-vti0 inactive".
    const ifm = /^(\S{1,64})( inactive)?$/.exec(p);
    if (ifm && nh.interface === null) {
      nh.interface = ifm[1] ?? null;
      if (ifm[2]) nh.active = false;
      continue;
    }
    if (p.includes('inactive')) nh.active = false;
  }
  return { nh, uptime };
}

export function parseVtyshRouteTable(text: string): Parsed<VtyshRouteReport> {
  const warnings: string[] = [];
  const routes: FrrRoute[] = [];
  let vrf: string | null = null;
  let legend = false;
  let sawLegend = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const n = i + 1;
    const raw = all[i] ?? '';
    const t = raw.trim();
    if (!t) {
      legend = false;
      continue;
    }
    if (raw.startsWith('Codes: ')) {
      legend = true;
      sawLegend = true;
      continue;
    }
    // Legend continuation lines: "       O - OSPF, I - IS-IS, ...", "       > - selected route, * - FIB route".
    if (legend && /^ {4,}\S{1,2} - \S/.test(raw)) continue;
    legend = false;
    const hdr = VRF_HEADER.exec(t);
    if (hdr) {
      vrf = hdr[1] ?? null;
      continue;
    }
    const r = ROUTE.exec(raw);
    if (r) {
      const flags = r[2] ?? '';
      const { nh, uptime } = nexthopOf(r[6] ?? '', flags.includes('*'));
      routes.push({
        prefix: r[3] ?? '',
        protocol: PROTOCOLS[r[1] ?? ''] ?? '',
        distance: r[4] === undefined ? null : int(r[4]),
        metric: r[5] === undefined ? null : int(r[5]),
        selected: flags.includes('>'),
        installed: nh.fib,
        vrf,
        table: null,
        uptime,
        nexthops: [nh],
      });
      continue;
    }
    const c = CONTINUATION.exec(raw);
    const last = routes[routes.length - 1];
    if (c && last) {
      const { nh } = nexthopOf(c[2] ?? '', (c[1] ?? '').includes('*'));
      last.nexthops.push(nh);
      if (nh.fib) last.installed = true;
      continue;
    }
    warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
  }
  if (!routes.length && !sawLegend) return fail('unrecognized', 'no route line of the `show ip route` table');
  return ok({ found: routes.length > 0, routes }, warnings);
}
