// Why: one frame: snapshot the session state, ask the view for every region's lines, set them on the widgets, render once.

import type { Gate } from '../checks/types.js';
import { counterLines, counterView, graphOffset } from '../view/counters.js';
import { decisionBar } from '../view/decision-bar.js';
import { gateBar } from '../view/gate-bar.js';
import { header } from '../view/header.js';
import { helpLines } from '../view/keys.js';
import { planLayout, type Rect } from '../view/layout-plan.js';
import type { PaneSpec } from '../view/panes.js';
import { SPARK_WIDGET_ROWS, sparkWidgetSeries } from '../view/spark-widget.js';
import { openIntentsNotice } from '../view/open-intents.js';
import { paneLines, textBody } from '../view/pane-view.js';
import { statusLine } from '../view/status-line.js';
import { stepPanel } from '../view/step-panel.js';
import { seg, type Line } from '../view/styled.js';
import { tabStrip } from '../view/tabs.js';
import { visible } from '../view/sanitize.js';
import { applyLayout, gridColumns } from './layout.js';
import type { Tui } from './context.js';
import { linesToTags, toTags } from './tags.js';
import { typingPane } from './typing.js';

/** blessed re-parses content on every setContent; unchanged regions (most of them, most frames) skip it. */
function put(t: Tui, w: { setContent(c: string): void }, content: string): void {
  if (t.shown.get(w) === content) return;
  t.shown.set(w, content);
  w.setContent(content);
}

export function shownGate(t: Tui): Gate | 'done' {
  return t.ui.selectedGate ?? t.opts.session.state().current;
}

export function drawFrame(t: Tui): void {
  const s = t.opts.session.state();
  const cols = Math.max(20, Number(t.screen.width) || 80);
  const rows = Math.max(10, Number(t.screen.height) || 24);
  const specs = t.opts.specs;
  const plan = planLayout(cols, rows, gridColumns(specs.map((x) => x.role)), t.ui.focused, t.ui.zoomed);
  applyLayout(t.regions, plan);
  const r = t.regions;
  const mono = t.mono;
  const gate = shownGate(t);
  put(t, r.header, toTags(header(s, Date.now(), t.glyphs, cols), mono));
  put(t, r.gateBar, toTags(gateBar(s, t.glyphs, gate, cols), mono));
  if (plan.step) {
    const finale = s.current === 'done' && t.ui.selectedGate === null ? t.opts.finale?.(s) : null;
    const lines = finale ?? (gate === 'done' ? [[seg('All gates decided.', 'bold')]] : stepPanel({ state: s, wizard: t.opts.wizard, gate, glyphs: t.glyphs, prose: t.prose.render, hosts: t.opts.hosts }));
    put(t, r.step, linesToTags(lines, mono));
    if (t.ui.stepGate !== gate) r.step.setScroll(0);
    t.ui.stepGate = gate;
  }
  if (plan.tabs) put(t, r.tabs, toTags(tabStrip(specs.map((x) => x.title), t.ui.focused, cols), mono));
  t.feed.panes.forEach((p, i) => {
    const rect = plan.panes[i];
    if (!rect) return t.sparks?.draw(i, null, null);
    const v = p.buffer.view(rect.height - 1);
    const body: Line[] = p.spec.kind === 'counters' ? counterBody(t, i, p.samples, p.spec, rect, v.ended) : textBody(v.lines);
    const lines = paneLines({ index: i, spec: p.spec, body, status: v.status, focused: i === t.ui.focused, width: rect.width, height: rect.height, glyphs: t.glyphs, awaiting: p.awaiting });
    put(t, r.panes[i]!, linesToTags(lines, mono));
  });
  put(t, r.decision, toTags(decisionBar(s, gate), mono));
  const typing = typingPane(t);
  put(t, r.status, toTags(statusLine({ modal: typing !== null && t.ui.modal === 'none' ? 'typing' : t.ui.modal, busy: Boolean(s.busy), done: s.current === 'done', typingTo: typing !== null ? specs[typing]?.title : undefined, message: t.ui.message, width: cols }), mono));
  drawOverlay(t, cols, rows);
  t.screen.render();
}

