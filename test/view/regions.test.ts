// Why: each region's lines from real engine states: header, gate bar, step panel, counters, layout, keys and help, debrief.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readRecording } from '../../src/engine/recording.js';
import { loadWizard } from '../../src/engine/wizard.js';
import { debrief, debriefLines } from '../../src/view/debrief.js';
import { counterLines, counterView, totals } from '../../src/view/counters.js';
import { gateBar } from '../../src/view/gate-bar.js';
import { glyphsFor, isUtf8Locale } from '../../src/view/glyphs.js';
import { header } from '../../src/view/header.js';
import { helpLines, KEYS } from '../../src/view/keys.js';
import { planLayout, type Rect } from '../../src/view/layout-plan.js';
import { statusLine } from '../../src/view/status-line.js';
import { plainProse, stepPanel } from '../../src/view/step-panel.js';
import { monochrome, plain } from '../../src/view/styled.js';
import { SCENARIOS_DIR } from '../lib/replay.js';
import { stateOf } from './fixtures.js';

const s = suite('view regions');
const U = glyphsFor({ LANG: 'en_US.UTF-8' });
const A = glyphsFor({ LANG: 'C' });
const text = (ls: Array<Array<{ text: string }>>) => ls.map((l) => l.map((x) => x.text).join('')).join('\n');

s('locale and colour: LC_ALL beats LANG; NO_COLOR and TERM=dumb mean monochrome', () => {
  assert.ok(isUtf8Locale({ LANG: 'C.UTF-8' }));
  assert.not.ok(isUtf8Locale({ LANG: 'en_US.UTF-8', LC_ALL: 'C' }));
  assert.ok(isUtf8Locale({ LC_CTYPE: 'de_DE.utf8' }));
  assert.ok(monochrome({ NO_COLOR: '' }));
  assert.ok(monochrome({ TERM: 'dumb' }));
  assert.not.ok(monochrome({ TERM: 'xterm-256color' }));
});

s('header: mode, title, pair and elapsed time; the journal path only when there is room', () => {
  const st = stateOf('wireguard--no-return-route');
  const wide = plain(header(st, Date.parse(st.startedAt) + 65_000, U, 160));
  assert.match(wide, /REPLAY +HQ to warehouse +10\.20\.0\.55 → 172\.31\.40\.10:8080 tcp +01:05 +journal \/tmp\/j\.jsonl/);
  const narrow = plain(header(st, Date.parse(st.startedAt), A, 60));
  assert.not.match(narrow, /journal/);
  assert.match(narrow, /10\.20\.0\.55 -> 172\.31\.40\.10/);
});

s('gate bar: every gate with its status; compact under 120 columns; decisions shown', () => {
  const st = stateOf('wireguard--no-return-route');
  assert.match(plain(gateBar(st, U, 1, 160)), />Gate 1 ✔ PASS +Gate 2 ✔ PASS +Gate 3 ✔ PASS +Gate 4 ✘ FAIL +MTU \? UNKNOWN/);
  st.gates[0]!.decision = { action: 'override', status: 'FAIL', reason: 'x', ts: st.startedAt };
  assert.match(plain(gateBar(st, A, 4, 80)), / G1 \+PASS ovr:FAIL +G2 \+PASS .*>G4 xFAIL/);
});

s('step panel on a FAIL: verdict with cause and side, quoted evidence with host and command, proposed fix on the right host', () => {
  const st = stateOf('wireguard--no-return-route');
  const out = text(stepPanel({ state: st, wizard: loadWizard(), gate: 4, glyphs: U, prose: plainProse, hosts: { a: 'gw-hq', b: 'gw-wh' } }));
  assert.match(out, /^Gate 4: Site B delivers it/);
  assert.match(out, /Verdict: FAIL no-return-route \(side b\)/);
  assert.match(out, /Evidence:\n {2}gwB\$ /);
  assert.match(out, /Proposed fix on gw-wh \(not run; f runs it after a confirm\):\n {2}ip route/);
  assert.match(out, /Does site B route the reply into the tunnel\?/);
});

s('step panel: remote text in a verdict is neutralized', () => {
  const st = stateOf('wireguard--no-return-route');
  const v = st.gates[3]!.deciding!;
  st.gates[3]!.deciding = { ...v, evidence: [{ host: 'gw\x1b]0;x\x07B', command: 'ip route', line: 'a\u202Eb\x9b2J' }] };
  const out = text(stepPanel({ state: st, wizard: loadWizard(), gate: 4, glyphs: U, prose: plainProse, hosts: { a: 'a', b: 'b' } }));
  assert.not.match(out, /[\x1b\x07\u202e\u009b]/);
  assert.match(out, /gw\\x1b\]0;x\\x07B\$ ip route/);
});

