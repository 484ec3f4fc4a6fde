// Why: hand-built journals for report unit tests: records with seq, UTC stamps a second apart and the jump host, from bare events.

import { createHash } from 'node:crypto';
import type { Excerpt, JournalEvent, JournalRecord } from '../../src/journal/events.js';
import type { Verdict } from '../../src/checks/types.js';

export function journal(events: JournalEvent[], start = '2026-03-01T09:00:00.000Z'): JournalRecord[] {
  const t0 = Date.parse(start);
  return events.map((e, i) => ({ seq: i, ts: new Date(t0 + i * 1000).toISOString(), host: 'jump', ...e }) as JournalRecord);
}

export function out(text: string): Excerpt {
  return { excerpt: text, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), truncated: false };
}

export function startEv(over: Partial<Extract<JournalEvent, { type: 'start' }>> = {}): JournalEvent {
  return {
    type: 'start',
    mode: 'live',
    tool: 'gatewalk 0.1.0',
    title: 'siteA to siteB',
    pair: { source: '10.20.0.55', destination: '172.31.40.10', protocol: 'tcp', port: 8080 },
    incidentText: 'title: x\n',
    sites: { a: { gateway: 'siteA (ssh:gwA)', lan: '10.20.0.0/24', tunnel: 'wireguard wg0' }, b: { gateway: 'siteB (ssh:gwB)', lan: '172.31.40.0/24', tunnel: 'wireguard wg0' } },
    ...over,
  };
}

export function verdictOf(over: Partial<Verdict> & Pick<Verdict, 'gate' | 'status'>): Verdict {
  return { check: `gate${String(over.gate)}.x`, cause: null, side: null, finding: 'finding', evidence: [], fix: [], missing: [], ...over };
}

/** A diagnosis run: one verdict and one gate record per gate, then the failure record. */
export function runEvents(run: number, statuses: Partial<Record<string, Verdict>>, failure: Extract<JournalEvent, { type: 'failure' }>['failure'] = null): JournalEvent[] {
  const evs: JournalEvent[] = [];
  for (const g of [1, 2, 3, 4, 'mtu'] as const) {
    const v = statuses[String(g)] ?? verdictOf({ gate: g, status: 'PASS' });
    evs.push({ type: 'verdict', run, verdict: v }, { type: 'gate', run, gate: g, status: v.status, deciding: v.check });
  }
  evs.push({ type: 'failure', run, failure });
  return evs;
}
