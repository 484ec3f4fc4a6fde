// Why: the counters panes draw their sparklines with blessed-contrib's widget on a UTF-8 colour terminal and with the pure text sparkline otherwise; a label cannot open a tag in the widget.

import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadBlessed } from '../../src/tui/blessed.js';
import { loadSparkWidgets } from '../../src/tui/contrib-sparklines.js';
import { counterLines, counterView, graphOffset, totals } from '../../src/view/counters.js';
import { glyphsFor } from '../../src/view/glyphs.js';
import { SPARK_WIDGET_ROWS, sparkWidgetSeries, widgetData } from '../../src/view/spark-widget.js';
import { readRecording } from '../../src/engine/recording.js';
import { plain } from '../../src/view/styled.js';
import { SCENARIOS_DIR } from '../lib/replay.js';
import { cliSuite, quitCli, startCli } from './harness.js';

const { s, runs, dir: scratch } = cliSuite('tui sparklines (blessed-contrib)', 'gatewalk-spark-');
let n = 0;
const train = (env: Record<string, string>) => {
  const r = startCli(['train', 'wireguard--no-return-route', '--speed', '5', '--journal', join(scratch(), `j${n++}.jsonl`)], { cols: 160, rows: 48, env });
  runs.push(r);
  return r;
};

s('widget data: the last width-3 rates behind a zero anchor, scaled to 0..1000 (contrib shifts by 8 bits: no wrap on big rates)', () => {
  assert.equal(widgetData([5, 10, 20], 6), [0, 250, 500, 1000]);
  assert.equal(widgetData([1, 2, 3, 4, 5, 6, 7, 8], 6), [0, 750, 875, 1000]);
  assert.equal(widgetData([0, 0], 10), [0, 0, 0]);
  assert.equal(widgetData([200 * 1024 * 1024, Number.NaN, -3], 10), [0, 1000, 0, 0]);
  assert.ok(widgetData([2 ** 40, 2 ** 39], 10).every((v) => v <= 1000 && (v << 8) >= 0));
});

s('counter lines with widget rows: deltas and the flag stay text, the rows at graphOffset are left empty', () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'wireguard--no-return-route'));
  const v = counterView(rec.counters.gwA!.map(totals))!;
  const lines = counterLines(v, 'wg0', 'wg', glyphsFor({ LANG: 'C.UTF-8' }), 60, { widgetRows: SPARK_WIDGET_ROWS });
  const text = lines.map(plain);
  assert.match(text[0]!, /wg0 since gate start: TX \+\d+ B/);
  assert.match(text.join('\n'), /TX moves, RX flat/);
  assert.equal(text.slice(graphOffset(v), graphOffset(v) + SPARK_WIDGET_ROWS), Array(SPARK_WIDGET_ROWS).fill(''));
  assert.not.match(text.join('\n'), /^TX [▁-█]/m);
  const [tx, rx] = sparkWidgetSeries(v, 'wg\x1b]0;pwn\x07{red-bg}', 40);
  assert.is(tx.style, 'pass');
  assert.is(rx.style, 'fail', 'a flat RX draws red');
  assert.not.match(tx.title, /[\x1b\x07]/);
  assert.match(tx.title, /\{red-bg\}/, 'braces are the tui\'s to escape');
});

s("contrib's widget: a title with tag braces and escapes is shown literally, never as markup", () => {
  const blessed = loadBlessed();
  const output = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true });
  const input = new PassThrough();
  const screen = blessed.screen({ input: input as never, output: output as never, terminal: 'xterm', warnings: false } as never);
  try {
    const w = loadSparkWidgets(screen);
    const [tx, rx] = sparkWidgetSeries({ txSeries: [1, 2, 3], rxSeries: [0, 0, 0], txMovesRxFlat: true } as never, '{/bold}{red-bg}x{open}\x9b2J', 70);
    w.draw(0, { top: 2, left: 2, width: 70 }, [tx, rx]);
    screen.render();
    const shown = (screen as unknown as { lines: Array<Array<[unknown, string]>> }).lines.map((l) => l.map((c) => c[1]).join('')).join('\n');
    assert.match(shown, /TX on \{\/bold\}\{red-bg\}x\{open\}\\x9b2J, per 50/);
    assert.match(shown, /RX on \{\/bold\}/);
    assert.match(shown, /[▁-█]{3}/);
  } finally {
    screen.destroy();
  }
});

s('UTF-8 with colour: the counters pane draws contrib sparklines under titles; deltas and the flag are text', async () => {
  const r = train({});
  const scr = await r.waitFor((x) => /RX on wg0, per 500 ms:\s*\n.*[▁-█]/.test(x) && x.includes('TX moves, RX flat'), 15000);
  assert.match(scr, /TX on wg0, per 500 ms:/);
  assert.match(scr, /wg0 since gate start: TX \+\d+ B/);
  assert.is(await quitCli(r), 0);
});

s('NO_COLOR or a non-UTF-8 locale: the pure text sparklines, no widget', async () => {
  for (const env of [{ NO_COLOR: '1' }, { LANG: 'C', LC_ALL: 'C' }] as Array<Record<string, string>>) {
    const r = train(env);
    const scr = await r.waitFor((x) => /samples, every 500 ms/.test(x) && x.includes('TX moves, RX flat'), 15000);
    await new Promise((res) => setTimeout(res, 500));
    const later = r.screen();
    assert.match(later, env.LANG === 'C' ? /TX [_.\-~=+*#]+/ : /TX [▁-█]+/, JSON.stringify(env));
    assert.not.match(later, /per 500 ms:/, JSON.stringify(env));
    void scr;
    assert.is(await quitCli(r), 0);
  }
});

s.run();
