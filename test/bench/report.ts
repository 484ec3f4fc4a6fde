// Why: `npm run bench -- --report`: the `report` command on a 100,000-record journal, wall time and peak RSS per process, medians of 5; targets <= 1.5 s and <= 150 MB.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecord, GENESIS, lineHash } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
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

/** The records as gatewalk writes them: each chained to the one before (prev = its sum). */
function chainedLines(records: JournalRecord[]): string {
  let prev = GENESIS;
  return records
    .map((r) => {
      const line = encodeRecord({ ...r, prev } as JournalRecord);
      prev = lineHash(line);
      return line;
    })
    .join('');
}

const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

/** One `gatewalk report` in its own process: wall time and the process's peak RSS (getrusage, via a wrapper that runs the CLI in-process). */
function runReport(file: string, out: string, extra: string[]): { ms: number; rssMb: number } {
  const wrapper = `process.on('exit', () => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n')); process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'report', ${JSON.stringify(file)}, '-o', ${JSON.stringify(out)}, ...${JSON.stringify(extra)}]; await import(${JSON.stringify(BIN)});`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`report failed (${r.status}): ${r.stderr}`);
  return { ms, rssMb: Number(m[1]) / 1024 };
}

/** `npm run bench -- --report`: the `report` CLI on a 100,000-record journal, each run a fresh process; medians of 5. Targets (issue 11): <= 1.5 s, <= 150 MB peak RSS. */
export async function benchReport(runs = 5, n = Number(process.env.BENCH_REPORT_RECORDS ?? 100_000)): Promise<void> {
  const records = await bigJournal(n);
  const dir = mkdtempSync(join(tmpdir(), 'gatewalk-bench-report-'));
  try {
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, chainedLines(records));
    const mb = statSync(file).size / 1e6;
    const plain: Array<{ ms: number; rssMb: number }> = [];
    const redacted: Array<{ ms: number; rssMb: number }> = [];
    for (let i = 0; i < runs; i++) {
      plain.push(runReport(file, join(dir, 'r.md'), []));
      redacted.push(runReport(file, join(dir, 'p.md'), ['--redact-addresses']));
    }
    const bytes = statSync(join(dir, 'r.md')).size;
    const s = (xs: Array<{ ms: number; rssMb: number }>) => `median ${(median(xs.map((x) => x.ms)) / 1000).toFixed(2)} s, peak RSS median ${median(xs.map((x) => x.rssMb)).toFixed(0)} MB`;
    console.log(`report: ${records.length}-record journal (${mb.toFixed(0)} MB, ${records.filter((r) => r.type === 'intent').length} commands), ${bytes} bytes of Markdown; gatewalk report: ${s(plain)}; --redact-addresses: ${s(redacted)}; ${runs} runs each, a process per run (targets <= 1.5 s, <= 150 MB); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
