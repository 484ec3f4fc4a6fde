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
  /** The test pair's outcome per run. */
  pairs: Rec<'pair'>[];
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

/** Builds the index one record at a time, so a journal can be read in chunks and nothing else of it kept. */
export interface JournalIndexer {
  add(r: JournalRecord): void;
  finish(): JournalIndex;
}

/**
 * `slim`: drop the text of output excerpts the report cannot show (every command after the first
 * failure record, whose outputs are the only ones quoted), keeping their sizes, digests and flags.
 * A long journal then costs memory for its structure, not its outputs.
 */
export function createIndexer(o: { slim?: boolean } = {}): JournalIndexer {
  const ix: JournalIndex = {
    records: [],
    start: null,
    targets: [],
    clocks: [],
    commands: [],
    commandBySeq: new Map(),
    orphanOutcomes: [],
    verdicts: [],
    gates: [],
    failures: [],
    pairs: [],
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
  let quotedDone = false;
  const add = (r: JournalRecord) => {
    if (prevSeq !== null && r.seq !== prevSeq + 1) ix.seqGaps.push({ after: prevSeq, next: r.seq });
    prevSeq = r.seq;
    ix.records.push(r);
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
        // A batch journaled before its items were (a bare `sh -c` script) is read back from its excerpt: kept.
        const legacy = c !== undefined && !c.intent.items && c.intent.argv[0] === 'sh' && c.intent.argv[1] === '-c';
        if (o.slim && quotedDone && !legacy) slimOutcome(r);
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
      case 'pair':
        ix.pairs.push(r);
        break;
      case 'failure':
        ix.failures.push(r);
        runs.add(r.run);
        if (r.failure) quotedDone = true;
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
  };
  return {
    add,
    finish() {
      ix.runs = [...runs].sort((a, b) => a - b);
      return ix;
    },
  };
}

/** An outcome whose output text the report will not quote: its excerpts emptied, sizes, digests and flags kept. */
function slimOutcome(r: Rec<'outcome'>): void {
  const none = <T extends { excerpt: string }>(x: T): T => (x.excerpt ? { ...x, excerpt: '' } : x);
  r.stdout = none(r.stdout);
  r.stderr = none(r.stderr);
  if (r.items) r.items = r.items.map((it) => ({ ...it, stdout: none(it.stdout), stderr: none(it.stderr) }));
}

export function indexJournal(records: readonly JournalRecord[]): JournalIndex {
  const b = createIndexer();
  for (const r of records) b.add(r);
  return b.finish();
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
