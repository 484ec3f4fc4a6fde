// Why: pure: the test pair's own result and the "seen at" table (one row per capture point, a column per direction), as text lines for check, the TUI and the report.

import type { LastSeen, PairOutcome, SeenAtRow } from '../engine/ground-truth.js';
import { visible } from './sanitize.js';

export interface Traffic {
  outcome: PairOutcome;
  seenAt: readonly SeenAtRow[];
  lastSeen: LastSeen | null;
}

const POINT_WORDS: Record<string, string> = { lanA: "gwA's LAN", tunA: "gwA's tunnel", wanA: "gwA's WAN, in clear", wanB: "gwB's WAN, in clear", tunB: "gwB's tunnel", lanB: "gwB's LAN" };

/** "test traffic: FAILS: ...", the table, and where the packets were last seen when the pair does not work. */
export function trafficLines(t: Traffic): string[] {
  const o = t.outcome;
  const out = [`test traffic: ${o.status.toUpperCase()}: ${visible(o.summary)}`];
  if (t.seenAt.length) {
    out.push(`seen at (${o.protocol === 'tcp' ? 'tcp' : 'icmp echo'} packets of the pair)`.padEnd(38) + 'toward dst'.padStart(10) + 'back to src'.padStart(14));
    for (const r of t.seenAt) {
      const name = `${r.point.padEnd(5)} ${visible(`${r.host} ${r.iface}`)}`;
      out.push(`  ${name.padEnd(36)}${String(r.toward).padStart(10)}${String(r.back).padStart(14)}   ${POINT_WORDS[r.point] ?? ''}`);
    }
  }
  if (t.lastSeen && o.status !== 'works') out.push(`last seen: ${visible(t.lastSeen.text)}`);
  return out;
}

/** The same facts in a few lines for a narrow panel: one line per direction, the point codes in path order. */
export function trafficCompactLines(t: Traffic): string[] {
  const o = t.outcome;
  const out = [`test traffic: ${o.status.toUpperCase()}: ${visible(o.summary)}`];
  if (t.seenAt.length) {
    const row = (pick: (r: SeenAtRow) => number) => t.seenAt.map((r) => `${r.point} ${pick(r)}`).join('  ');
    out.push(`seen toward dst: ${row((r) => r.toward)}`);
    out.push(`seen back to src: ${row((r) => r.back)}`);
  }
  if (t.lastSeen && o.status !== 'works') out.push(`last seen: ${visible(t.lastSeen.text)}`);
  return out;
}
