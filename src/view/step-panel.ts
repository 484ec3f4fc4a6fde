// Why: the step panel: the selected gate's prose, its steps with their verdicts, the deciding verdict, its evidence and the proposed fix.

import { fixLineText } from '../checks/fix.js';
import type { Gate, Status, Verdict } from '../checks/types.js';
import type { Wizard } from '../engine/wizard.js';
import type { GateState, SessionState } from '../session/types.js';
import type { Glyphs } from './glyphs.js';
import { progressGlyph, progressStyle } from './gate-bar.js';
import { openIntentLine } from './open-intents.js';
import { visible } from './sanitize.js';
import { trafficCompactLines } from './seen-at.js';
import { seg, type Line } from './styled.js';

/** Renders the wizard's Markdown to lines; until marked-terminal has loaded, plain text is fine. */
export type ProseRenderer = (markdown: string) => string[];

export const plainProse: ProseRenderer = (md) => unwrap(md).replace(/\*\*|`/g, '').trimEnd().split('\n');

/** The wizard's prose is hard-wrapped in YAML; paragraphs become one line each (the screen wraps them to its width). */
export function unwrap(md: string): string {
  return md.replace(/([^\n])\n(?=[^\n\s*-])/g, '$1 ');
}

const RANK: Record<Status, number> = { FAIL: 3, UNKNOWN: 2, WARN: 1, PASS: 0 };

function worst(vs: Verdict[]): Status | null {
  if (!vs.length) return null;
  return vs.reduce((a, v) => (RANK[v.status] > RANK[a.status] ? v : a)).status;
}

export interface StepPanelInput {
  state: SessionState;
  wizard: Wizard;
  gate: Gate;
  glyphs: Glyphs;
  prose: ProseRenderer;
  /** Host names per side, for "proposed fix (on HOST)". */
  hosts: { a: string; b: string };
}

export function gateTitle(gate: Gate): string {
  return gate === 'mtu' ? 'MTU' : `Gate ${gate}`;
}

export function stepPanel(inp: StepPanelInput): Line[] {
  const { state, wizard, gate, glyphs: g } = inp;
  const gs = state.gates.find((x) => x.gate === gate);
  const wg = wizard.gates.find((x) => x.gate === gate);
  if (!gs || !wg) return [[seg(`no gate ${String(gate)}`)]];
  const out: Line[] = [];
  out.push([seg(`${gateTitle(gate)}: ${wg.title}  `, 'bold'), seg(`${progressGlyph(gs.progress, g)} ${gs.progress}`, progressStyle(gs.progress))]);
  out.push(...verdictLines(gs, inp));
  out.push([]);
  // While the session runs, its in-flight commands have no outcome yet; only afterwards do they mean a crash.
  // Listed high, before the long evidence, so they stay on screen.
  if (state.openIntents.length && !state.busy) {
    out.push([seg('Commands started before a crash, outcome unknown (shown, never re-run):', 'warn')]);
    for (const o of state.openIntents) out.push(openIntentLine(o));
    out.push([]);
  }
  // The pair's own traffic decides with the evidence: shown on every gate, the table once it exists.
  if (state.traffic) {
    const [head, ...rest] = trafficCompactLines(state.traffic);
    const st = state.traffic.outcome.status;
    out.push([seg(head!, st === 'works' ? 'pass' : st === 'unknown' ? 'warn' : 'fail')]);
    for (const l of rest) out.push([seg(l, 'dim')]);
    out.push([]);
  }
  for (const st of wg.steps) {
    const mine = gs.verdicts.filter((v) => st.checks.includes(v.check));
    const w = worst(mine);
    const p = w ?? (gs.progress === 'running' ? 'running' : 'pending');
    out.push([seg(` ${progressGlyph(p, g)} `, progressStyle(p)), seg(st.title), seg(w ? `  ${w}` : '', progressStyle(p))]);
  }
  out.push([]);
  for (const l of inp.prose(wg.prose)) out.push([{ text: l, ansi: true }]);
  const step = wg.steps.find((st) => gs.deciding && st.checks.includes(gs.deciding.check));
  if (step) {
    out.push([]);
    for (const l of inp.prose(step.prose)) out.push([{ text: l, ansi: true }]);
  }
  return out;
}

function verdictLines(gs: GateState, inp: StepPanelInput): Line[] {
  const v = gs.deciding;
  const g = inp.glyphs;
  if (!v) return [[seg(gs.progress === 'running' ? `${g.running} collecting evidence` : 'No verdict yet.', 'dim')]];
  const out: Line[] = [];
  const cause = v.cause ? ` ${v.cause}${v.side ? ` (side ${v.side})` : ''}` : '';
  out.push([seg('Verdict: ', 'bold'), seg(`${v.status}${cause}`, progressStyle(v.status)), seg(`  ${visible(v.finding)}`)]);
  if (v.evidence.length) {
    out.push([seg('Evidence:', 'bold')]);
    for (const e of v.evidence) {
      out.push([seg(`  ${visible(e.host)}$ ${visible(e.command)}`, 'dim')]);
      out.push([seg(`    ${visible(e.line)}`)]);
    }
  }
  if (v.missing.length) {
    out.push([seg('Missing evidence:', 'bold')]);
    for (const m of v.missing) out.push([seg(`  ${visible(m)}`)]);
  }
  if (v.fix.length) {
    const host = v.side ? inp.hosts[v.side] : '?';
    out.push([seg(`Proposed fix on ${visible(host)} (not run; f runs it after a confirm):`, 'bold')]);
    for (const c of v.fix) out.push([seg(`  ${visible(fixLineText(c))}`, 'key')]);
  }
  if (gs.decision) {
    const d = gs.decision;
    out.push([seg('Decision: ', 'bold'), seg(`${d.action}${d.status ? ` ${d.status}` : ''}${d.reason ? `: ${visible(d.reason)}` : ''}`)]);
  }
  return out;
}
