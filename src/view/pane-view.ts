// Why: one pane as lines: a title bar (number, what, host, command, state) and its body cut to the pane's size.

import type { Glyphs } from './glyphs.js';
import type { PaneSpec } from './panes.js';
import { columns, fit, seg, type Line } from './styled.js';
import { visible } from './sanitize.js';

export interface PaneViewInput {
  index: number;
  spec: PaneSpec;
  /** Body lines already neutralized (pane buffer) or built by the view (counters). */
  body: Line[];
  status: string[];
  focused: boolean;
  width: number;
  height: number;
  glyphs: Glyphs;
  awaiting: boolean;
}

export function paneLines(p: PaneViewInput): Line[] {
  const g = p.glyphs;
  const state = [...p.status, ...(p.awaiting ? ['asks for a password'] : [])].map(visible).join(', ');
  const head = `[${p.index + 1}] ${visible(p.spec.title)} on ${visible(p.spec.host)}${state ? ` (${state})` : ''}  $ ${visible(p.spec.command)}`;
  const out: Line[] = [[seg(fit(head.padEnd(p.width), p.width, g.ellipsis), p.focused ? 'focus' : 'title')]];
  const room = Math.max(0, p.height - 1);
  const body = p.body.slice(Math.max(0, p.body.length - room));
  for (const l of body) {
    let left = Math.max(1, p.width - 2);
    const cut: Line = [seg(`${g.sep} `, 'dim')];
    for (const s of l) {
      if (left <= 0) break;
      const t = fit(s.text, left, g.ellipsis);
      left -= columns(t);
      cut.push({ ...s, text: t });
    }
    out.push(cut);
  }
  return out;
}

/** Lines of pane text (already neutralized) as view lines; "[...]" end notices stand out. */
export function textBody(lines: string[]): Line[] {
  return lines.map((l) => (l.startsWith('[') && l.endsWith(']') && /ended|reconnect|recording/.test(l) ? [seg(l, 'alert')] : [seg(l)]));
}
