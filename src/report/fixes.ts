// Why: fixes proposed (shown, maybe never run) and applied (after a confirm), with the evidence before and after and the commands' exit codes.

import { journalFixText } from '../journal/fix-lines.js';
import type { Cause, EvidenceLine, Gate, Side, Status } from '../checks/types.js';
import type { JournalIndex } from './journal-index.js';
import { redactText } from './secrets.js';

export interface ProposedFix {
  ts: string;
  gate: Gate;
  cause: Cause | null;
  side: Side | null;
  host: string;
  commands: string[];
  /** A fix for the same gate was applied later. */
  applied: boolean;
}

export interface AppliedFix {
  ts: string;
  gate: Gate;
  host: string;
  commands: string[];
  results: Array<{ id: string; exitCode: number | null; timedOut: boolean; durationMs: number | null }>;
  before: EvidenceLine[];
  after: EvidenceLine[];
  afterStatus: Status | null;
  /** The check that failed, as the first run after the fix judged it. */
  recheck: { check: string; run: number; status: Status; finding: string; evidence: EvidenceLine[] } | null;
}

/** The failing check of the gate before the fix, and its verdict in the first run journaled after it. */
function recheck(ix: JournalIndex, gate: Gate, fixSeq: number): AppliedFix['recheck'] {
  let failed: (typeof ix.verdicts)[number] | undefined;
  for (let i = ix.verdicts.length - 1; i >= 0 && !failed; i--) {
    const v = ix.verdicts[i]!;
    if (v.seq < fixSeq && v.verdict.gate === gate && v.verdict.status === 'FAIL') failed = v;
  }
  if (!failed) return null;
  // The first later verdict of the same check journaled up to the fix, else the first one after it.
  let before: (typeof ix.verdicts)[number] | undefined;
  let first: (typeof ix.verdicts)[number] | undefined;
  for (const x of ix.verdicts) {
    if (x.run <= failed.run || x.verdict.check !== failed.verdict.check) continue;
    first ??= x;
    if (x.seq <= fixSeq) {
      before = x;
      break;
    }
  }
  const v = before ?? first;
  return v ? { check: v.verdict.check, run: v.run, status: v.verdict.status, finding: v.verdict.finding, evidence: v.verdict.evidence } : null;
}

export function proposedFixes(ix: JournalIndex): ProposedFix[] {
  return ix.proposed.map((p) => ({
    ts: p.ts,
    gate: p.gate,
    cause: p.cause,
    side: p.side,
    host: p.host,
    commands: p.commands.map((c) => redactText(journalFixText(c))),
    applied: ix.applied.some((a) => a.gate === p.gate && a.seq > p.seq),
  }));
}

export function appliedFixes(ix: JournalIndex): AppliedFix[] {
  const byId = new Map(ix.commands.map((c) => [c.intent.id, c]));
  return ix.applied.map((a) => ({
    ts: a.ts,
    gate: a.gate,
    host: a.host,
    commands: a.commands.map((c) => redactText(journalFixText(c))),
    results: a.outcomeIds.map((id) => {
      const o = byId.get(id)?.outcome;
      return { id, exitCode: o?.exitCode ?? null, timedOut: o?.timedOut ?? false, durationMs: o?.durationMs ?? null };
    }),
    before: a.before,
    after: a.after,
    afterStatus: a.afterStatus,
    recheck: recheck(ix, a.gate, a.seq),
  }));
}
