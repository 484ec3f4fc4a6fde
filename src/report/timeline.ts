// Why: the UTC timeline: one row per thing that happened, with runs of probes, reach checks, clock readings and gate verdicts folded into one row each.

import type { JournalRecord } from '../journal/events.js';
import type { JournalIndex, Rec } from './journal-index.js';
import { gateName } from './gates.js';
import { commandText } from './commands.js';
import { duration } from './time.js';
import { runsOf, wentWell, type ProbeRun } from './probe-runs.js';
import { lit, t, join, type Text } from './text.js';

export interface TimelineRow {
  ts: string;
  /** The record type(s) the row stands for. */
  kind: string;
  text: Text;
}

/** Record types folded together while they follow each other. */
const FOLD: Record<string, string> = { intent: 'commands', outcome: 'commands', target: 'targets', clock: 'clocks', gate: 'diagnosis', verdict: 'diagnosis', counters: 'counters' };

export function timeline(ix: JournalIndex): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let batch: JournalRecord[] = [];
  const flush = () => {
    if (batch.length) {
      const row = folded(ix, batch);
      if (row) rows.push(row);
    }
    batch = [];
  };
  for (const r of ix.records) {
    const fold = FOLD[r.type];
    if (fold) {
      if (batch.length && FOLD[batch[0]!.type] !== fold) flush();
      batch.push(r);
      continue;
    }
    flush();
    const row = single(ix, r);
    if (row) rows.push(row);
  }
  flush();
  return rows;
}

