// Why: `npm run bench -- --report`: time to build the Markdown report from a 10,000-record journal (read from disk + render), median of 5; target <= 1 s.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRecord } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { readJournal } from '../../src/journal/reader.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { createPseudonymizer } from '../../src/report/pseudonymize.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from '../report/session-journal.js';

const N = 10_000;

/** A long incident: the gate-4 golden session, then its diagnosis runs repeated as re-runs until N records. */
export async function bigJournal(n = N): Promise<JournalRecord[]> {
  const base = await scriptedJournal(GOLDEN_SCRIPTS.find((g) => g.scenario === 'wireguard--no-return-route')!);
  const body = base.filter((r) => r.type !== 'start' && r.type !== 'end');
  const out: JournalRecord[] = [base[0]!];
  const t0 = Date.parse(base[0]!.ts);
  for (let round = 0; out.length < n - 1; round++) {
    for (const r of body) {
      if (out.length >= n - 1) break;
      const copy = structuredClone(r) as JournalRecord & { run?: number; id?: string; outcomeIds?: string[] };
      if (typeof copy.run === 'number') copy.run += round * 2;
      if (typeof copy.id === 'string') copy.id = `r${round}.${copy.id}`;
      if (copy.outcomeIds) copy.outcomeIds = copy.outcomeIds.map((id) => `r${round}.${id}`);
      out.push(copy);
    }
  }
  out.push({ ...base.at(-1)! });
  return out.map((r, i) => ({ ...r, seq: i, ts: new Date(t0 + i * 250).toISOString() }) as JournalRecord);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function benchReport(runs = 5): Promise<void> {
  const records = await bigJournal();
  const dir = mkdtempSync(join(tmpdir(), 'gatewalk-bench-report-'));
  try {
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, records.map((r) => encodeRecord(r)).join(''));
    const full: number[] = [];
    const render: number[] = [];
    const redacted: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = readJournal(file);
      if (!r.ok) throw new Error(r.error);
      const t1 = performance.now();
      bytes = renderMarkdown(r.records).length;
      const t2 = performance.now();
      renderMarkdown(r.records, { redactAddresses: createPseudonymizer(r.records) });
      const t3 = performance.now();
      full.push(t2 - t0);
      render.push(t2 - t1);
      redacted.push(t3 - t2);
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
    console.log(
      `report: ${records.length}-record journal (${records.filter((r) => r.type === 'intent').length} commands), read + render median ${s(median(full))} (render alone ${s(median(render))}; with --redact-addresses ${s(median(redacted))}), ${bytes} chars, ${runs} runs (target <= 1 s)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
