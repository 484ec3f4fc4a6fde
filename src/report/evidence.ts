// Why: the evidence behind each gate's verdict, quoted with host and command, and bounded excerpts of the outputs that decided the failure.

import type { EvidenceLine, Gate, Status } from '../checks/types.js';
import type { JournalIndex } from './journal-index.js';
import { probeRuns, type ProbeRun } from './probe-runs.js';
import { decidingVerdict } from './gates.js';
import { commandText, quoteArgv } from './commands.js';
import { redactExcerpt } from './secrets.js';

export const MAX_EVIDENCE_LINES = 8;
export const MAX_EXCERPT_LINES = 15;
export const MAX_LINE_CHARS = 240;
const MAX_EXCERPTS = 3;

export interface EvidenceBlock {
  gate: Gate;
  run: number;
  status: Status;
  check: string;
  finding: string;
  lines: EvidenceLine[];
  /** Evidence lines left out to keep the block short. */
  more: number;
  missing: string[];
}

export interface OutputExcerpt {
  host: string;
  command: string;
  ts: string;
  exitCode: number | null;
  timedOut: boolean;
  /** A stream gatewalk ended on purpose. */
  stopped: boolean;
  /** Null when the journal has no duration (a batch's command on a host without /proc/uptime). */
  durationMs: number | null;
  /** Ran inside a batch: its intent id and the command's position there. */
  batch: { id: string; index: number } | null;
  stream: 'stdout' | 'stderr';
  /** Size and digest of the whole output, as journaled. */
  bytes: number;
  /** Null when withheld (a digest of a short output would let a reader test guesses of the addresses it hides). */
  sha256: string | null;
  lines: string[];
  /** Lines of the journaled excerpt not shown. */
  moreLines: number;
  /** A JSON document with long lines: not quoted (its deciding parts are in the evidence lines). */
  json: boolean;
  /** The journal itself kept only an excerpt of the output. */
  journalTruncated: boolean;
}

/** Every gate's deciding evidence in the first run; in later runs only the gates whose status changed. */
export function evidenceBlocks(ix: JournalIndex): EvidenceBlock[] {
  const out: EvidenceBlock[] = [];
  const seen = new Map<string, Status>();
  for (const run of ix.runs) {
    for (const g of ix.gates.filter((x) => x.run === run)) {
      const key = String(g.gate);
      const before = seen.get(key);
      seen.set(key, g.status);
      if (before !== undefined && before === g.status) continue;
      const v = decidingVerdict(ix, g);
      if (!v) continue;
      out.push({ gate: g.gate, run, status: g.status, check: v.check, finding: v.finding, lines: v.evidence.slice(0, MAX_EVIDENCE_LINES), more: Math.max(0, v.evidence.length - MAX_EVIDENCE_LINES), missing: v.missing });
    }
  }
  return out;
}

/** The outputs of the (up to three) commands whose lines decided the first failure, as excerpts. */
export function failureOutputs(ix: JournalIndex): OutputExcerpt[] {
  const f = ix.failures.find((x) => x.failure !== null);
  if (!f?.failure) return [];
  const wanted: Array<{ host: string; command: string }> = [];
  for (const e of f.failure.evidence) if (!wanted.some((w) => w.host === e.host && w.command === e.command)) wanted.push({ host: e.host, command: e.command });
  const out: OutputExcerpt[] = [];
  for (const w of wanted) {
    if (out.length >= MAX_EXCERPTS) break;
    // A batch's command is quoted from its own excerpt (its section of the batch's output).
    const run = [...probeRuns(ix)].reverse().find((r) => r.stdout && r.stderr && r.seq < f.seq && sameHost(r.host, w.host) && quoteArgv(r.argv) === w.command);
    if (run) out.push(excerptOf(run));
  }
  return out;
}

/** Evidence names the incident's host ("gwA"); commands name the target ("ssh:gwA", "replay:gwA"). */
function sameHost(label: string, host: string): boolean {
  return label === host || label.replace(/^(ssh|replay|nsenter):/, '').replace(/^.*@/, '') === host;
}

function excerptOf(r: ProbeRun): OutputExcerpt {
  const useErr = !r.stdout!.excerpt.trim() && r.stderr!.excerpt.trim() !== '';
  const x = useErr ? r.stderr! : r.stdout!;
  const text = redactExcerpt(r.argv, x.excerpt).replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const all = text.split('\n');
  // A JSON document on long lines says nothing in 15 clipped lines; the evidence lines quote its deciding parts.
  const blob = /^\s*[[{]/.test(text) && all.some((l) => l.length > MAX_LINE_CHARS);
  return {
    host: r.host,
    command: commandText(r.argv),
    ts: r.ts,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    stopped: r.stopped,
    durationMs: r.durationMs,
    batch: r.batch ? { id: r.batch.id, index: r.batch.index } : null,
    stream: useErr ? 'stderr' : 'stdout',
    bytes: x.bytes,
    sha256: x.sha256,
    lines: blob ? [] : all.slice(0, MAX_EXCERPT_LINES),
    moreLines: blob ? all.length : Math.max(0, all.length - MAX_EXCERPT_LINES),
    json: blob,
    journalTruncated: x.truncated,
  };
}
