// Why: training's debrief: was the failing gate and its cause found, in how long, and which decisions differed from the engine.

import type { Gate } from '../checks/types.js';
import type { SessionState } from '../session/types.js';
import { elapsed } from './header.js';
import { visible } from './sanitize.js';
import type { ScenarioMeta } from './briefing.js';
import { seg, type Line } from './styled.js';

export interface Debrief {
  found: boolean;
  causeFound: boolean;
  /** ms from the start to the decision on the failing gate (or to the last decision for a healthy scenario). */
  tookMs: number | null;
  differed: Array<{ gate: Gate; engine: string; decision: string; reason?: string }>;
  expected: ScenarioMeta['expected'];
}

const heldFail = (d: NonNullable<SessionState['gates'][number]['decision']>, engine: string | null) =>
  d.action === 'accept' ? engine === 'FAIL' : d.action === 'override' ? d.status === 'FAIL' || (d.status === null && engine !== 'FAIL') : false;

export function debrief(s: SessionState, expected: ScenarioMeta['expected']): Debrief {
  const start = Date.parse(s.startedAt);
  const differed: Debrief['differed'] = [];
  for (const g of s.gates) {
    if (!g.decision) continue;
    const engine = g.deciding?.status ?? (g.progress === 'pending' || g.progress === 'running' ? 'no verdict' : g.progress);
    if (g.decision.action === 'accept') continue;
    differed.push({ gate: g.gate, engine, decision: g.decision.action === 'skip' ? 'skipped' : `overridden${g.decision.status ? ` to ${g.decision.status}` : ''}`, ...(g.decision.reason ? { reason: g.decision.reason } : {}) });
  }
  if (!expected) {
    const fails = s.gates.filter((g) => g.decision && heldFail(g.decision, g.deciding?.status ?? null));
    const last = s.gates.map((g) => (g.decision ? Date.parse(g.decision.ts) : NaN)).filter((x) => !Number.isNaN(x));
    return { found: fails.length === 0, causeFound: fails.length === 0, tookMs: last.length ? Math.max(...last) - start : null, differed, expected };
  }
  const gs = s.gates.find((g) => g.gate === expected.gate);
  const d = gs?.decision ?? null;
  const found = Boolean(d && heldFail(d, gs?.deciding?.status ?? null));
  const causeFound = found && d?.action === 'accept' && gs?.deciding?.cause === expected.cause && gs.deciding.side === expected.side;
  return { found, causeFound, tookMs: d ? Date.parse(d.ts) - start : null, differed, expected };
}

export function debriefLines(d: Debrief): Line[] {
  const out: Line[] = [[seg('Debrief', 'bold')], []];
  const e = d.expected;
  if (!e) {
    out.push([seg(d.found ? 'Healthy scenario, and you held every gate as passing.' : 'Healthy scenario, but you held a gate as failing.', d.found ? 'pass' : 'fail')]);
  } else {
    const where = `${e.gate === 'mtu' ? 'MTU' : `gate ${e.gate}`}`;
    out.push([seg(`Failing gate (${where}): `), seg(d.found ? 'found' : 'missed', d.found ? 'pass' : 'fail')]);
    out.push([seg(`Cause (${e.cause} on side ${e.side}): `), seg(d.causeFound ? 'found' : 'not confirmed', d.causeFound ? 'pass' : 'fail')]);
  }
  out.push([seg(`Time: ${d.tookMs === null ? 'no decision on it' : elapsed(d.tookMs)}`)]);
  if (d.differed.length) {
    out.push([seg('Decisions that differed from the engine:', 'bold')]);
    for (const x of d.differed) out.push([seg(`  ${x.gate === 'mtu' ? 'MTU' : `gate ${x.gate}`}: engine ${x.engine}, you ${x.decision}${x.reason ? ` (${visible(x.reason)})` : ''}`)]);
  } else out.push([seg('Every decision followed the engine.')]);
  return out;
}
