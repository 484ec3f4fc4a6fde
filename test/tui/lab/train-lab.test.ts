// Why: end to end in tmux: `train --lab` builds a real lab with a fault, the live panes show it, the operator walks to the failing gate,
// exports the report and quits; the terminal modes are restored and the lab is gone.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labUnavailable } from '../../../src/lab/preflight.js';
import { gated } from '../../lib/skip.js';
import { Tmux } from '../../lib/tmux.js';

const BIN = fileURLToPath(new URL('../../../src/cli/bin.js', import.meta.url));
const s = suite('tui train --lab (tmux)');
const test = gated(s, 'tui train --lab (tmux)', labUnavailable(['wireguard']));

test('no-return-route: live panes, gates 1-3 accepted, gate 4 FAIL on side b, report exported, terminal restored, lab removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewalk-tu-'));
  const tm = Tmux.start('gatewalk-tu', [process.execPath, BIN, 'train', '--lab', '--name', 'tu', 'no-return-route', '--journal', join(dir, 'j.jsonl')], { cols: 160, rows: 48, env: { LANG: 'C.UTF-8', XDG_STATE_HOME: dir } });
  try {
    let scr = await tm.waitFor(/Gate 4 ✘ FAIL/, 90_000);
    assert.match(scr, /LAB +gatewalk lab tu/);
    scr = await tm.waitFor(/TX moves, RX flat/, 15_000);
    assert.match(scr, /wg0 +In +IP 10\.20\.0\.55/, 'gwB tunnel pane shows the request arriving');
    for (let i = 1; i <= 3; i++) {
      tm.send(['Enter']);
      await tm.waitFor(new RegExp(`Gate ${i} ✔ PASS accepted`), 10_000);
    }
    scr = await tm.waitFor(/Verdict: FAIL no-return-route \(side b\)/, 10_000);
    assert.match(scr, /Proposed fix on gwB/);
    tm.send(['e']);
    scr = await tm.waitFor(/report written: \S+/, 15_000);
    const report = /report written: (\S+)/.exec(scr)![1]!;
    assert.match(readFileSync(report, 'utf8'), /no-return-route/);
    tm.send(['Enter']);
    await tm.waitFor(/Gate 4 ✘ FAIL accepted/, 10_000);
    tm.send(['q']);
    scr = await tm.waitFor(/@@exit \d+@@/, 60_000);
    assert.match(scr, /@@exit 0@@/);
    assert.match(scr, /Failing gate \(gate 4\): found/);
    assert.match(scr, /lab tu removed/);
    assert.equal(tm.modesLeftOn(), []);
    assert.not.ok(existsSync('/run/netns/tu-jump'), 'lab namespaces removed');
  } finally {
    tm.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

s.run();
