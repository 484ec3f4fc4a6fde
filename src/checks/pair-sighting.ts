// Why: for a TCP pair, the ping that runs beside it must not stand in for it: a capture point's counts for the pair's own protocol.

import type { Evidence, Point, Sighting } from '../engine/analyze.js';

export type PairProto = 'tcp' | 'icmp';

/** The protocol the pair is judged by: TCP when it names a port, else ICMP echo. */
export function pairProto(ev: Evidence): PairProto {
  return ev.incident.pair.protocol === 'tcp' && ev.incident.pair.port !== undefined ? 'tcp' : 'icmp';
}

/**
 * What a point saw of the pair's own protocol: requests, replies and first lines from its `byProto` split
 * (ICMP errors and ignored packets kept whole). A sighting without the split (built by hand) is returned as it is.
 */
export function pairSeen(ev: Evidence, p: Point): Sighting | null {
  const s = ev.sightings[p];
  if (!s) return null;
  const b = s.byProto?.[pairProto(ev)];
  if (!b) return s;
  return { ...s, requests: b.requests, replies: b.replies, firstRequest: b.firstRequest, firstReply: b.firstReply };
}

/** The ICMP echo's counts at a point when the pair is TCP (null for an ICMP pair or without the split). */
export function echoSeen(ev: Evidence, p: Point): { requests: number; replies: number; firstRequest: string | null; firstReply: string | null } | null {
  if (pairProto(ev) !== 'tcp') return null;
  return ev.sightings[p]?.byProto?.icmp ?? null;
}
