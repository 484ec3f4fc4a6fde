// Why: one pass over the journal sorting records by kind and joining each command's intent to its outcome; every report section reads this.

import type { Gate } from '../checks/types.js';
import type { EventType, JournalRecord } from '../journal/events.js';

export type Rec<T extends EventType> = Extract<JournalRecord, { type: T }>;

export interface CommandRun {
  intent: Rec<'intent'>;
  outcome: Rec<'outcome'> | null;
}

export interface JournalIndex {
  records: JournalRecord[];
  start: Rec<'start'> | null;
  targets: Rec<'target'>[];
  clocks: Rec<'clock'>[];
  commands: CommandRun[];
  /** A command by its intent's seq. */
  commandBySeq: Map<number, CommandRun>;
  /** Outcomes whose intent is not in the journal. */
  orphanOutcomes: Rec<'outcome'>[];
  verdicts: Rec<'verdict'>[];
  gates: Rec<'gate'>[];
  failures: Rec<'failure'>[];
  counters: Rec<'counters'>[];
  decisions: Rec<'decision'>[];
  proposed: Rec<'fix-proposed'>[];
  applied: Rec<'fix-applied'>[];
  notes: Rec<'note'>[];
  reruns: Rec<'rerun'>[];
  exports: Rec<'export'>[];
  ends: Rec<'end'>[];
  /** Diagnosis runs present (1, 2, ...), ascending. */
  runs: number[];
  /** Where the sequence numbers jump: records missing between `after` and `next`. */
  seqGaps: Array<{ after: number; next: number }>;
  unknownTypes: number;
}

export function indexJournal(records: readonly JournalRecord[]): JournalIndex {
  const ix: JournalIndex = {
    records: [...records],
    start: null,
    targets: [],
    clocks: [],
    commands: [],
    commandBySeq: new Map(),
    orphanOutcomes: [],
    verdicts: [],
    gates: [],
    failures: [],
    counters: [],
    decisions: [],
    proposed: [],
    applied: [],
    notes: [],
    reruns: [],
    exports: [],
    ends: [],
    runs: [],
    seqGaps: [],
    unknownTypes: 0,
  };
  const byId = new Map<string, CommandRun>();
  const runs = new Set<number>();
  let prevSeq: number | null = null;
  for (const r of records) {
    if (prevSeq !== null && r.seq !== prevSeq + 1) ix.seqGaps.push({ after: prevSeq, next: r.seq });
    prevSeq = r.seq;
    switch (r.type) {
      case 'start':
        ix.start ??= r;
        break;
      case 'target':
        ix.targets.push(r);
        break;
      case 'clock':
        ix.clocks.push(r);
        break;
      case 'intent': {
        const c: CommandRun = { intent: r, outcome: null };
        ix.commands.push(c);
        ix.commandBySeq.set(r.seq, c);
        byId.set(r.id, c);
        break;
      }
      case 'outcome': {
        const c = byId.get(r.id);
        if (c && !c.outcome) c.outcome = r;
        else ix.orphanOutcomes.push(r);
        break;
      }
      case 'verdict':
        ix.verdicts.push(r);
        runs.add(r.run);
        break;
      case 'gate':
        ix.gates.push(r);
        runs.add(r.run);
        break;
      case 'failure':
        ix.failures.push(r);
        runs.add(r.run);
        break;
      case 'counters':
        ix.counters.push(r);
        break;
      case 'decision':
        ix.decisions.push(r);
        break;
      case 'fix-proposed':
        ix.proposed.push(r);
        break;
      case 'fix-applied':
        ix.applied.push(r);
        break;
      case 'note':
        ix.notes.push(r);
        break;
      case 'rerun':
        ix.reruns.push(r);
        break;
      case 'export':
        ix.exports.push(r);
        break;
      case 'end':
        ix.ends.push(r);
        break;
      default:
        ix.unknownTypes++;
    }
  }
  ix.runs = [...runs].sort((a, b) => a - b);
  return ix;
}

/** The gate record of `gate` in the latest run that has one. */
export function latestGate(ix: JournalIndex, gate: Gate): Rec<'gate'> | null {
  let best: Rec<'gate'> | null = null;
  for (const g of ix.gates) if (g.gate === gate && (!best || g.run >= best.run)) best = g;
  return best;
}

/** The gate record of `gate` in the first run that has one. */
export function firstGate(ix: JournalIndex, gate: Gate): Rec<'gate'> | null {
  let best: Rec<'gate'> | null = null;
  for (const g of ix.gates) if (g.gate === gate && (!best || g.run < best.run)) best = g;
  return best;
}
