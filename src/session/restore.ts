// Why: the session's state is a fold over its journal: the live session and `resume` compute it the same way, so a resume shows what was recorded.

import type { Gate, Verdict } from '../checks/types.js';
import { GATES } from '../engine/diagnose.js';
import { batchItems } from '../journal/batch-record.js';
import type { JournalRecord } from '../journal/events.js';
import { restoredFix } from '../journal/fix-lines.js';
import type { GateState, SessionState } from './types.js';

export const DEFAULT_TITLES: Record<string, string> = { '1': 'Gate 1: source to gateway', '2': 'Gate 2: into the tunnel', '3': 'Gate 3: the tunnel accepts', '4': 'Gate 4: delivery and return', mtu: 'MTU / MSS' };

/**
 * The fold's accumulator: the state plus what it needs to place later records. `state` is a new
 * object after every record (subscribers may keep old ones); the bookkeeping collections (`open`,
 * `notes`, `unreachable`, `clock`) belong to the fold and grow in place, so a 10,000-record
 * journal restores in linear time.
 */
export interface Restored {
  state: SessionState;
  /** Highest diagnosis run with results. */
  run: number;
  /** Highest run begun (a re-run record, or command ids "N.x"), finished or not: a new run takes the next number. */
  started: number;
  /** Run of the verdicts each gate holds now. */
  gateRun: Record<string, number>;
  /** Intents without an outcome yet, by id. */
  open: Map<string, SessionState['openIntents'][number]>;
  notes: Array<{ text: string; ts: string }>;
  unreachable: string[];
  clock: Array<{ host: string; offsetMs: number; rttMs: number }>;
  ended: { reason: string; ts: string } | null;
}

const key = (g: Gate) => String(g);

export function initialState(journalPath: string, titles: Record<string, string> = DEFAULT_TITLES): Restored {
  const gates: GateState[] = GATES.map((gate) => ({ gate, title: titles[key(gate)] ?? `Gate ${gate}`, progress: 'pending', deciding: null, verdicts: [], decision: null }));
  return {
    state: { mode: 'replay', title: '', pair: { source: '', destination: '' }, journalPath, startedAt: '', current: 1, gates, failure: null, traffic: null, openIntents: [], busy: null },
    run: 0,
    started: 0,
    gateRun: {},
    open: new Map(),
    notes: [],
    unreachable: [],
    clock: [],
    ended: null,
  };
}

function withGate(s: SessionState, gate: Gate | 'all', f: (g: GateState) => GateState): SessionState {
  return { ...s, gates: s.gates.map((g) => (gate === 'all' || g.gate === gate ? f(g) : g)) };
}

function current(gates: GateState[]): Gate | 'done' {
  return gates.find((g) => !g.decision)?.gate ?? 'done';
}

/** One record applied: a new accumulator with a new state; the fold's collections are shared (see Restored). */
export function applyRecord(acc: Restored, r: JournalRecord): Restored {
  const a: Restored = { ...acc, ...(r.type !== 'end' && acc.ended ? { ended: null } : {}) };
  let s = acc.state;
  switch (r.type) {
    case 'start':
      if (!s.startedAt) s = { ...s, mode: r.mode, title: r.title, pair: r.pair, startedAt: r.ts };
      break;
    case 'intent': {
      // A batch is shown by its commands (journals from before `items` are decoded from the script).
      const items = r.items ?? batchItems(r.argv);
      acc.open.set(r.id, { id: r.id, host: r.host, argv: r.argv, ts: r.ts, ...(items ? { items } : {}) });
      const n = /^(\d+)\./.exec(r.id);
      if (n) a.started = Math.max(acc.started, Number(n[1]));
      break;
    }
    case 'outcome':
      acc.open.delete(r.id);
      break;
    case 'target':
      if (!r.reached) acc.unreachable.push(r.host);
      break;
    case 'clock':
      acc.clock.push({ host: r.host, offsetMs: r.offsetMs, rttMs: r.rttMs });
      break;
    case 'verdict': {
      const g = key(r.verdict.gate);
      const fresh = r.run > (acc.gateRun[g] ?? 0);
      a.gateRun = { ...acc.gateRun, [g]: Math.max(r.run, acc.gateRun[g] ?? 0) };
      a.run = Math.max(acc.run, r.run);
      const v: Verdict = { ...r.verdict, fix: restoredFix(r.verdict.fix) };
      s = withGate(s, r.verdict.gate, (x) => ({ ...x, verdicts: fresh ? [v] : [...x.verdicts, v], ...(fresh ? { deciding: null } : {}) }));
      break;
    }
    case 'gate': {
      a.run = Math.max(acc.run, r.run);
      a.gateRun = { ...acc.gateRun, [key(r.gate)]: Math.max(r.run, acc.gateRun[key(r.gate)] ?? 0) };
      s = withGate(s, r.gate, (x) => {
        const deciding: Verdict | null = x.verdicts.find((v) => v.check === r.deciding) ?? null;
        return { ...x, progress: r.status, deciding };
      });
      break;
    }
    case 'pair':
      s = { ...s, traffic: { outcome: r.outcome, seenAt: r.seenAt, lastSeen: r.lastSeen } };
      break;
    case 'failure':
      a.run = Math.max(acc.run, r.run);
      s = { ...s, failure: r.failure && { ...r.failure, fix: restoredFix(r.failure.fix) } };
      break;
    case 'decision':
      s = withGate(s, r.gate, (x) => ({ ...x, decision: { action: r.action, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}), ts: r.ts } }));
      break;
    case 'rerun':
      a.started = Math.max(acc.started, r.run);
      // A re-run replaces the evidence: the gate's earlier decision no longer applies.
      s = withGate(s, r.gate, (x) => ({ ...x, decision: null }));
      break;
    case 'note':
      acc.notes.push({ text: r.text, ts: r.ts });
      break;
    case 'end':
      a.ended = { reason: r.reason, ts: r.ts };
      break;
    default:
      break;
  }
  a.state = { ...s, current: current(s.gates), openIntents: r.type === 'intent' || r.type === 'outcome' ? [...a.open.values()] : s.openIntents };
  return a;
}

/** The number the next diagnosis run takes. */
export function nextRun(acc: Restored): number {
  return Math.max(acc.run, acc.started) + 1;
}

/** Records -> state (pure as a whole: same records, same state). Intents without an outcome are listed in `openIntents`, never re-run. */
export function restore(records: readonly JournalRecord[], journalPath: string, titles?: Record<string, string>): Restored {
  return records.reduce(applyRecord, initialState(journalPath, titles));
}
