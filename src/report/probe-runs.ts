// Why: the report's unit is a command as it ran on a host: a batch (one remote `sh -c` running many) is opened into its commands, each with its own exit, duration and output.

import { createHash } from 'node:crypto';
import { unbatch } from '../engine/batch.js';
import type { Excerpt } from '../journal/events.js';
import { excerpt } from '../journal/excerpt.js';
import type { Role } from '../probes/catalog.js';
import type { CommandRun, JournalIndex } from './journal-index.js';

/** One remote `sh -c` that ran several commands in one ssh session. */
export interface BatchRun {
  /** The intent's id. */
  id: string;
  ts: string;
  host: string;
  /** Commands in the script. */
  size: number;
  /** Commands whose result is in the journal. */
  returned: number;
  /** The batch itself: the ssh session's exit, its wall time. */
  exitCode: number | null;
  timedOut: boolean;
  open: boolean;
  durationMs: number | null;
  /** SHA-256 and size of the script (the intent's argv[2], as journaled). */
  script: { sha256: string; bytes: number };
  /** A journal from before batches were journaled item by item: results read from the batch's excerpt, later ones may be cut. */
  fromExcerpt: boolean;
}

export interface ProbeRun {
  /** The intent's id; a batch's command adds `/N` (1-based). */
  id: string;
  /** The intent's seq and stamp (a batch's commands share its). */
  seq: number;
  ts: string;
  role: Role;
  host: string;
  argv: string[];
  purpose: string | null;
  batch: (BatchRun & { index: number; startMs: number | null }) | null;
  /** No outcome in the journal (the session stopped while it ran). */
  open: boolean;
  /** A batch's command whose result did not come back (the collector runs such a command alone). */
  missing: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** A stream gatewalk ended on purpose: its exit code is not the command's verdict. */
  stopped: boolean;
  durationMs: number | null;
  stdout: Excerpt | null;
  stderr: Excerpt | null;
}

const memo = new WeakMap<JournalIndex, ProbeRun[]>();

/** Every command of the journal in intent order, batches opened. Pure (memoized per index). */
export function probeRuns(ix: JournalIndex): ProbeRun[] {
  let got = memo.get(ix);
  if (!got) memo.set(ix, (got = ix.commands.flatMap(runsOf)));
  return got;
}

const memoRuns = new WeakMap<CommandRun, ProbeRun[]>();

/** One journaled command: itself, or a batch's commands (memoized per command). */
export function runsOf(c: CommandRun): ProbeRun[] {
  let got = memoRuns.get(c);
  if (!got) memoRuns.set(c, (got = computeRuns(c)));
  return got;
}

function computeRuns(c: CommandRun): ProbeRun[] {
  const { intent: i, outcome: o } = c;
  const base = { seq: i.seq, ts: i.ts, role: i.role, host: i.host, purpose: i.purpose ?? null, open: !o, timedOut: o?.timedOut ?? false };
  const legacy = i.items ? null : unbatch(i.argv, o?.stdout.excerpt ?? '');
  const items = i.items ?? legacy?.map((x) => x.argv);
  if (!items) {
    return [{ ...base, id: i.id, argv: i.argv, batch: null, missing: false, exitCode: o?.exitCode ?? null, stopped: o?.stopped ?? false, durationMs: o?.durationMs ?? null, stdout: o?.stdout ?? null, stderr: o?.stderr ?? null }];
  }
  const results = o?.items ?? (legacy ? fromExcerpt(legacy) : []);
  const script = i.argv[2] ?? '';
  const batch: BatchRun = {
    id: i.id,
    ts: i.ts,
    host: i.host,
    size: items.length,
    returned: results.length,
    exitCode: o?.exitCode ?? null,
    timedOut: o?.timedOut ?? false,
    open: !o,
    durationMs: o?.durationMs ?? null,
    script: { sha256: createHash('sha256').update(script).digest('hex'), bytes: Buffer.byteLength(script) },
    fromExcerpt: !o?.items && legacy !== null,
  };
  const byIndex = new Map(results.map((x) => [x.index, x] as const));
  return items.map((argv, index) => {
    const r = byIndex.get(index);
    return {
      ...base,
      id: `${i.id}/${index + 1}`,
      argv,
      batch: { ...batch, index, startMs: r?.startMs ?? null },
      missing: Boolean(o) && !r,
      timedOut: false,
      exitCode: r?.exitCode ?? null,
      stopped: false,
      durationMs: r?.durationMs ?? null,
      stdout: r?.stdout ?? null,
      stderr: r?.stderr ?? null,
    };
  });
}

/** An old journal's batch: the commands whose delimited sections are whole inside the journaled excerpt. */
function fromExcerpt(parts: NonNullable<ReturnType<typeof unbatch>>): Array<{ index: number; exitCode: number; startMs: number | null; durationMs: number | null; stdout: Excerpt; stderr: Excerpt }> {
  const starts = parts.map((p) => p.result?.startMs).filter((x): x is number => typeof x === 'number');
  const t0 = starts.length ? Math.min(...starts) : null;
  return parts.flatMap((p, index) => {
    const r = p.result;
    if (!r) return [];
    const timed = t0 !== null && r.startMs !== null && r.endMs !== null;
    return [{ index, exitCode: r.exitCode, startMs: timed ? r.startMs! - t0 : null, durationMs: timed ? r.endMs! - r.startMs! : null, stdout: excerpt(r.stdout), stderr: excerpt(r.stderr) }];
  });
}

/** Not a failure: exit 0, or a stream gatewalk stopped. */
export function wentWell(r: ProbeRun): boolean {
  return !r.open && !r.missing && !r.timedOut && (r.stopped || r.exitCode === 0 || (r.exitCode === null && !r.batch));
}
