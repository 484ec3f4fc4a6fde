// Why: pane text: chunks joined into lines, remote bytes neutralized (also split across chunks), bounded scrollback, filter, pause.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LineAssembler, awaitsInput, tcpdumpInterface } from '../../src/view/line-assembler.js';
import { PaneBuffer } from '../../src/view/pane-buffer.js';
import { visible, visibleFast } from '../../src/view/sanitize.js';
import { CORPUS } from '../tui/corpus.js';

const s = suite('view panes');

s('lines are joined across chunks; CR LF and LF both end a line; the rest waits', () => {
  const a = new LineAssembler();
  assert.equal(a.push('one\r'), []);
  assert.equal(a.push('\ntw'), ['one']);
  assert.equal(a.push('o\nthree\r\nfo'), ['two', 'three']);
  assert.is(a.partial(), 'fo');
  assert.equal(a.flush(), ['fo']);
});

s('an endless line is cut at the bound', () => {
  const a = new LineAssembler(10);
  assert.equal(a.push('x'.repeat(25)), ['x'.repeat(10), 'x'.repeat(10)]);
  assert.is(a.partial(), 'x'.repeat(5));
});

s('tcpdump -i any lines name their interface; status lines do not', () => {
  assert.is(tcpdumpInterface('01:21:41.539432 lan0  In  IP 10.20.0.55.33118 > 172.31.40.10.8080: Flags [S]'), 'lan0');
  assert.is(tcpdumpInterface('01:21:41.539472 wg0   Out IP 10.20.0.55 > 172.31.40.10: ICMP echo request'), 'wg0');
  assert.is(tcpdumpInterface('listening on any, link-type LINUX_SLL2'), null);
});

s('a password prompt is recognised in the unterminated rest', () => {
  assert.ok(awaitsInput('[sudo] password for ops: '));
  assert.ok(awaitsInput("ops@gw-hq's password:"));
  assert.not.ok(awaitsInput('01:21:41.539 lan0 In IP 10.0.0.1 > 10.0.0.2: password: x\n'.trim() + ' more'));
});

s('the escape corpus, chunk by chunk: no control, C1 or bidi character survives into the pane', () => {
  const a = new LineAssembler();
  const b = new PaneBuffer(100);
  for (const c of CORPUS) {
    for (const l of a.push(c)) b.addLine(l);
    b.setPartial(a.partial());
  }
  const text = b.view(100).lines.join('\n');
  assert.not.match(text, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  assert.match(text, /title \\x1b\]0;PWNED-TITLE\\x07/);
  assert.match(text, /erase \\x1b\[1J/, 'ESC split from its CSI at the chunk boundary is still escaped');
});

s('visibleFast equals visible on every character class it may skip or must escape', () => {
  const samples = ['plain tcpdump line: 10.0.0.1 > 10.0.0.2', 'tab\there', 'caf\u00e9 \u4e2d', ...CORPUS, '\u200b', '\ufeff', '\u00a0nbsp', '\u2028ls'];
  for (const x of samples) assert.is(visibleFast(x), visible(x), JSON.stringify(x));
  for (let c = 0; c < 0x3000; c++) {
    const ch = String.fromCodePoint(c);
    assert.is(visibleFast(ch), visible(ch), `U+${c.toString(16)}`);
  }
});

s('scrollback is bounded; what falls off is counted', () => {
  const b = new PaneBuffer(5);
  for (let i = 0; i < 12; i++) b.addLine(`l${i}`);
  assert.equal(b.view(100).lines, ['l7', 'l8', 'l9', 'l10', 'l11']);
  assert.is(b.dropped, 7);
  assert.equal(b.view(2).lines, ['l10', 'l11']);
});

s('a flood keeps memory bounded: 100,000 lines into a 2,000-line pane, cheaply', () => {
  const b = new PaneBuffer(2000);
  const t0 = performance.now();
  for (let i = 0; i < 100_000; i++) b.addLine(`line ${i}`);
  const ms = performance.now() - t0;
  const v = b.view(5000).lines;
  assert.is(v.length, 2000);
  assert.is(v[0], 'line 98000');
  assert.is(b.dropped, 98_000);
  b.setFilter('line 9999');
  assert.equal(b.view(10).lines, ['line 99990', 'line 99991', 'line 99992', 'line 99993', 'line 99994', 'line 99995', 'line 99996', 'line 99997', 'line 99998', 'line 99999']);
  assert.ok(ms < 500, `${ms} ms`);
});

s('filter keeps matching lines (case-insensitive) and says so', () => {
  const b = new PaneBuffer();
  for (const l of ['lan0 In IP a', 'wg0 Out IP b', 'LAN0 Out IP c']) b.addLine(l);
  b.setFilter('lan0');
  const v = b.view(10);
  assert.equal(v.lines, ['lan0 In IP a', 'LAN0 Out IP c']);
  assert.equal(v.status, ['filter: lan0']);
});

s('pause holds new lines (bounded) and shows them on resume', () => {
  const b = new PaneBuffer(3);
  b.addLine('a');
  assert.ok(b.togglePause());
  for (const l of ['b', 'c', 'd', 'e']) b.addLine(l);
  assert.equal(b.view(10).lines, ['a']);
  assert.equal(b.view(10).status, ['paused, 3 new']);
  assert.not.ok(b.togglePause());
  assert.equal(b.view(10).lines, ['c', 'd', 'e']);
});

s('scrolling back shows older lines; an ended session is the last line', () => {
  const b = new PaneBuffer();
  for (let i = 0; i < 10; i++) b.addLine(`l${i}`);
  b.scroll(3);
  assert.equal(b.view(2).lines, ['l5', 'l6']);
  b.scroll(-10);
  b.setEnded('session ended: exit 255');
  assert.equal(b.view(2).lines, ['l9', '[session ended: exit 255]']);
  assert.ok(b.view(2).status.includes('ended'));
});

s.run();
