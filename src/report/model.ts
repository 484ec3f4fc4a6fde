// Why: the whole report as data, built from the journal records alone; Markdown and JSON are two renderings of this one model.

import type { JournalRecord } from '../journal/events.js';
import type { Role } from '../probes/catalog.js';
import { indexJournal, type JournalIndex } from './journal-index.js';
import { summarize, type Summary } from './summary.js';
import { trafficRuns, type TrafficRun } from './traffic.js';
import { forPeer, type ForPeer } from './for-peer.js';
import { gateRows, type GateRow } from './gates.js';
import { timeline, pairProto, type TimelineRow } from './timeline.js';
import { evidenceBlocks, failureOutputs, type EvidenceBlock, type OutputExcerpt } from './evidence.js';
import { counterPairs, type CounterPair } from './counters.js';
import { unknowns, type Unknown } from './unknowns.js';
import { appliedFixes, proposedFixes, type AppliedFix, type ProposedFix } from './fixes.js';
import { followUps, vpnKind, type FollowUp, type VpnKind } from './follow-ups.js';
import { commandRows, type BatchRow, type CommandRow } from './commands.js';
import type { Pseudonymizer } from './pseudonymize.js';
import type { Integrity } from '../journal/reader.js';

export interface HostRow {
  role: Role;
  /** Which part of the test the host plays, in words. */
  part: string;
  host: string;
  reached: boolean | null;
  error: string | null;
  clock: { offsetMs: number; rttMs: number } | null;
}

/** What reading the journal found besides its records (damage, a torn tail, the hash chain); null when the caller did not read a file. */
export interface IntegrityRow {
  tornBytes: number;
  damaged: Array<{ line: number; reason: string }>;
  chained: boolean;
  chainFrom: number | null;
  breaks: Array<{ line: number; seq: number; reason: string }>;
}

export interface ReportModel {
  title: string;
  integrity: IntegrityRow | null;
  source: { mode: string | null; tool: string | null; scenario: string | null; incidentFile: string | null; journalHost: string | null; firstSeq: number | null; lastSeq: number | null; records: number; started: string | null; ended: string | null; endReason: string | null };
  summary: Summary;
  /** What the test pair's own traffic did, per run (empty for journals written before it was measured). */
  traffic: TrafficRun[];
  /** For whoever runs the far gateway (null when the journal holds no readable incident). */
  forPeer: ForPeer | null;
  pair: { source: string; destination: string; proto: string } | null;
  vpn: VpnKind;
  sites: Array<{ side: 'a' | 'b'; gateway: string; lan: string | null; tunnel: string }>;
  hosts: HostRow[];
  gates: GateRow[];
  timeline: TimelineRow[];
  evidence: EvidenceBlock[];
  outputs: OutputExcerpt[];
  counters: CounterPair[];
  unknowns: Unknown[];
  fixes: { proposed: ProposedFix[]; applied: AppliedFix[] };
  followUps: FollowUp[];
  commands: CommandRow[];
  /** Remote `sh -c` scripts that ran several commands in one session; each command is a row of `commands`. */
  batches: BatchRow[];
}

const PART: Record<Role, string> = { gwA: "site A's gateway", gwB: "site B's gateway", hostA: 'source host (site A)', hostB: 'destination host (site B)' };
const ROLES: readonly Role[] = ['gwA', 'gwB', 'hostA', 'hostB'];

function hosts(ix: JournalIndex): HostRow[] {
  const out: HostRow[] = [];
  for (const role of ROLES) {
    const tgt = [...ix.targets].reverse().find((x) => x.role === role);
    const clk = [...ix.clocks].reverse().find((x) => x.role === role);
    const host = tgt?.host ?? clk?.host ?? ix.commands.find((c) => c.intent.role === role)?.intent.host;
    if (!host) continue;
    out.push({ role, part: PART[role], host, reached: tgt ? tgt.reached : null, error: tgt?.error ?? null, clock: clk ? { offsetMs: clk.offsetMs, rttMs: clk.rttMs } : null });
  }
  return out;
}

function isIndex(x: readonly JournalRecord[] | JournalIndex): x is JournalIndex {
  return !Array.isArray(x);
}

/** Under --redact-addresses: pseudonyms everywhere, and no digest of an original output (short outputs could be brute-forced back). */
export function redactModel(m: ReportModel, p: Pseudonymizer): ReportModel {
  const r = p.value(m);
  return { ...r, outputs: r.outputs.map((o) => ({ ...o, sha256: null })), commands: r.commands.map((c) => ({ ...c, sha256: null })) };
}

/** The report of a journal given as its records, or as an index built while reading it (`createIndexer`). */
export function buildReport(input: readonly JournalRecord[] | JournalIndex, integrity?: Integrity): ReportModel {
  const ix = isIndex(input) ? input : indexJournal(input);
  const s = ix.start;
  const first = ix.records[0] ?? null;
  const last = ix.records.at(-1) ?? null;
  const end = ix.ends.at(-1) ?? null;
  const summary = summarize(ix);
  return {
    title: s?.title ?? 'gatewalk session',
    integrity: integrity ? { tornBytes: integrity.truncated?.bytes ?? 0, damaged: integrity.damaged, chained: integrity.chained, chainFrom: integrity.chainFrom, breaks: integrity.chainBreaks } : null,
    source: {
      mode: s?.mode ?? null,
      tool: s?.tool ?? null,
      scenario: s?.scenario ?? null,
      incidentFile: s?.incidentFile ?? null,
      journalHost: first?.host ?? null,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      records: ix.records.length,
      started: first?.ts ?? null,
      ended: end?.ts ?? null,
      endReason: end?.reason ?? null,
    },
    summary,
    traffic: trafficRuns(ix),
    forPeer: forPeer(ix),
    pair: s ? { source: s.pair.source, destination: s.pair.destination, proto: pairProto(s.pair) } : null,
    vpn: vpnKind(ix),
    sites: s ? (['a', 'b'] as const).filter((k) => s.sites[k]).map((k) => ({ side: k, gateway: s.sites[k].gateway, lan: s.sites[k].lan ?? null, tunnel: s.sites[k].tunnel })) : [],
    hosts: hosts(ix),
    gates: gateRows(ix),
    timeline: timeline(ix),
    evidence: evidenceBlocks(ix),
    outputs: failureOutputs(ix),
    counters: counterPairs(ix),
    unknowns: unknowns(ix),
    fixes: { proposed: proposedFixes(ix), applied: appliedFixes(ix) },
    followUps: followUps(ix, summary),
    ...commandRows(ix),
  };
}
