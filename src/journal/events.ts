// Why: the journal's record types: the contract between the writers (check, the TUI session, train) and the readers (resume, report).

import type { Gate, Status, Verdict, EvidenceLine, Cause, Side } from '../checks/types.js';
import type { Role } from '../probes/catalog.js';
import type { JournalFixLine } from './fix-lines.js';
import type { LastSeen, PairOutcome, SeenAtRow } from '../engine/ground-truth.js';

/** A bounded excerpt of an output plus the digest and size of the whole (already redacted). */
export interface Excerpt {
  excerpt: string;
  bytes: number;
  sha256: string;
  truncated: boolean;
}

/** Fields every record carries. `ts` is UTC ISO-8601 on the jump host (the host that writes the journal). */
export interface RecordHead {
  seq: number;
  ts: string;
  /**
   * Hash chain: the previous record's `sum` (16 hex of the SHA-256 of its JSON, which holds its own
   * `prev`; `GENESIS` for the first record). Journals written before the chain have none.
   */
  prev?: string;
  /**
   * The host whose clock produced `ts` (the jump host's hostname). Events with a `host` field of
   * their own (target, clock, intent, counters, fix-*) carry the remote host there instead: one
   * process on the jump host writes every record, so the `start` record's `host` names it.
   */
  host: string;
}

export type Mode = 'live' | 'replay' | 'lab';

/**
 * One command of a batch (engine/batch.ts: many commands in one remote `sh -c`) as it ran inside
 * that shell, split from the batch's whole output before anything was excerpted. A command the
 * batch did not bring back has no entry (the collector ran it alone: its own intent/outcome).
 */
export interface BatchItemOutcome {
  /** Index into the intent's `items`. */
  index: number;
  exitCode: number;
  /** Host clock (/proc/uptime): ms from the batch's earliest command start to this one's; null when the host has no /proc/uptime. */
  startMs: number | null;
  /** Its run time on the host clock; null when the host has no /proc/uptime. */
  durationMs: number | null;
  stdout: Excerpt;
  stderr: Excerpt;
}

/** A verdict as journaled: older journals hold its fix lines as text. */
export type JournalVerdict = Omit<Verdict, 'fix'> & { fix: JournalFixLine[] };

export type JournalEvent =
  | { type: 'start'; mode: Mode; tool: string; title: string; pair: { source: string; destination: string; protocol?: string; port?: number }; incidentFile?: string; scenario?: string; incidentText: string; sites: Record<'a' | 'b', { gateway: string; lan?: string; tunnel: string }> }
  | { type: 'target'; role: Role; host: string; reached: boolean; error?: string }
  /** remote clock minus jump-host clock, measured as the midpoint of a round trip. */
  | { type: 'clock'; role: Role; host: string; offsetMs: number; rttMs: number }
  /**
   * Written before the command starts. `id` is unique within the journal. `argv` is what ran; for
   * a batch (`sh -c '# gatewalk-batch-v1 ...'`) `items` is each command's argv, decoded from it.
   */
  | { type: 'intent'; id: string; role: Role; host: string; argv: string[]; purpose?: string; items?: string[][] }
  /**
   * `stdout`/`stderr` excerpt what came back whole (for a batch: its delimited sections); a batch's
   * `items` hold each command's own result. `stopped`: a stream gatewalk ended on purpose (kill
   * or line bound), so `exitCode` is the status of being stopped (ssh: 255), not a failure.
   */
  | { type: 'outcome'; id: string; exitCode: number | null; timedOut?: boolean; stopped?: boolean; durationMs: number; stdout: Excerpt; stderr: Excerpt; items?: BatchItemOutcome[] }
  /** One check's verdict; `run` counts diagnosis runs (1, 2 after a re-run, ...). Older journals hold its fix lines as text. */
  | { type: 'verdict'; run: number; verdict: JournalVerdict }
  | { type: 'gate'; run: number; gate: Gate; status: Status; deciding: string | null }
  /** What the test pair's own traffic did in a run, and where its packets were seen (before that run's failure record). */
  | { type: 'pair'; run: number; outcome: PairOutcome; seenAt: SeenAtRow[]; lastSeen: LastSeen | null }
  | { type: 'failure'; run: number; failure: { gate: Gate; cause: Cause; side: Side; point: string; finding: string; evidence: EvidenceLine[]; fix: JournalFixLine[]; inferred?: boolean } | null }
  | { type: 'counters'; when: 'before' | 'after'; role: Role; host: string; iface: string; rxBytes: number; txBytes: number; rxPackets: number; txPackets: number; vpn?: { rxBytes: number; txBytes: number } }
  /** The operator's decision on a gate's verdict. `status` is what the operator holds true. */
  | { type: 'decision'; gate: Gate; action: 'accept' | 'override' | 'skip'; engineStatus: Status; status: Status | null; reason?: string }
  /** `commands`: the fix's lines (argv vectors and notes; text in journals older than argv fixes). */
  | { type: 'fix-proposed'; gate: Gate; cause: Cause | null; side: Side | null; host: string; commands: JournalFixLine[] }
  /**
   * Applied only after an explicit confirm; `before`/`after` are the deciding evidence around it.
   * `commands` are the lines confirmed: each argv line ran as exactly those words, in order (one
   * outcome each, `outcomeIds`), notes did not run. Older journals: the text each ran with `sh -c`.
   */
  | { type: 'fix-applied'; gate: Gate; host: string; commands: JournalFixLine[]; outcomeIds: string[]; before: EvidenceLine[]; after: EvidenceLine[]; afterStatus: Status | null }
  | { type: 'note'; text: string }
  | { type: 'rerun'; gate: Gate | 'all'; run: number }
  | { type: 'export'; file: string; format: 'md' | 'json' }
  | { type: 'end'; reason: 'done' | 'quit' | 'error' | 'signal'; error?: string };

export type JournalRecord = RecordHead & JournalEvent;
export type EventType = JournalEvent['type'];
