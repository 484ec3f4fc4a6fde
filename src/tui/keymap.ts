// Why: keys -> actions: the open prompt gets the keys first, then a pane asking for a password (live), then the key table.

import { actionForKey } from '../view/keys.js';
import type { Tui } from './context.js';
import { acknowledgeOpenIntents, runAction, submitPrompt } from './actions.js';
import { sendKeystroke, typingPane } from './typing.js';

export interface KeyEvent {
  name?: string;
  full?: string;
  sequence?: string;
  ctrl?: boolean;
}

export function handleKey(t: Tui, ch: string | undefined, key: KeyEvent): void {
  // blessed reports Enter twice ("return", then "enter"); "enter" alone is the key.
  if (key.name === 'return') return;
  const full = key.full ?? key.name ?? ch ?? '';
  const ui = t.ui;
  if (full === 'C-c') {
    t.shutdown({ code: 130, reason: 'quit' });
    return;
  }
  switch (ui.modal) {
    case 'help':
      if (full === 'escape' || full === '?' || full === 'q') ui.modal = 'none';
      break;
    case 'override':
    case 'filter':
      if (full === 'escape') {
        ui.modal = 'none';
        ui.input = '';
      } else if (full === 'enter') submitPrompt(t);
      else if (full === 'backspace') ui.input = [...ui.input].slice(0, -1).join('');
      else if (full === 'C-u') ui.input = '';
      else if (ch && ch >= ' ' && ch !== '\x7f' && [...ch].length === 1 && ui.input.length < 500) ui.input += ch;
      break;
    case 'confirm-fix':
      if (full === 'y') {
        const fix = ui.fix;
        ui.modal = 'none';
        ui.fix = null;
        if (fix) void t.opts.session.applyFix(fix.gate).then(() => t.say(`fix run on ${fix.host}; re-checked`), (e: unknown) => t.say(`fix failed: ${(e as Error).message}`));
      } else if (full === 'n' || full === 'escape') {
        ui.modal = 'none';
        ui.fix = null;
        t.say('fix not run');
      }
      break;
    case 'open-intents':
      if (full === 'enter') acknowledgeOpenIntents(t);
      break;
    case 'confirm-quit':
      if (full === 'y') t.shutdown({ code: 0, reason: 'quit' });
      else if (full === 'n' || full === 'escape') ui.modal = 'none';
      break;
    default: {
      const typing = typingPane(t);
      if (typing !== null) {
        if (full === 'escape') ui.typingDismissed.add(typing);
        else if (full === 'tab' || full === 'S-tab') runAction(t, full === 'tab' ? 'focus-next' : 'focus-prev', full);
        else sendKeystroke(t, typing, ch, key);
        break;
      }
      const b = actionForKey(full);
      if (b) runAction(t, b.action, full);
    }
  }
  t.scheduler.request();
}
