// Why: the report's first screen: what was broken, where and why, what fixed it or that it is still open, and how long diagnosis took.

import { journalFixCommands } from '../journal/fix-lines.js';
import type { Cause, Gate, Side, Status } from '../checks/types.js';
import type { JournalIndex, Rec } from './journal-index.js';
import { GATE_TITLES, gateName } from './gates.js';
import { between, clock } from './time.js';
import { redactText } from './secrets.js';
import { lit, t, type Text } from './text.js';

export type State = 'open' | 'fixed' | 'no-failure' | 'not-diagnosed';

export interface Summary {
  state: State;
  /** One sentence. */
  headline: Text;
  failure: { gate: Gate; cause: Cause; side: Side; point: string; finding: string; gateway: string | null; run: number; when: string } | null;
  /** How it was fixed, or what is still open. */
  resolution: Text;
  timeToDiagnosis: { ms: number; from: string; to: string; by: 'decision' | 'verdict'; engineMs: number | null } | null;
  /** The operator's decisions, one line each that matters (overrides and skips in full, accepts counted). */
  operator: Text[];
}

type FailureRec = Rec<'failure'> & { failure: NonNullable<Rec<'failure'>['failure']> };

function firstFailure(ix: JournalIndex): FailureRec | null {
  return (ix.failures.find((f) => f.failure !== null) as FailureRec | undefined) ?? null;
}

function lastRunFailure(ix: JournalIndex): Rec<'failure'> | null {
  let best: Rec<'failure'> | null = null;
  for (const f of ix.failures) if (!best || f.run >= best.run) best = f;
  return best;
}

function gatewayOf(ix: JournalIndex, side: Side): string | null {
  return ix.start?.sites[side]?.gateway ?? null;
}

function statusIn(ix: JournalIndex, gate: Gate, run: number): Status | null {
  return ix.gates.find((g) => g.gate === gate && g.run === run)?.status ?? null;
}

function timeToDiagnosis(ix: JournalIndex, f: FailureRec): Summary['timeToDiagnosis'] {
  const from = ix.records[0]?.ts;
  if (!from) return null;
  const firstFail = ix.verdicts.find((v) => v.verdict.gate === f.failure.gate && v.verdict.status === 'FAIL')?.ts ?? ix.gates.find((g) => g.gate === f.failure.gate && g.status === 'FAIL')?.ts ?? f.ts;
  const accepted = ix.decisions.find((d) => d.gate === f.failure.gate && d.status === 'FAIL' && d.action !== 'skip');
  const engineMs = between(from, firstFail);
  if (accepted) {
    const ms = between(from, accepted.ts);
    return ms === null ? null : { ms, from, to: accepted.ts, by: 'decision', engineMs };
  }
  return engineMs === null ? null : { ms: engineMs, from, to: firstFail, by: 'verdict', engineMs };
}

function resolution(ix: JournalIndex, f: FailureRec, last: Rec<'failure'> | null): { state: State; text: Text } {
  const g = f.failure.gate;
  const fixes = ix.applied.filter((a) => a.gate === g);
  const laterRun = ix.runs.filter((r) => r > f.run).at(-1);
  const laterStatus = laterRun !== undefined ? statusIn(ix, g, laterRun) : null;
  const fixedByRun = laterStatus === 'PASS' || laterStatus === 'WARN';
  const fixedByFix = fixes.some((a) => a.afterStatus === 'PASS' || a.afterStatus === 'WARN');
  if (!fixedByRun && !fixedByFix) {
    const proposed = ix.proposed.filter((p) => p.gate === g).at(-1);
    // The first command line, without the engine's trailing remark ("   # on gwA").
    const first = proposed ? journalFixCommands(proposed.commands)[0] : undefined;
    const tried = fixes.length ? t`a fix was applied at ${gateName(g)} but the gate did not pass afterwards; ` : [];
    const what: Text = proposed
      ? [`the proposed fix${first ? ', ' : ''}`, ...(first ? [lit(redactText(first)), ' on ', lit(proposed.host)] : []), `${proposed.commands.length > 1 ? ' (and more under Fixes)' : ''}, was not applied through gatewalk`]
      : ['no fix was proposed'];
    return { state: 'open', text: [...tried, ...what, '.'] };
  }
  const cmds = fixes.flatMap((a) => journalFixCommands(a.commands));
  const how: Text = fixes.length
    ? ['fixed by ', ...(cmds.length ? [lit(redactText(cmds[0]!)), cmds.length > 1 ? ` and ${cmds.length - 1} more command(s)` : ''] : ['the fix']), ' applied on ', ...hostList(fixes.map((a) => a.host)), ` at ${clock(fixes[0]!.ts)} UTC (see Fixes)`]
    : t`fixed outside gatewalk (no fix was applied through it)`;
  const proof: Text = laterRun !== undefined && fixedByRun ? t`; re-run ${laterRun} found ${gateName(g)} ${laterStatus!}` : [];
  const now: Text = last?.failure && last.run > f.run ? t`; but re-run ${last.run} now fails at ${gateName(last.failure.gate)} (${lit(last.failure.cause)}), so the incident is still open` : [];
  return { state: now.length ? 'open' : 'fixed', text: [...how, ...proof, ...now, '.'] };
}

