// Why: what only the gate 3, 4 and MTU checks share: the incident seen from either gateway (gwA/gwB), live captures, selector suffixes.

import type { Evidence, Sighting, Point } from '../../engine/analyze.js';
import { covers } from '../common.js';
import type { Side } from '../types.js';

export type Gw = 'gwA' | 'gwB';

export const sideOf = (gw: Gw): Side => (gw === 'gwA' ? 'a' : 'b');
export const otherGw = (gw: Gw): Gw => (gw === 'gwA' ? 'gwB' : 'gwA');

/** A compact JSON rendering of an object for quoting JSON output (keys in the order given). */
export function compact(o: unknown): string {
  return JSON.stringify(o);
}

/** Live capture: null when the recording has no capture for that point (a config-only run). */
export function seen(ev: Evidence, p: Point): Sighting | null {
  return ev.sightings[p] ?? null;
}

export function hasLiveCaptures(ev: Evidence): boolean {
  return Object.keys(ev.sightings).length > 0;
}

// ---------------------------------------------------------------- traffic selectors

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
