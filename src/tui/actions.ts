// Why: what each action does: focus, zoom, filter and pause act on panes; accept, override, skip, re-run and fix go to the session.

import { fixLineText, hasCommands } from '../checks/fix.js';
import type { Gate } from '../checks/types.js';
import { GATES } from '../engine/diagnose.js';
import type { Action } from '../view/keys.js';
import { acknowledgeNote } from '../view/open-intents.js';
import { enabledActions } from '../view/status-line.js';
import type { Tui } from './context.js';
import { shownGate } from './frame.js';

function decidable(t: Tui): Gate | null {
  const g = shownGate(t);
  if (g === 'done') return null;
  const gs = t.opts.session.state().gates.find((x) => x.gate === g);
  return gs?.deciding ? g : null;
}

function report(t: Tui, what: string, p: Promise<unknown>): void {
  p.then(
    () => t.scheduler.request(),
    (e: unknown) => t.say(`${what} failed: ${(e as Error).message}`),
  );
}

export function runAction(t: Tui, action: Action, key: string): void {
  const ui = t.ui;
  const n = t.feed.panes.length;
  const s = t.opts.session.state();
  const on = enabledActions({ modal: ui.modal, busy: Boolean(s.busy), done: s.current === 'done' });
  const pane = t.feed.panes[ui.focused];
  if (!on.has(action)) {
    t.say(s.busy ? `not now: ${s.busy}` : 'every gate is decided');
    return;
  }
  switch (action) {
    case 'focus-next':
      ui.focused = (ui.focused + 1) % n;
      break;
    case 'focus-prev':
      ui.focused = (ui.focused + n - 1) % n;
      break;
    case 'jump-pane': {
      const i = Number(key) - 1;
      if (i >= 0 && i < n) ui.focused = i;
      break;
    }
    case 'zoom':
      ui.zoomed = !ui.zoomed;
      break;
    case 'filter':
      ui.modal = 'filter';
      ui.input = pane?.buffer.filter ?? '';
      break;
    case 'pause':
      if (pane) t.say(pane.buffer.togglePause() ? `pane ${ui.focused + 1} paused` : `pane ${ui.focused + 1} resumed`);
      break;
    case 'scroll-up':
      pane?.buffer.scroll(5);
      break;
    case 'scroll-down':
      pane?.buffer.scroll(-5);
      break;
    case 'step-up':
    case 'step-down':
      t.regions.step.scroll(action === 'step-up' ? -5 : 5);
      break;
    case 'prev-gate':
    case 'next-gate': {
      const cur = shownGate(t);
      const i = cur === 'done' ? GATES.length : GATES.indexOf(cur);
      const j = Math.max(0, Math.min(GATES.length - 1, i + (action === 'next-gate' ? 1 : -1)));
      ui.selectedGate = GATES[j] === s.current ? null : GATES[j]!;
      break;
    }
    case 'accept':
    case 'skip': {
      const g = decidable(t);
      if (g === null) return t.say('no verdict to decide on yet');
      ui.selectedGate = null;
      report(t, action, t.opts.session.decide(g, action));
      break;
    }
    case 'override':
      if (decidable(t) === null) return t.say('no verdict to override yet');
      ui.modal = 'override';
      ui.input = '';
      break;
    case 'rerun': {
      const g = shownGate(t);
      report(t, 're-run', t.opts.session.rerun(g === 'done' ? 'all' : g));
      t.say(`re-running ${g === 'done' ? 'all gates' : g === 'mtu' ? 'MTU' : `gate ${g}`}`);
      break;
    }
    case 'fix': {
      const g = decidable(t);
      const v = g === null ? null : s.gates.find((x) => x.gate === g)?.deciding;
      if (g === null || !v?.fix.length) return t.say('no proposed fix for this gate');
      if (!hasCommands(v.fix)) return t.say('the proposed fix is advice only: it has no command to run');
      ui.fix = { gate: g, host: v.side ? t.opts.hosts[v.side] : '?', commands: v.fix.map(fixLineText) };
      ui.modal = 'confirm-fix';
      break;
    }
    case 'export':
      t.say('exporting the report...');
      t.opts.session.exportReport().then(
        (file) => t.say(`report written: ${file}`),
        (e: unknown) => t.say(`export failed: ${(e as Error).message}`),
      );
      break;
    case 'help':
      ui.modal = 'help';
      break;
    case 'quit':
      if (s.busy) ui.modal = 'confirm-quit';
      else t.shutdown({ code: 0, reason: s.current === 'done' ? 'done' : 'quit' });
      break;
  }
}

/** Enter on a resumed session's notice: journaled as a note; the commands stay listed and are never re-run. */
export function acknowledgeOpenIntents(t: Tui): void {
  const intents = t.opts.session.state().openIntents;
  t.ui.modal = 'none';
  report(t, 'acknowledging', t.opts.session.note(acknowledgeNote(intents)));
  t.say(`${intents.length} unfinished command(s) acknowledged; not re-run`);
}

export function submitPrompt(t: Tui): void {
  const ui = t.ui;
  const text = ui.input.trim();
  if (ui.modal === 'filter') {
    t.feed.panes[ui.focused]?.buffer.setFilter(text);
    ui.modal = 'none';
    ui.input = '';
    t.say(text ? `pane ${ui.focused + 1} filtered` : `pane ${ui.focused + 1} filter cleared`);
    return;
  }
  if (ui.modal === 'override') {
    if (!text) {
      t.say('a reason is required to override');
      return;
    }
    const g = decidable(t);
    ui.modal = 'none';
    ui.input = '';
    if (g === null) return;
    ui.selectedGate = null;
    report(t, 'override', t.opts.session.decide(g, 'override', text));
  }
}
