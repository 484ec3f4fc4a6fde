// Why: the appendix: every command the session ran (host, argv, exit code, duration, output size and digest), batches opened into their commands, key-looking words redacted.

import type { JournalIndex } from './journal-index.js';
import { probeRuns, type BatchRun } from './probe-runs.js';
import { redactArgv } from './secrets.js';

/** A batch as the appendix groups it: `n` counts batches in the journal. */
export interface BatchRow extends BatchRun {
  n: number;
}

export interface CommandRow {
  n: number;
  id: string;
  ts: string;
  host: string;
  argv: string[];
  purpose: string | null;
  exitCode: number | null;
  timedOut: boolean;
  /** No outcome in the journal (the session stopped while it ran). */
  open: boolean;
  /** A stream gatewalk ended on purpose (its exit code is the status of being stopped). */
  stopped: boolean;
  /** A batch's command whose result did not come back (run alone afterwards). */
  missing: boolean;
  /** The batch it ran in (`BatchRow.n`), its position there and its start (host clock, ms after the batch's first). */
  batch: { n: number; index: number; startMs: number | null } | null;
  durationMs: number | null;
  stdoutBytes: number | null;
  stderrBytes: number | null;
  sha256: string | null;
}

/** The command as a person would type it (same quoting as the engine's evidence lines), key-looking words redacted. */
export function commandText(argv: readonly string[]): string {
  return quoteArgv(redactArgv(argv));
}

/** POSIX quoting as the engine writes `EvidenceLine.command`, so evidence can be matched to the command that produced it. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One row per command (a batch's commands each their own); `batches` the groups they belong to. */
export function commandRows(ix: JournalIndex): { commands: CommandRow[]; batches: BatchRow[] } {
  const batches: BatchRow[] = [];
  const commands = probeRuns(ix).map((r, i): CommandRow => {
    let b: BatchRow | undefined;
    if (r.batch) {
      const { index: _i, startMs: _s, ...run } = r.batch;
      b = batches.at(-1)?.id === run.id ? batches.at(-1) : undefined;
      if (!b) batches.push((b = { ...run, n: batches.length + 1 }));
    }
    const o = r.stdout;
    return {
      n: i + 1,
      id: r.id,
      ts: r.ts,
      host: r.host,
      argv: redactArgv(r.argv),
      purpose: r.purpose,
      exitCode: r.exitCode,
      timedOut: r.timedOut,
      open: r.open,
      stopped: r.stopped,
      missing: r.missing,
      batch: b && r.batch ? { n: b.n, index: r.batch.index, startMs: r.batch.startMs } : null,
      durationMs: r.durationMs,
      stdoutBytes: o?.bytes ?? null,
      stderrBytes: r.stderr?.bytes ?? null,
      sha256: o?.sha256 ?? null,
    };
  });
  return { commands, batches };
}
