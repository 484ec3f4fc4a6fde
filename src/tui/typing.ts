// Why: in live mode a focused pane that shows a password prompt takes the keystrokes; they go to its session and nowhere else.

import type { Tui } from './context.js';

/** The pane that takes typing now, or null. */
export function typingPane(t: Tui): number | null {
  if (!t.opts.live || t.ui.modal !== 'none') return null;
  const i = t.ui.focused;
  const p = t.feed.panes[i];
  if (!p?.awaiting || !p.write || t.ui.typingDismissed.has(i)) return null;
  return i;
}

/** Keystrokes as the terminal sent them; never journaled, never shown (sudo does not echo). */
export function sendKeystroke(t: Tui, pane: number, ch: string | undefined, key: { name?: string; full?: string; sequence?: string }): void {
  const p = t.feed.panes[pane];
  if (!p?.write) return;
  if (key.full === 'enter') p.write('\r');
  else if (key.name === 'backspace') p.write('\x7f');
  else if (key.full === 'C-u') p.write('\x15');
  else if (ch && ch.length === 1 && ch >= ' ') p.write(ch);
}
