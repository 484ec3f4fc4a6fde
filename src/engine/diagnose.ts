// Why: pure: run every check on the evidence, roll verdicts up per gate, and name the failure point.

import type { Check } from '../checks/check.js';
import type { Cause, EvidenceLine, FixLine, Gate, Side, Status, Verdict } from '../checks/types.js';
import type { Evidence } from './analyze.js';
import { lastSeen, pairOutcome, seenAt, type LastSeen, type PairOutcome, type SeenAtRow } from './ground-truth.js';

export const GATES: readonly Gate[] = [1, 2, 3, 4, 'mtu'];

export interface GateResult {
  gate: Gate;
  status: Status;
  /** The verdict that decided the gate's status (its first FAIL, else first UNKNOWN, WARN, PASS). */
  deciding: Verdict | null;
  verdicts: Verdict[];
}

export interface Failure {
  gate: Gate;
  cause: Cause;
  side: Side;
  /** The runbook's words for where the packet dies. */
  point: string;
  finding: string;
  evidence: EvidenceLine[];
  fix: FixLine[];
  /** Judged from site A's evidence about the far side (one side only). */
  inferred?: boolean;
}

export interface Diagnosis {
  gates: GateResult[];
  failure: Failure | null;
  /** What the test pair's own traffic did (absent in diagnoses journaled before it was measured). */
  pair?: PairOutcome;
  /** Where the pair's packets were seen, per capture point and direction. */
  seenAt?: SeenAtRow[];
  lastSeen?: LastSeen | null;
}

/** The check id of the verdict the ground-truth rule adds when the pair fails and no check found why. */
export const GROUND_TRUTH_CHECK = 'pair.ground-truth';

const RANK: Record<Status, number> = { FAIL: 3, UNKNOWN: 2, WARN: 1, PASS: 0 };

/** Where the packet dies, in the runbook's checklist terms. */
export function failurePoint(gate: Gate, cause: Cause): string {
  if (gate === 1) return 'dies before the gateway';
  if (gate === 2) return 'dies before the tunnel';
  if (gate === 3) return 'dies in tunnel policy';
  if (gate === 'mtu') return 'MTU: small packets pass, large ones vanish';
  return cause === 'no-return-route' || cause === 'rp-filter' ? 'return path broken' : 'dies after decrypt';
}

/** A parser's warning about text it does not know (as opposed to, say, an error line the command printed). */
export function unknownSyntax(warning: string): boolean {
  return /\b(unrecognized|unread|unreadable|unknown|line before any)\b/i.test(warning);
}

/**
 * A PASS that rests on an output with lines the parser did not understand is partial evidence: those
 * lines may hold exactly what would have failed it. It becomes UNKNOWN, quoting the first such line.
 */
function partialEvidence(v: Verdict, ev: Evidence, read: ReadonlySet<string>): Verdict {
  if (v.status !== 'PASS') return v;
  for (const id of read) {
    const p = ev.probes[id];
    const w = p?.parsed?.ok ? p.parsed.warnings.find(unknownSyntax) : undefined;
    if (!p || !w) continue;
    return {
      ...v,
      status: 'UNKNOWN',
      finding: `${v.finding}; but ${p.command} on ${p.host} printed lines gatewalk does not read, so this rests on part of its output (${w})`,
      evidence: [...v.evidence, { host: p.host, command: p.command, line: w }],
      missing: [...v.missing, `${id}: every line of its output read (a parser for the unread lines)`],
    };
  }
  return v;
}

/** The evidence as a check sees it, recording which probes it read. */
function watched(ev: Evidence, read: Set<string>): Evidence {
  const probes = new Proxy(ev.probes, {
    get(target, key, recv) {
      if (typeof key === 'string' && key in target) read.add(key);
      return Reflect.get(target, key, recv);
    },
  });
  return { ...ev, probes };
}

function guarded(c: Check, ev: Evidence): Verdict {
  try {
    const read = new Set<string>();
    return partialEvidence(c.run(watched(ev, read)), ev, read);
  } catch (e) {
    // A check that throws is a bug; it must not take the whole diagnosis down.
    return { check: c.id, gate: c.gate, status: 'UNKNOWN', cause: null, side: null, finding: `check ${c.id} failed: ${e instanceof Error ? e.message : String(e)}`, evidence: [], fix: [], missing: ['a working check (this is a gatewalk bug)'] };
  }
}

