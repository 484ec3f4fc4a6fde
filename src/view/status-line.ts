// Why: the bottom line: the keys that work right now, or what an open prompt expects, plus the last message.

import { KEYS, type Action, type KeyBinding } from './keys.js';
import type { Line } from './styled.js';
import { seg } from './styled.js';

export type Modal = 'none' | 'help' | 'override' | 'filter' | 'confirm-fix' | 'confirm-quit' | 'typing' | 'open-intents';

export interface StatusInput {
  modal: Modal;
  busy: boolean;
  done: boolean;
  /** The focused pane's title when it takes typing. */
  typingTo?: string;
  message?: string;
  width?: number;
}

/** Which actions make sense now (the status line lists them; keys pressed otherwise say why not). */
export function enabledActions(s: StatusInput): Set<Action> {
  const all = new Set<Action>(KEYS.map((k) => k.action));
  if (s.busy || s.done) for (const a of ['accept', 'override', 'skip', 'fix'] as const) all.delete(a);
  if (s.busy) all.delete('rerun');
  return all;
}

export function statusLine(s: StatusInput, table: readonly KeyBinding[] = KEYS): Line {
  const hint = modalHint(s);
  if (hint) return s.message ? [seg(s.message, 'alert'), seg('  '), ...hint] : hint;
  return keysLine(s, table);
}

function modalHint(s: StatusInput): Line | null {
  if (s.modal === 'help') return [seg('Esc/?', 'key'), seg(' close help')];
  if (s.modal === 'override') return [seg('type the reason, '), seg('Enter', 'key'), seg(' override, '), seg('Esc', 'key'), seg(' cancel')];
  if (s.modal === 'filter') return [seg('type the filter, '), seg('Enter', 'key'), seg(' apply (empty clears), '), seg('Esc', 'key'), seg(' cancel')];
  if (s.modal === 'confirm-fix') return [seg('y', 'key'), seg(' run these commands, '), seg('n/Esc', 'key'), seg(' cancel')];
  if (s.modal === 'confirm-quit') return [seg('y', 'key'), seg(' quit now, '), seg('n/Esc', 'key'), seg(' stay')];
  if (s.modal === 'open-intents') return [seg('Enter', 'key'), seg(' acknowledge (they are not re-run)')];
  if (s.modal === 'typing') return [seg(`typing goes to ${s.typingTo ?? 'the pane'} (not journaled); `), seg('Esc', 'key'), seg(' stop')];
  return null;
}

function keysLine(s: StatusInput, table: readonly KeyBinding[]): Line {
  const on = enabledActions(s);
  const out: Line = [];
  // The message first, so a narrow screen still shows it; then as many keys as fit.
  let used = 0;
  if (s.message) {
    out.push(seg(s.message, 'alert'), seg('  '));
    used += s.message.length + 2;
  }
  for (const k of table) {
    if (!k.status || !on.has(k.action)) continue;
    const w = k.label.length + k.status.length + 3;
    if (s.width !== undefined && used + w > s.width) break;
    used += w;
    out.push(seg(k.label, 'key'), seg(` ${k.status}  `));
  }
  return out;
}