function folded(ix: JournalIndex, batch: JournalRecord[]): TimelineRow | null {
  const first = batch[0]!;
  const kind = FOLD[first.type]!;
  if (kind === 'commands') return { ts: first.ts, kind, text: commandsRow(ix, batch) };
  if (kind === 'targets') {
    const ts = batch as Rec<'target'>[];
    const ok = ts.filter((x) => x.reached).map((x) => [{ code: x.host }] as Text);
    const bad = ts.filter((x) => !x.reached).map((x) => [{ code: x.host }, ...(x.error ? [' (', x.error, ')'] : [])] as Text);
    return { ts: first.ts, kind, text: [...(ok.length ? ['Reached ', ...join(ok, ', ')] : []), ...(ok.length && bad.length ? ['; '] : []), ...(bad.length ? ['could not reach ', ...join(bad, ', ')] : []), '.'] };
  }
  if (kind === 'clocks') {
    const cs = batch as Rec<'clock'>[];
    return { ts: first.ts, kind, text: ['Clock offsets against the jump host: ', ...join(cs.map((c) => t`${lit(c.host)} ${signed(c.offsetMs)} ms (round trip ${c.rttMs} ms)`), ', '), '.'] };
  }
  if (kind === 'counters') {
    const cs = batch as Rec<'counters'>[];
    const when = [...new Set(cs.map((c) => c.when))].join(' and ');
    const where = [...new Map(cs.map((c) => [`${c.host}\u0000${c.iface}`, c])).values()];
    return { ts: first.ts, kind, text: [`Tunnel counters read (${when} the test traffic) on `, ...join(where.map((c) => t`${lit(c.host)} ${lit(c.iface)}`), ', '), '.'] };
  }
  // A diagnosis run: its check verdicts, summed up by the gate statuses when the run has them.
  const gs = batch.filter((r): r is Rec<'gate'> => r.type === 'gate');
  const vs = batch.filter((r): r is Rec<'verdict'> => r.type === 'verdict');
  if (gs.length) return { ts: first.ts, kind, text: [`Diagnosis run ${gs[0]!.run}: `, gs.map((g) => `${gateName(g.gate)} ${g.status}`).join(', '), ` (${vs.length} check verdicts).`] };
  const fails = vs.filter((v) => v.verdict.status === 'FAIL').map((v) => v.verdict.check);
  return { ts: first.ts, kind, text: [`${vs.length} check verdict${vs.length === 1 ? '' : 's'} (run ${vs[0]!.run})`, ...(fails.length ? ['; failing: ', ...join(fails.map((f) => [{ code: f }]), ', ')] : []), '.'] };
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

function commandsRow(ix: JournalIndex, batch: JournalRecord[]): Text {
  const intents = batch.filter((r): r is Rec<'intent'> => r.type === 'intent');
  const outcomes = batch.filter((r): r is Rec<'outcome'> => r.type === 'outcome');
  if (!intents.length) return [`${outcomes.length} command result${outcomes.length === 1 ? '' : 's'} (started earlier).`];
  const hosts = [...new Set(intents.map((i) => i.host))];
  // A batch counts as the commands it ran; one that did not come back is counted where it ran alone.
  const all = intents.flatMap((i) => runsOf(ix.commandBySeq.get(i.seq) ?? { intent: i, outcome: null }));
  const runs = all.filter((r) => !r.missing);
  const notBack = all.length - runs.length;
  const sessions = new Set(runs.filter((r) => r.batch).map((r) => r.batch!.id)).size;
  const problems = runs.filter((r) => !wentWell(r));
  const head: Text = [`Ran ${runs.length} command${runs.length === 1 ? '' : 's'} on `, ...join(hosts.map((h) => [{ code: h }]), ', ')];
  if (sessions) head.push(` (${runs.filter((r) => r.batch).length} of them in ${sessions} batch${sessions === 1 ? '' : 'es'}, one ssh session each)`);
  if (notBack) head.push(`; ${notBack} batched command${notBack === 1 ? '' : 's'} did not come back and ran alone`);
  if (runs.length === 1) return [...head, ': ', { code: commandText(runs[0]!.argv) }, ' ', `${runWords(runs[0]!)}.`];
  if (!problems.length) return [...head, !runs.length ? '.' : runs.some((r) => r.stopped) ? '; every one exited 0 or was stopped by gatewalk.' : '; every one exited 0.'];
  const listed = problems.slice(0, 5).map((r) => [{ code: commandText(r.argv) }, ' on ', { code: r.host }, ' ', runWords(r)] as Text);
  const more = problems.length > 5 ? [`; and ${problems.length - 5} more`] : [];
  return [...head, '; not exit 0: ', ...join(listed, '; '), ...more, '.'];
}

/** How one command ended, in words. */
export function runWords(r: ProbeRun): string {
  if (r.open) return '(no outcome recorded)';
  if (r.missing) return '(did not come back from its batch)';
  if (r.timedOut) return r.durationMs !== null ? `(timed out after ${duration(r.durationMs)})` : '(timed out)';
  const d = r.durationMs !== null ? duration(r.durationMs) : null;
  if (r.stopped) return `(stopped by gatewalk${d ? ` after ${d}` : ''})`;
  if (r.exitCode === null) return `(stopped${d ? `, ${d}` : ''})`;
  return `(exit ${r.exitCode}${d ? `, ${d}` : ''})`;
}

export function outcomeWords(o: Rec<'outcome'> | null): string {
  if (!o) return '(no outcome recorded)';
  if (o.timedOut) return `(timed out after ${duration(o.durationMs)})`;
  if (o.stopped) return `(stopped by gatewalk after ${duration(o.durationMs)})`;
  if (o.exitCode === null) return `(stopped, ${duration(o.durationMs)})`;
  return `(exit ${o.exitCode}, ${duration(o.durationMs)})`;
}

function single(ix: JournalIndex, r: JournalRecord): TimelineRow | null {
  const row = (text: Text): TimelineRow => ({ ts: r.ts, kind: r.type, text });
  switch (r.type) {
    case 'start': {
      const p = r.pair;
      const how = r.mode === 'replay' ? t`a replay of the recorded scenario ${lit(r.scenario ?? '?')}` : r.mode === 'lab' ? ['the training lab'] : ['live hosts'];
      return row([`Session started on `, ...how, ` (${r.tool}); test pair `, { code: p.source }, ' → ', { code: p.destination }, ` ${pairProto(p)}.`]);
    }
    case 'failure':
      if (!r.failure) return row([`Run ${r.run}: no gate failed.`]);
      return row([`Run ${r.run}: failure point ${gateName(r.failure.gate)}, "${r.failure.point}": `, { code: r.failure.cause }, ` on site ${r.failure.side.toUpperCase()}. `, r.failure.finding]);
    case 'decision': {
      const why: Text = r.reason ? [' Reason: "', r.reason, '".'] : [];
      if (r.action === 'accept') return row([`Operator accepted ${gateName(r.gate)} (${r.engineStatus}).`, ...why]);
      if (r.action === 'skip') return row([`Operator skipped ${gateName(r.gate)} (engine ${r.engineStatus}).`, ...why]);
      return row([`Operator overrode ${gateName(r.gate)}: engine ${r.engineStatus}, operator ${r.status ?? 'none'}.`, ...(r.reason ? why : [' No reason given.'])]);
    }
    case 'fix-proposed':
      return row([`Fix proposed for ${gateName(r.gate)} on `, { code: r.host }, ` (${r.commands.length} line${r.commands.length === 1 ? '' : 's'}, see Fixes).`]);
    case 'fix-applied':
      return row([`Fix applied for ${gateName(r.gate)} on `, { code: r.host }, `; ${gateName(r.gate)} afterwards: ${r.afterStatus ?? 'not judged'}.`]);
    case 'note':
      return row(['Note: ', r.text]);
    case 'rerun':
      return row([`Re-run ${r.run} of ${r.gate === 'all' ? 'all gates' : gateName(r.gate)}.`]);
    case 'export':
      return row([`Report exported (${r.format}) to `, { code: r.file }, '.']);
    case 'end':
      return row([`Session ended: ${r.reason}`, ...(r.error ? [' (', r.error, ')'] : []), '.']);
    default:
      return null;
  }
}

export function pairProto(p: Rec<'start'>['pair']): string {
  if (p.protocol && p.port !== undefined) return `${p.protocol}/${p.port}`;
  return p.protocol ?? 'icmp';
}

export type { Rec };
