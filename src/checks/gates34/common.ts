// Why: what the gate 3, 4 and MTU checks share: reading a parsed probe or saying why it is missing, quoting lines, prefix math.

import ipaddr from 'ipaddr.js';
import type { Evidence, ProbeResult, Sighting, Point } from '../../engine/analyze.js';
import type { Role } from '../../probes/catalog.js';
import type { EvidenceLine, Side } from '../types.js';

export type Gw = 'gwA' | 'gwB';

export const sideOf = (gw: Gw): Side => (gw === 'gwA' ? 'a' : 'b');
export const otherGw = (gw: Gw): Gw => (gw === 'gwA' ? 'gwB' : 'gwA');

/** A probe's parsed value, or the reason it cannot be read (for `missing`). */
export type Read<T> = { ok: true; probe: ProbeResult; value: T } | { ok: false; probe: ProbeResult | null; why: string };

/** Which evidence is missing, worded for the operator: the host is unreachable, the probe did not run, its output did not parse. */
export function read<T>(ev: Evidence, id: string): Read<T> {
  const role = id.split('.')[0] as Role;
  const p = ev.probes[id];
  if (!p) {
    if (ev.unreachable.includes(role)) return { ok: false, probe: null, why: `${id}: ${role} was unreachable` };
    return { ok: false, probe: null, why: `${id}: not collected` };
  }
  if (!p.parsed) return { ok: false, probe: p, why: `${id} (${p.command}): no parser for its output` };
  if (!p.parsed.ok) return { ok: false, probe: p, why: `${id} (${p.command}) on ${p.host}: unreadable output (${p.parsed.error.code}: ${p.parsed.error.message})` };
  return { ok: true, probe: p, value: p.parsed.value as T };
}

export function line(p: ProbeResult | { host: string; command: string }, text: string): EvidenceLine {
  return { host: p.host, command: p.command, line: text };
}

/** The first stdout line of a probe that satisfies the test, trimmed (for quoting), or null. */
export function findLine(p: ProbeResult, test: (l: string) => boolean): string | null {
  for (const l of p.stdout.replace(/\r/g, '').split('\n')) if (l.trim() && test(l)) return l.trim();
  return null;
}

/** A compact JSON rendering of an object for quoting JSON output (keys in the order given). */
export function compact(o: unknown): string {
  return JSON.stringify(o);
}

/** The tcpdump line a capture point saw, as evidence. */
export function sightingLine(s: Sighting, text: string): EvidenceLine {
  return { host: s.host, command: s.command, line: text };
}

/** Live capture: null when the recording has no capture for that point (a config-only run). */
export function seen(ev: Evidence, p: Point): Sighting | null {
  return ev.sightings[p] ?? null;
}

export function hasLiveCaptures(ev: Evidence): boolean {
  return Object.keys(ev.sightings).length > 0;
}

// ---------------------------------------------------------------- addresses and prefixes

interface Range {
  first: number;
  last: number;
}

function v4num(s: string): number | null {
  if (!ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  const b = ipaddr.IPv4.parse(s).toByteArray();
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** An IPv4 prefix, address, or "a..b" range as a numeric range; null for anything else (IPv6, "dynamic", garbage). */
export function range(spec: string): Range | null {
  const s = spec.trim().replace(/\[.*\]$/, '');
  const dots = s.indexOf('..');
  if (dots > 0) {
    const a = v4num(s.slice(0, dots));
    const b = v4num(s.slice(dots + 2));
    return a === null || b === null ? null : { first: Math.min(a, b), last: Math.max(a, b) };
  }
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? '32' : s.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenText)) return null;
  const len = Number(lenText);
  const a = v4num(addr);
  if (a === null || len > 32) return null;
  const size = 2 ** (32 - len);
  const first = Math.floor(a / size) * size;
  return { first, last: first + size - 1 };
}

/** Does the prefix/range `outer` contain all of `inner` (an address, prefix or range)? */
export function covers(outer: string, inner: string): boolean {
  const o = range(outer);
  const i = range(inner);
  return o !== null && i !== null && o.first <= i.first && i.last <= o.last;
}

/** Does any of the prefixes contain `inner`? */
export function anyCovers(outers: readonly string[], inner: string): boolean {
  return outers.some((o) => covers(o, inner));
}

/** A traffic selector with a protocol/port restriction ("10.20.0.0/24[tcp/8080]"): the part in brackets, else null. */
export function selectorRestriction(ts: string): string | null {
  const m = /\[([^\]]*)\]$/.exec(ts.trim());
  return m ? m[1]! : null;
}

// ---------------------------------------------------------------- the incident, by side

export function siteOf(ev: Evidence, gw: Gw) {
  return ev.incident.sites[gw === 'gwA' ? 'a' : 'b'];
}

export function tunnelIf(ev: Evidence, gw: Gw): string | null {
  return siteOf(ev, gw).tunnel.interface ?? null;
}

export function tunnelType(ev: Evidence): 'wireguard' | 'strongswan' | 'route-based' | 'policy-based' {
  return ev.incident.sites.a.tunnel.type;
}

/** The address the traffic leaves from and goes to, seen from a gateway (A: source -> destination; B: the mirror). */
export function localRemote(ev: Evidence, gw: Gw): { local: string; remote: string } {
  const { source, destination } = ev.incident.pair;
  return gw === 'gwA' ? { local: source, remote: destination } : { local: destination, remote: source };
}

/**
 * When the two sites' prefixes overlap (a gate 1 fault), the pair cannot be judged against tunnel policy or remote
 * delivery: the source host treats the destination as local. A sentence saying so, or null.
 */
export function overlapNote(ev: Evidence): string | null {
  const { source, destination } = ev.incident.pair;
  const a = ev.incident.sites.a.lan;
  const b = ev.incident.sites.b.lan;
  const inA = a.find((l) => covers(l, destination));
  if (inA) return `the destination ${destination} lies inside site A's own prefix ${inA} (overlapping sites, a gate 1 fault)`;
  const inB = b.find((l) => covers(l, source));
  if (inB) return `the source ${source} lies inside site B's prefix ${inB} (overlapping sites, a gate 1 fault)`;
  for (const x of a) for (const y of b) if (covers(x, y) || covers(y, x)) return `site A's ${x} and site B's ${y} overlap (a gate 1 fault)`;
  return null;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