/**
 * The one place verdicts are held to what the test pair's traffic did:
 * - the pair works: no FAIL stands; a condition that would stop other flows but not this one is a WARN;
 *   for an ICMP pair the MTU gate keeps its FAIL (the DF ladder is its own measurement, the small echo says nothing of large packets);
 * - the pair fails (or connects and stalls) and no check FAILed: an UNKNOWN says so, at the gate
 *   where its packets were last seen (the MTU gate for a stalled transfer), so the output never says nothing failed.
 */
export function holdToGroundTruth(verdicts: readonly Verdict[], pair: PairOutcome, last: LastSeen | null): Verdict[] {
  if (pair.status === 'works') {
    return verdicts.map((v) =>
      v.status === 'FAIL' && !(v.gate === 'mtu' && pair.protocol === 'icmp')
        ? { ...v, status: 'WARN', finding: `${v.finding}; but the test pair works (${pair.summary}): this does not stop it, it may stop other flows` }
        : v,
    );
  }
  if (pair.status === 'unknown' || verdicts.some((v) => v.status === 'FAIL')) return [...verdicts];
  const gate: Gate = pair.status === 'partial' ? 'mtu' : last?.gate ?? 1;
  const seen = last ? `; ${last.text}` : '; no capture point ran';
  // First at its gate, so it is the verdict the gate shows.
  return [
    {
      check: GROUND_TRUTH_CHECK,
      gate,
      status: 'UNKNOWN',
      cause: null,
      side: null,
      finding: `the pair fails; cause not found: ${pair.summary}${seen}`,
      evidence: [...pair.evidence, ...(last?.evidence ?? [])],
      fix: [],
      missing: ['a check that explains why the pair fails (the gates above found nothing wrong)'],
    },
    ...verdicts,
  ];
}

/** An UNKNOWN only because the far side's evidence cannot be had (every missing item is site B's gateway or host). */
function farSideOnly(v: Verdict): boolean {
  return v.status === 'UNKNOWN' && v.missing.length > 0 && v.missing.every((m) => /\b(gwB|hostB)\b/.test(m));
}

/** One side only: an inferred PASS or FAIL decides its gate; the far-side checks' "cannot see" stays listed, not counted. */
function decidedByInference(vs: readonly Verdict[]): boolean {
  return vs.some((v) => v.inferred && (v.status === 'PASS' || v.status === 'FAIL'));
}

export function diagnose(ev: Evidence, checks: readonly Check[]): Diagnosis {
  const pair = pairOutcome(ev);
  const rows = seenAt(ev);
  const last = lastSeen(ev, rows);
  const verdicts = holdToGroundTruth(
    checks.filter((c) => !c.applies || c.applies(ev.incident)).map((c) => guarded(c, ev)),
    pair,
    last,
  );
  const gates = GATES.map((gate): GateResult => {
    const mine = verdicts.filter((v) => v.gate === gate);
    if (!mine.length) return { gate, status: 'UNKNOWN', deciding: null, verdicts: [] };
    const judged = mine.filter((v) => !(decidedByInference(mine) && farSideOnly(v)));
    const worst = Math.max(...judged.map((v) => RANK[v.status]));
    const deciding = judged.find((v) => RANK[v.status] === worst) ?? null;
    return { gate, status: deciding?.status ?? 'UNKNOWN', deciding, verdicts: mine };
  });
  const failed = gates.find((g) => g.status === 'FAIL');
  const v = failed?.verdicts.find((x) => x.status === 'FAIL' && x.cause && x.side);
  const failure: Failure | null =
    failed && v && v.cause && v.side
      ? { gate: failed.gate, cause: v.cause, side: v.side, point: failurePoint(failed.gate, v.cause), finding: v.finding, evidence: v.evidence, fix: v.fix, ...(v.inferred ? { inferred: true } : {}) }
      : null;
  return { gates, failure, pair, seenAt: rows, lastSeen: last };
}