function hostList(hosts: string[]): Text {
  const u = [...new Set(hosts)];
  return u.flatMap((h, i) => (i ? [', ', { code: h }] : [{ code: h }]));
}

function operatorLines(ix: JournalIndex): Text[] {
  const out: Text[] = [];
  const accepted = ix.decisions.filter((d) => d.action === 'accept').map((d) => gateName(d.gate));
  if (accepted.length) out.push([`accepted the engine's verdict at ${[...new Set(accepted)].join(', ')}`]);
  for (const d of ix.decisions) {
    const why: Text = d.reason ? [': "', d.reason, '"'] : [' (no reason given)'];
    if (d.action === 'override') out.push([`overrode ${gateName(d.gate)}: engine ${d.engineStatus}, operator ${d.status ?? 'no status'}`, ...why]);
    if (d.action === 'skip') out.push([`skipped ${gateName(d.gate)} (engine ${d.engineStatus})`, ...why]);
  }
  return out;
}

export function summarize(ix: JournalIndex): Summary {
  const f = firstFailure(ix);
  const last = lastRunFailure(ix);
  const operator = operatorLines(ix);
  if (!ix.gates.length && !ix.verdicts.length) {
    return { state: 'not-diagnosed', headline: ['No diagnosis was recorded: the journal ends before the engine gave a verdict.'], failure: null, resolution: ['Still open: nothing was diagnosed.'], timeToDiagnosis: null, operator };
  }
  if (!f) {
    // The gate records say FAIL but no failure record names it (a damaged or missing record): never "no gate failed".
    const failed = ix.gates.filter((g) => g.status === 'FAIL');
    if (failed.length) {
      const g = failed[0]!;
      const gates = [...new Set(failed.map((x) => gateName(x.gate)))].join(', ');
      const lastRun = ix.runs.at(-1) ?? g.run;
      const now = statusIn(ix, g.gate, lastRun);
      const passed = lastRun > g.run && (now === 'PASS' || now === 'WARN');
      return {
        state: passed ? 'fixed' : 'open',
        headline: [`${passed ? 'Fixed' : 'Still open'}. The gates table shows ${gates} FAIL (first in run ${g.run}), but the journal holds no failure record for it: that record is damaged or missing, so the cause is not stated here (see Gates and Evidence).`],
        failure: null,
        resolution: passed ? [`Re-run ${lastRun} found ${gateName(g.gate)} ${now}.`] : [`Still open: ${gateName(g.gate)} failed and no later run found it passing.`],
        timeToDiagnosis: null,
        operator,
      };
    }
    const unknown = [...new Set(ix.gates.filter((g) => g.status === 'UNKNOWN').map((g) => gateName(g.gate)))];
    const failOverride = ix.decisions.find((d) => d.action === 'override' && d.status === 'FAIL');
    // The pair's own traffic, last run: a failing pair is never summed up as "no gate failed".
    const pair = ix.pairs.at(-1)?.outcome;
    if (pair && (pair.status === 'fails' || pair.status === 'partial')) {
      return {
        state: 'open',
        headline: [`Still open. The test pair fails and no check found why: ${pair.summary} (see Test traffic and Unknowns).`],
        failure: null,
        resolution: [failOverride ? `The operator holds ${gateName(failOverride.gate)} failed against the engine (see Decisions); still open.` : 'Still open: the cause was not found; the last point where the pair was seen is under Test traffic.'],
        timeToDiagnosis: null,
        operator,
      };
    }
    const headline: Text = unknown.length
      ? [`No gate failed, but ${unknown.join(', ')} could not be judged (see Unknowns).`]
      : pair?.status === 'unknown'
        ? ['No gate failed, but the test pair itself was not measured (see Test traffic).']
        : pair?.status === 'works'
          ? ['No gate failed, and the test pair works: its traffic crossed all four gates and the MTU check.']
          : ['No gate failed: the test packet crossed all four gates and the MTU check.'];
    const resolutionText: Text = failOverride ? [`The operator holds ${gateName(failOverride.gate)} failed against the engine (see Decisions); still open.`] : ['Nothing to fix was found.'];
    return { state: failOverride ? 'open' : 'no-failure', headline, failure: null, resolution: resolutionText, timeToDiagnosis: null, operator };
  }
  const x = f.failure;
  const r = resolution(ix, f, last);
  const gw = gatewayOf(ix, x.side);
  const headline: Text = [
    `${r.state === 'fixed' ? 'Fixed' : 'Still open'}. Failure point: ${gateName(x.gate)} (${GATE_TITLES[String(x.gate)]}) — "${x.point}"; cause `,
    { code: x.cause },
    ` on site ${x.side.toUpperCase()}'s gateway`,
    ...(gw ? [' ', { code: gw }] : []),
    x.inferred ? ', inferred from site A alone (site B\'s gateway cannot be logged into; see For the other side).' : '.',
  ];
  return {
    state: r.state,
    headline,
    failure: { gate: x.gate, cause: x.cause, side: x.side, point: x.point, finding: x.finding, gateway: gw, run: f.run, when: f.ts },
    resolution: r.text,
    timeToDiagnosis: timeToDiagnosis(ix, f),
    operator,
  };
}