s('counters: deltas since the gate started and "TX moves, RX flat" on the recorded no-return-route gateway A', () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'wireguard--no-return-route'));
  const v = counterView(rec.counters.gwA!.map(totals))!;
  assert.ok(v.tx > 0);
  assert.is(v.rx, 0);
  assert.ok(v.txMovesRxFlat);
  const out = text(counterLines(v, 'wg0', 'wg', A, 40));
  assert.match(out, /wg0 since gate start: TX \+\d+ B \(\d+ pkt\) +RX \+0 B \(0 pkt\)/);
  assert.match(out, /TX moves, RX flat/);
  assert.match(out, /TX [_.\-~=+*#]+/);
  const healthy = counterView(readRecording(join(SCENARIOS_DIR, 'wireguard--healthy')).counters.gwA!.map(totals))!;
  assert.not.ok(healthy.txMovesRxFlat);
});

const inside = (r: Rect, cols: number, rows: number) => r.top >= 0 && r.left >= 0 && r.left + r.width <= cols && r.top + r.height <= rows;
const overlap = (a: Rect, b: Rect) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

s('layout: tabs at 80x24 (one pane shown), a grid at 160x48 (all panes, no overlap), zoom fills the body', () => {
  const cols = [[0, 1, 4, 6], [2, 3, 5, 7]];
  const small = planLayout(80, 24, cols, 2, false);
  assert.is(small.mode, 'tabs');
  assert.equal(small.panes.filter(Boolean).length, 1);
  assert.ok(small.panes[2]);
  const big = planLayout(160, 48, cols, 0, false);
  assert.is(big.mode, 'grid');
  const rects = [big.header, big.gateBar, big.step!, ...big.panes.map((p) => p!), big.decision, big.status];
  for (const r of rects) assert.ok(inside(r, 160, 48), JSON.stringify(r));
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) assert.not.ok(overlap(rects[i]!, rects[j]!), `${i} overlaps ${j}`);
  const z = planLayout(160, 48, cols, 5, true);
  assert.is(z.step, null);
  assert.is(z.panes[5]!.width, 160);
});

s('keys are data: help lists every binding, dangerous ones marked; the status line lists what works now, within the width', () => {
  const help = helpLines().join('\n');
  for (const k of KEYS) if (!k.hidden) assert.ok(help.includes(k.description), k.action);
  assert.match(help, /run the proposed fix.*\[!\]/);
  assert.is(KEYS.filter((k) => k.dangerous).map((k) => k.action).join(), 'fix');
  const idle = plain(statusLine({ modal: 'none', busy: false, done: false, width: 200 }));
  assert.match(idle, /Enter accept .*o override .*f fix .*q\/Ctrl-C quit/);
  const busy = plain(statusLine({ modal: 'none', busy: true, done: false, width: 200 }));
  assert.not.match(busy, /accept|override|fix/);
  assert.ok(plain(statusLine({ modal: 'none', busy: false, done: false, width: 40 })).length <= 40);
  assert.match(plain(statusLine({ modal: 'override', busy: false, done: false, message: 'a reason is required to override' })), /a reason is required.*Enter override/);
});

s('debrief: failing gate and cause found when the trainee accepted the FAIL; overrides and skips listed', () => {
  const st = stateOf('wireguard--no-return-route');
  const at = (s: number) => new Date(Date.parse(st.startedAt) + s * 1000).toISOString();
  st.gates[0]!.decision = { action: 'accept', status: 'PASS', ts: at(10) };
  st.gates[1]!.decision = { action: 'override', status: 'FAIL', reason: 'looked wrong', ts: at(20) };
  st.gates[2]!.decision = { action: 'skip', status: null, ts: at(30) };
  st.gates[3]!.decision = { action: 'accept', status: 'FAIL', ts: at(95) };
  const d = debrief(st, { gate: 4, side: 'b', cause: 'no-return-route' });
  assert.ok(d.found);
  assert.ok(d.causeFound);
  assert.is(d.tookMs, 95_000);
  const out = debriefLines(d).map(plain).join('\n');
  assert.match(out, /Failing gate \(gate 4\): found/);
  assert.match(out, /Time: 01:35/);
  assert.match(out, /gate 2: engine PASS, you overridden to FAIL \(looked wrong\)/);
  assert.match(out, /gate 3: engine PASS, you skipped/);
  st.gates[3]!.decision = { action: 'override', status: 'PASS', reason: 'fine', ts: at(50) };
  assert.not.ok(debrief(st, { gate: 4, side: 'b', cause: 'no-return-route' }).found);
});

s.run();
