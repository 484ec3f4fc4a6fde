// Why: with dynamic routing (FRR), `show ip route PREFIX` says who installed the route to the far site and whether its next hop is the tunnel.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { int, isRecord, lines, looksJson, num, parseJson, str } from '../text.js';
import { isVtyshRouteTable, parseVtyshRouteTable } from './vtysh-route-table.js';

export interface FrrNexthop {
  /** Installed in the kernel (the "*" in text, "fib": true in JSON). */
  fib: boolean;
  gateway: string | null;
  interface: string | null;
  directlyConnected: boolean;
  active: boolean;
  recursive: boolean;
  /** "unreachable (blackhole)" / blackhole / reject next hops. */
  blackhole: boolean;
  weight: number | null;
}

export interface FrrRoute {
  prefix: string;
  /** "static", "bgp", "kernel", "connected", "ospf"... */
  protocol: string;
  distance: number | null;
  metric: number | null;
  /** The best route for the prefix ("best" in text, "selected" in JSON). */
  selected: boolean;
  /** Installed in the FIB: JSON "installed", or any next hop marked "*" in text. */
  installed: boolean;
  vrf: string | null;
  table: number | null;
  /** "Last update 00:03:12 ago" / JSON "uptime". */
  uptime: string | null;
  nexthops: FrrNexthop[];
  /** JSON "offloaded": the route is programmed into a hardware forwarding table (switch ASIC), not only the kernel. */
  offloaded?: boolean;
  /** JSON "tag" (route-map tag of a static or redistributed route). */
  tag?: number;
}

export interface VtyshRouteReport {
  /** False for "% Network not in table" (text) or {} (JSON). */
  found: boolean;
  routes: FrrRoute[];
}

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

const ERROR = /^(?:% (?:Unknown command|Command incomplete|Ambiguous command|Invalid|Malformed|There is no|Specified)|Exiting: |vtysh: |(?:sh|bash): )/;

function textNexthop(t: string): FrrNexthop {
  let s = t;
  const fib = s.startsWith('*');
  if (fib) s = s.slice(1).trimStart();
  const parts = s.split(', ');
  const nh: FrrNexthop = { fib, gateway: null, interface: null, directlyConnected: false, active: true, recursive: false, blackhole: false, weight: null };
  for (let i = 0; i < parts.length; i++) {
    const p = (parts[i] ?? '').trim();
    if (i === 0) {
      if (p === 'directly connected') {
        nh.directlyConnected = true;
        const ifName = parts[1]?.trim();
        if (ifName !== undefined && !ifName.includes(' ')) {
          nh.interface = ifName;
          i++;
        }
        continue;
      }
      if (/blackhole|unreachable|reject/.test(p)) {
        nh.blackhole = true;
        continue;
      }
      const words = p.split(' ');
      if (words[0] === 'via' && words[1] !== undefined) nh.interface = words[1];
      else nh.gateway = words[0] ?? null;
      if (words.includes('(recursive)')) nh.recursive = true;
      if (words.includes('inactive')) nh.active = false;
      continue;
    }
    const via = /^via (\S{1,64})(.*)$/.exec(p);
    if (via) {
      nh.interface = via[1] ?? null;
      if ((via[2] ?? '').includes('inactive')) nh.active = false;
      continue;
    }
    const w = /^weight (\d{1,9})/.exec(p);
    if (w) {
      nh.weight = int(w[1]);
      continue;
    }
    if (p.includes('inactive')) nh.active = false;
    if (p.includes('(recursive)')) nh.recursive = true;
  }
  return nh;
}

