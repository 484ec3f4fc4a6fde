// Why: the wizard session as the TUI, `train` and `resume` see it: state plus the operator's actions; the screen holds no diagnosis logic.

import type { Gate, Status, Verdict } from '../checks/types.js';
import type { Failure } from '../engine/diagnose.js';
import type { Mode } from '../journal/events.js';
import type { LastSeen, PairOutcome, SeenAtRow } from '../engine/ground-truth.js';

export type GateProgress = 'pending' | 'running' | Status;

export interface GateState {
  gate: Gate;
  title: string;
  progress: GateProgress;
  /** The engine's deciding verdict for the gate, once known. */
  deciding: Verdict | null;
  verdicts: Verdict[];
  /** The operator's decision, once recorded on disk. */
  decision: { action: 'accept' | 'override' | 'skip'; status: Status | null; reason?: string; ts: string } | null;
}

export interface SessionState {
  mode: Mode;
  title: string;
  pair: { source: string; destination: string; protocol?: string; port?: number };
  journalPath: string;
  startedAt: string;
  /** The gate the operator is on (the first without a decision). */
  current: Gate | 'done';
  gates: GateState[];
  failure: Failure | null;
  /** What the test pair's traffic did in the latest run, and where its packets were seen. */
  traffic: { outcome: PairOutcome; seenAt: SeenAtRow[]; lastSeen: LastSeen | null } | null;
  /**
   * Commands whose intent was journaled but whose outcome never was (after a crash). Shown, never
   * re-run. `items`: a batch's commands (its argv is one `sh -c` script running them).
   */
  openIntents: Array<{ id: string; host: string; argv: string[]; ts: string; items?: string[][] }>;
  /** Set while collection or a re-run is in progress. */
  busy: string | null;
}

export interface Session {
  state(): SessionState;
  /** Called after every state change (the TUI schedules a frame). Returns an unsubscribe. */
  subscribe(fn: (s: SessionState) => void): () => void;
  /** Collect evidence (live or from the recording) and diagnose; journals every command and verdict. */
  run(): Promise<void>;
  /** Resolves only after the decision record reached the disk. */
  decide(gate: Gate, action: 'accept' | 'override' | 'skip', reason?: string): Promise<void>;
  rerun(gate: Gate | 'all'): Promise<void>;
  /** Runs the gate's proposed fix; the caller has shown the exact commands and host and got a confirm. */
  applyFix(gate: Gate): Promise<void>;
  note(text: string): Promise<void>;
  /** Writes the Markdown report built from the journal alone; returns the file written. */
  exportReport(file?: string): Promise<string>;
  close(reason: 'done' | 'quit' | 'error' | 'signal'): Promise<void>;
}