/** Deltas, flag and sparklines; contrib's widgets over the rows left for them when loaded and the pane has room. */
function counterBody(t: Tui, i: number, samples: Parameters<typeof counterView>[0], spec: PaneSpec, rect: Rect, ended: string | null | undefined): Line[] {
  const cv = counterView(samples);
  const iface = spec.iface ?? 'tunnel';
  const vpn = spec.command.includes('swanctl') ? 'SA' : 'wg';
  const tail: Line[] = ended ? [[seg(`[${ended}]`, 'alert')]] : [];
  if (t.sparks && cv) {
    const lines = [...counterLines(cv, iface, vpn, t.glyphs, rect.width - 6, { widgetRows: SPARK_WIDGET_ROWS }), ...tail];
    if (lines.length <= rect.height - 1) {
      const width = Math.max(6, rect.width - 2);
      t.sparks.draw(i, { top: rect.top + 1 + graphOffset(cv), left: rect.left + 2, width }, sparkWidgetSeries(cv, iface, width));
      return lines;
    }
  }
  t.sparks?.draw(i, null, null);
  return [...counterLines(cv, iface, vpn, t.glyphs, rect.width - 6), ...tail];
}

function drawOverlay(t: Tui, cols: number, rows: number): void {
  const o = t.regions.overlay;
  const ui = t.ui;
  o.width = Math.min(cols - 2, Math.max(60, Math.floor(cols * 0.8)));
  o.height = Math.min(rows - 2, Math.max(10, Math.floor(rows * 0.7)));
  if (ui.modal === 'help') {
    const lines = helpLines(undefined, rows);
    o.height = Math.min(rows, lines.length + 2);
    o.width = Math.min(cols, Math.max(...lines.map((l) => l.length)) + 4);
    o.setLabel(' Help ');
    o.setContent(linesToTags(lines.map((l) => [seg(l)]), t.mono));
  } else if (ui.modal === 'override') {
    o.setLabel(' Override the verdict ');
    const g = shownGate(t);
    o.setContent(linesToTags([[seg(`Override the engine's verdict for ${g === 'mtu' ? 'MTU' : `gate ${String(g)}`}.`, 'bold')], [], [seg('Reason (required):')], [seg(`> ${visible(ui.input)}_`)], [], [seg('Enter', 'key'), seg(' override   '), seg('Esc', 'key'), seg(' cancel')]], t.mono));
  } else if (ui.modal === 'filter') {
    o.setLabel(' Filter the pane ');
    o.setContent(linesToTags([[seg(`Show only lines of pane ${ui.focused + 1} containing:`)], [seg(`> ${visible(ui.input)}_`)], [], [seg('Enter', 'key'), seg(' apply (empty clears)   '), seg('Esc', 'key'), seg(' cancel')]], t.mono));
  } else if (ui.modal === 'confirm-fix' && ui.fix) {
    o.setLabel(' Run the proposed fix? ');
    const lines: Line[] = [[seg(`These commands will run on ${visible(ui.fix.host)}:`, 'bold')], []];
    for (const c of ui.fix.commands) lines.push([seg(`  ${visible(c)}`, 'key')]);
    lines.push([], [seg('This changes the gateway. The run and the evidence before and after are journaled.')], [], [seg('y', 'key'), seg(' run them   '), seg('n/Esc', 'key'), seg(' cancel')]);
    o.setContent(linesToTags(lines, t.mono));
  } else if (ui.modal === 'open-intents') {
    o.setLabel(' Resumed: commands with no outcome ');
    o.setContent(linesToTags(openIntentsNotice(t.opts.session.state().openIntents), t.mono));
  } else if (ui.modal === 'confirm-quit') {
    o.setLabel(' Quit? ');
    const busy = t.opts.session.state().busy;
    o.setContent(linesToTags([[seg(`Still running: ${busy ?? 'work in progress'}.`, 'bold')], [seg('Quit anyway? Remote captures are stopped and the journal is closed.')], [], [seg('y', 'key'), seg(' quit   '), seg('n/Esc', 'key'), seg(' stay')]], t.mono));
  } else {
    o.hide();
    return;
  }
  o.show();
  o.setFront();
}
