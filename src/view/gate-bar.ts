// Why: the gate bar: gates 1-4 and MTU, each pending / running / PASS / FAIL / WARN / UNKNOWN, the current one marked.

import type { Gate } from '../checks/types.js';
import type { GateProgress, GateState, SessionState } from '../session/types.js';
import type { Glyphs } from './glyphs.js';
import { seg, type Line, type Style } from './styled.js';

export function progressStyle(p: GateProgress): Style {
  return p === 'PASS' ? 'pass' : p === 'FAIL' ? 'fail' : p === 'WARN' ? 'warn' : p === 'UNKNOWN' ? 'unknown' : p === 'running' ? 'running' : 'pending';
}

export function progressGlyph(p: GateProgress, g: Glyphs): string {
  return p === 'PASS' ? g.pass : p === 'FAIL' ? g.fail : p === 'WARN' ? g.warn : p === 'UNKNOWN' ? g.unknown : p === 'running' ? g.running : g.pending;
}

const label = (gate: number | 'mtu', compact: boolean) => (gate === 'mtu' ? 'MTU' : compact ? `G${gate}` : `Gate ${gate}`);

function decisionText(d: GateState['decision'], compact: boolean): string {
  if (!d) return '';
  if (d.action === 'accept') return compact ? ' ok' : ' accepted';
  if (d.action === 'skip') return compact ? ' skip' : ' skipped';
  return compact ? ` ovr${d.status ? `:${d.status}` : ''}` : ` overridden${d.status ? ` to ${d.status}` : ''}`;
}

/** `selected` is the gate the step panel shows (the current one unless the operator moved); compact under 120 columns. */
export function gateBar(s: SessionState, g: Glyphs, selected: Gate | 'done' | null, width: number): Line {
  const compact = width < 120;
  const out: Line = [];
  for (const gs of s.gates) {
    const sel = gs.gate === selected;
    out.push(seg(`${sel ? '>' : ' '}${label(gs.gate, compact)} `, sel ? 'focus' : undefined));
    out.push(seg(`${progressGlyph(gs.progress, g)}${compact ? '' : ' '}${gs.progress}`, progressStyle(gs.progress)));
    const dec = decisionText(gs.decision, compact);
    if (dec) out.push(seg(dec, 'dim'));
    out.push(seg(compact ? ' ' : '  '));
  }
  if (s.busy) out.push(seg(` ${g.running} ${s.busy}`, 'running'));
  return out;
}
