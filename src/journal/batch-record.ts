// Why: a batch (many commands in one remote `sh -c`) is journaled as what ran plus each command's own argv and result, so readers never decode the script.

import { unbatch } from '../engine/batch.js';
import type { BatchItemOutcome } from './events.js';
import { excerpt } from './excerpt.js';
import { redactCommandOutput } from './redact.js';

/** Each command's argv when `argv` is a batch script, else undefined. Pure. */
export function batchItems(argv: readonly string[]): string[][] | undefined {
  return unbatch(argv, '')?.map((x) => x.argv);
}

/**
 * Each command's result, split from the batch's WHOLE stdout (before any excerpt), its outputs
 * redacted by its own argv (as if it had run alone) and then excerpted and digested. Commands
 * the batch did not bring back are left out. Undefined when `argv` is not a batch. Pure.
 */
export function batchItemOutcomes(argv: readonly string[], stdout: string, secrets: readonly string[] = []): BatchItemOutcome[] | undefined {
  const parts = unbatch(argv, stdout);
  if (!parts) return undefined;
  const starts = parts.map((p) => p.result?.startMs).filter((x): x is number => typeof x === 'number');
  const base = starts.length ? Math.min(...starts) : null;
  const out: BatchItemOutcome[] = [];
  parts.forEach((p, index) => {
    const r = p.result;
    if (!r) return;
    const clean = (s: string) => excerpt(redactCommandOutput(p.argv, s, secrets));
    const timed = base !== null && r.startMs !== null && r.endMs !== null;
    out.push({ index, exitCode: r.exitCode, startMs: timed ? r.startMs! - base : null, durationMs: timed ? Math.max(0, r.endMs! - r.startMs!) : null, stdout: clean(r.stdout), stderr: clean(r.stderr) });
  });
  return out;
}