function parseText(text: string): Parsed<VtyshRouteReport> {
  const warnings: string[] = [];
  const routes: FrrRoute[] = [];
  let notFound = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const n = i + 1;
    const t = (all[i] ?? '').trim();
    if (!t) continue;
    if (t === '% Network not in table') {
      notFound = true;
      continue;
    }
    if (t.startsWith("% Can't open configuration file")) {
      warnings.push(`line ${n}: ${clip(t)}`);
      continue;
    }
    if (ERROR.test(t)) {
      if (!routes.length) return fail('command-error', clip(t, 300), n);
      warnings.push(`line ${n}: ${clip(t)}`);
      continue;
    }
    const entry = /^Routing entry for (\S{1,64})(.*)$/.exec(t);
    if (entry) {
      routes.push({ prefix: entry[1] ?? '', protocol: '', distance: null, metric: null, selected: false, installed: false, vrf: null, table: null, uptime: null, nexthops: [] });
      continue;
    }
    const r = routes[routes.length - 1];
    if (!r) {
      warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
      continue;
    }
    const known = /^Known via "([^"]{1,40})"(.*)$/.exec(t);
    if (known) {
      r.protocol = known[1] ?? '';
      const rest = known[2] ?? '';
      const d = /, distance (\d{1,9})/.exec(rest);
      const m = /, metric (\d{1,10})/.exec(rest);
      const v = /, vrf (\S{1,64}?),?(?: |$)/.exec(rest);
      const tb = /, table (\d{1,10})/.exec(rest);
      r.distance = d ? int(d[1]) : null;
      r.metric = m ? int(m[1]) : null;
      r.vrf = v ? (v[1] ?? null) : null;
      r.table = tb ? int(tb[1]) : null;
      r.selected = /, best(?:,|$)/.test(rest);
      continue;
    }
    const up = /^Last update (\S{1,32}) ago$/.exec(t);
    if (up) {
      r.uptime = up[1] ?? null;
      continue;
    }
    if (t.startsWith('* ') || t.startsWith('directly connected') || /^\d|^[0-9a-f:]{2,}[,\s]|^via |^unreachable|^blackhole|^reject/.test(t)) {
      const nh = textNexthop(t);
      r.nexthops.push(nh);
      if (nh.fib) r.installed = true;
      continue;
    }
    warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
  }
  if (!routes.length && !notFound) return fail('unrecognized', 'no "Routing entry for" or "% Network not in table" line');
  return ok({ found: routes.length > 0, routes }, warnings);
}

function jsonNexthop(v: unknown): FrrNexthop | null {
  if (!isRecord(v)) return null;
  const w = num(v.weight);
  return {
    fib: v.fib === true,
    gateway: str(v.ip) ?? null,
    interface: str(v.interfaceName) ?? null,
    directlyConnected: v.directlyConnected === true,
    active: v.active === true,
    recursive: v.recursive === true,
    blackhole: v.unreachable === true || v.blackhole === true || v.reject === true,
    weight: w !== undefined && Number.isInteger(w) ? w : null,
  };
}

function parseJsonForm(text: string): Parsed<VtyshRouteReport> {
  const j = parseJson(text);
  if (!j.ok) return fail('bad-json', `vtysh JSON does not parse: ${clip(j.message, 200)}`);
  if (!isRecord(j.value)) return fail('bad-json', 'vtysh route JSON is not an object of prefixes');
  const warnings: string[] = [];
  const routes: FrrRoute[] = [];
  for (const [key, list] of Object.entries(j.value)) {
    if (!/^[0-9a-fA-F.:]{2,39}\/\d{1,3}$/.test(key)) {
      // vtysh keys its routes by prefix; {"nftables": [...]} or {"kernel": {...}} is another command's JSON.
      warnings.push(`${clip(key, 64)}: not a prefix`);
      continue;
    }
    if (!Array.isArray(list)) {
      warnings.push(`${clip(key, 64)}: not a list of routes`);
      continue;
    }
    for (const e of list) {
      if (!isRecord(e)) {
        warnings.push(`${clip(key, 64)}: route entry is not an object`);
        continue;
      }
      const nhs = Array.isArray(e.nexthops) ? e.nexthops : [];
      const nexthops: FrrNexthop[] = [];
      for (const x of nhs) {
        const nh = jsonNexthop(x);
        if (nh) nexthops.push(nh);
        else warnings.push(`${clip(key, 64)}: next hop is not an object`);
      }
      const int_ = (x: unknown): number | null => {
        const v = num(x);
        return v !== undefined && Number.isInteger(v) ? v : null;
      };
      routes.push({
        prefix: str(e.prefix) ?? key,
        protocol: str(e.protocol) ?? '',
        distance: int_(e.distance),
        metric: int_(e.metric),
        selected: e.selected === true,
        installed: e.installed === true,
        vrf: str(e.vrfName) ?? null,
        table: int_(e.table),
        uptime: str(e.uptime) ?? null,
        nexthops,
        ...(typeof e.offloaded === 'boolean' ? { offloaded: e.offloaded } : {}),
        ...(int_(e.tag) !== null ? { tag: int_(e.tag)! } : {}),
      });
    }
  }
  return ok({ found: routes.length > 0, routes }, warnings);
}

export function parseVtyshRoute(text: string): Parsed<VtyshRouteReport> {
  if (!text.trim()) return fail('empty', 'no vtysh output');
  if (looksJson(text)) return parseJsonForm(text);
  // `show ip route` without a prefix prints the table form; `show ip route PREFIX` the "Routing entry for" form.
  return !text.includes('Routing entry for ') && isVtyshRouteTable(text) ? parseVtyshRouteTable(text) : parseText(text);
}

export const vtyshRouteParser: Parser<VtyshRouteReport> = {
  id: 'vtysh-route',
  commands: ['vtysh -c "show ip route PREFIX"', 'vtysh -c "show ip route PREFIX json"', 'vtysh -c "show ip route [vrf all]" (table form)'],
  parse: parseVtyshRoute,
};
