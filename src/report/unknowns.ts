// Why: what the report cannot vouch for: unjudged checks and what they lacked, hosts not reached, commands with no result, clocks, gaps in the journal.

import type { JournalIndex } from './journal-index.js';
import { GATES, gateName } from './gates.js';
import { commandText } from './commands.js';
import { clock } from './time.js';
import { lit, t, join, type Text } from './text.js';
import { probeRuns, runsOf } from './probe-runs.js';

export interface Unknown {
  kind: 'mode' | 'unknown-verdict' | 'unreachable' | 'open-intent' | 'orphan-outcome' | 'clock' | 'skipped' | 'override' | 'journal-gap' | 'no-end' | 'excerpt' | 'unknown-record';
  text: Text;
}

/** Offsets at or above this are worth a reader's attention when comparing remote timestamps. */
export const CLOCK_WARN_MS = 1000;

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function unknowns(ix: JournalIndex): Unknown[] {
  const out: Unknown[] = [];
  const s = ix.start;
  if (s?.mode === 'replay') out.push({ kind: 'mode', text: t`Replay: every output comes from the recorded scenario ${lit(s.scenario ?? '?')}, not from live hosts; times of day in the outputs are the recording's.` });
  if (s?.mode === 'lab') out.push({ kind: 'mode', text: ['Training lab: the hosts were network namespaces of a gatewalk lab with an injected fault.'] });

  for (const gate of GATES) {
    const runs = ix.verdicts.filter((v) => v.verdict.gate === gate).map((v) => v.run);
    if (!runs.length) continue;
    const last = Math.max(...runs);
    for (const v of ix.verdicts.filter((x) => x.run === last && x.verdict.gate === gate && x.verdict.status === 'UNKNOWN')) {
      const m = v.verdict.missing;
      out.push({ kind: 'unknown-verdict', text: [`${cap(gateName(gate))} `, { code: v.verdict.check }, ` (run ${last}) could not be judged: `, v.verdict.finding, ...(m.length ? [' Missing: ', m.join('; '), '.'] : [])] });
    }
  }
  for (const x of ix.targets.filter((x) => !x.reached)) out.push({ kind: 'unreachable', text: [...t`${lit(x.host)} (${x.role}) was not reached`, ...(x.error ? [': ', x.error] : []), '; its checks are UNKNOWN or missing.'] });
  for (const c of ix.commands.filter((c) => !c.outcome)) {
    // A batch is named by the commands it ran, never by its script.
    const runs = runsOf(c);
    const what: Text = runs[0]?.batch ? [`A batch of ${runs.length} command(s) (`, ...join(runs.slice(0, 3).map((r) => [lit(commandText(r.argv))]), ', '), runs.length > 3 ? ', ...)' : ')'] : [lit(commandText(c.intent.argv))];
    out.push({ kind: 'open-intent', text: [...what, ...t` on ${lit(c.intent.host)}, started ${clock(c.intent.ts)} UTC,`, ' has no recorded outcome: the session stopped while it ran; whether it took effect is unknown (gatewalk does not re-run it on its own).'] });
  }
  if (ix.orphanOutcomes.length) out.push({ kind: 'orphan-outcome', text: [`${ix.orphanOutcomes.length} command result(s) have no matching start record in the journal.`] });

  if (ix.clocks.length) {
    const far = ix.clocks.filter((c) => Math.abs(c.offsetMs) >= CLOCK_WARN_MS);
    out.push({
      kind: 'clock',
      text: far.length
        ? ['Clock offsets of ', ...join(far.map((c) => t`${lit(c.host)} (${c.offsetMs} ms)`), ', '), ` are ${CLOCK_WARN_MS} ms or more: timestamps inside those hosts' outputs are shifted by that much against this report's UTC times.`]
        : [`Clock offsets of all ${ix.clocks.length} measured host(s) are under ${CLOCK_WARN_MS} ms; timestamps inside remote outputs line up with this report's times.`],
    });
  } else if (s && s.mode !== 'replay') {
    out.push({ kind: 'clock', text: ['No clock offsets were recorded: timestamps inside remote outputs (tcpdump, conntrack) are those hosts\' own clocks and may not line up with the UTC times here.'] });
  }
  for (const d of ix.decisions.filter((d) => d.action === 'skip')) out.push({ kind: 'skipped', text: [`${cap(gateName(d.gate))} was skipped by the operator${d.reason ? '' : ' without a reason'}`, ...(d.reason ? [' ("', d.reason, '")'] : []), '; the engine said ', d.engineStatus, '.'] });
  for (const d of ix.decisions.filter((d) => d.action === 'override' && d.status !== d.engineStatus)) {
    out.push({ kind: 'override', text: [`${cap(gateName(d.gate))}: the operator holds ${d.status ?? 'no status'} where the engine said ${d.engineStatus}; the operator's reason is the evidence for that`, ...(d.reason ? [' ("', d.reason, '")'] : [' (none was given)']), '.'] });
  }
  for (const g of ix.seqGaps) out.push({ kind: 'journal-gap', text: [`The journal skips from record ${g.after} to ${g.next}: ${g.next > g.after ? `${g.next - g.after - 1} record(s) are missing` : 'records are out of order'}.`] });
  if (ix.records.length && !ix.ends.length) out.push({ kind: 'no-end', text: ['The journal has no end record: the session was still running, or stopped without closing (crash or kill); the last record is ', String(ix.records.at(-1)!.seq), '.'] });
  // A batch's own excerpt may be cut while each of its commands is kept whole: the commands' excerpts count.
  if (probeRuns(ix).some((r) => r.stdout?.truncated || r.stderr?.truncated)) {
    out.push({ kind: 'excerpt', text: ['Some outputs were larger than the journal keeps: the journal holds their first part and a SHA-256 digest of the whole; the excerpts here come from that first part.'] });
  }
  if (ix.unknownTypes) out.push({ kind: 'unknown-record', text: [`${ix.unknownTypes} record(s) of a type this version of gatewalk does not know were left out.`] });
  return out;
}
