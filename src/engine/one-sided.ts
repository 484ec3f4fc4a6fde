// Why: pure: a two-sided recording seen as if site B's gateway (and host) were out of reach, so every recorded scenario also trains and tests the one-sided diagnosis.

import { parseDocument } from 'yaml';
import type { Vendor } from '../incident/schema.js';
import type { Recording } from './recording.js';

const FAR = new Set(['gwB', 'hostB']);

/**
 * The recording with everything from site B's gateway and host left out (probes, captures, counter
 * samples), and its incident saying `target: { none: true }` with the vendor and the peer's public
 * address. What remains is exactly what a run from site A alone would have collected, but for the
 * outer-packet capture such a run adds (older recordings have none).
 */
export function asOneSided(rec: Recording, o: { vendor: Vendor; peerAddress?: string }): Recording {
  const doc = parseDocument(rec.incidentText);
  doc.setIn(['sites', 'b', 'gateway', 'target'], doc.createNode({ none: true }));
  doc.setIn(['sites', 'b', 'gateway', 'vendor'], o.vendor);
  if (o.peerAddress && !doc.getIn(['sites', 'b', 'gateway', 'wan_address'])) doc.setIn(['sites', 'b', 'gateway', 'wan_address'], o.peerAddress);
  doc.deleteIn(['sites', 'b', 'gateway', 'sudo']);
  doc.deleteIn(['sites', 'b', 'host']);
  const keep = <T extends { role: string }>(r: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(r).filter(([, c]) => !FAR.has(c.role)));
  return {
    incidentText: doc.toString(),
    probes: keep(rec.probes),
    streams: keep(rec.streams),
    counters: rec.counters.gwA ? { gwA: rec.counters.gwA } : {},
    traffic: keep(rec.traffic),
    unreachable: rec.unreachable.filter((r) => !FAR.has(r)),
  };
}
