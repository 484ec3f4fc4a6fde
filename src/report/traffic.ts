// Why: pure: the test pair's own result per run, and where its packets were seen, as the report shows them.

import type { JournalIndex } from './journal-index.js';

export interface TrafficRow {
  point: string;
  host: string;
  iface: string;
  toward: number;
  back: number;
}

export interface TrafficRun {
  run: number;
  /** works | partial | fails | unknown, as the engine measured it. */
  status: string;
  protocol: string;
  summary: string;
  /** The host that sent the test traffic. */
  sentBy: string | null;
  rows: TrafficRow[];
  lastSeenText: string | null;
}

export function trafficRuns(ix: JournalIndex): TrafficRun[] {
  return ix.pairs.map((r) => ({
    run: r.run,
    status: r.outcome.status,
    protocol: r.outcome.protocol,
    summary: r.outcome.summary,
    sentBy: r.outcome.from,
    rows: r.seenAt.map((x) => ({ point: x.point, host: x.host, iface: x.iface, toward: x.toward, back: x.back })),
    lastSeenText: r.outcome.status === 'works' ? null : (r.lastSeen?.text ?? null),
  }));
}
