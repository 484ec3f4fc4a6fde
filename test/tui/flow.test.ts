// Why: the operator's whole walk in training: fix confirm (shown, never run here), report export, every gate decided, the debrief.

import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSuite, quitCli, startCli, type Run } from './harness.js';

const { s, runs, dir: scratch } = cliSuite('tui flow', 'gatewalk-flow-');

s('f on the FAIL gate shows the exact commands and host and runs nothing on n; e exports the report; the debrief ends the walk', async () => {
  const r = startCli(['train', 'wireguard--no-return-route', '--speed', '20', '--journal', join(scratch(), 'walk.jsonl')], { cols: 160, rows: 48, env: { XDG_STATE_HOME: scratch() } });
  runs.push(r);
  await r.waitFor(/Gate 4 ✘ FAIL/);
  for (let i = 1; i <= 3; i++) {
    r.send('\r');
    await r.waitFor(new RegExp(`Gate ${i} ✔ PASS accepted`));
  }
  r.send('f');
  let scr = await r.waitFor('Run the proposed fix?');
  assert.match(scr, /These commands will run on gwB:/);
  assert.match(scr, /ip route/);
  assert.match(scr, /y run them +n\/Esc cancel/);
  r.send('n');
  await r.waitFor('fix not run');
  r.send('e');
  scr = await r.waitFor(/report written: \S+/, 8000);
  const file = /report written: (\S+)/.exec(scr)![1]!;
  assert.ok(existsSync(file), file);
  assert.match(readFileSync(file, 'utf8'), /no-return-route/);
  r.send('\r');
  await r.waitFor(/Gate 4 ✘ FAIL accepted/);
  r.send('s');
  scr = await r.waitFor('Debrief');
  assert.match(scr, /Failing gate \(gate 4\): found/);
  assert.match(scr, /Cause \(no-return-route on side b\): found/);
  assert.match(scr, /MTU: engine UNKNOWN, you skipped/);
  assert.is(await quitCli(r), 0);
  const out = r.raw().slice(r.raw().lastIndexOf('\x1b[?1049l'));
  assert.match(out, /gatewalk train wireguard--no-return-route: done/);
  assert.match(out, /Failing gate \(gate 4\): found/);
  const journal = readFileSync(join(scratch(), 'walk.jsonl'), 'utf8');
  assert.not.match(journal, /fix-applied/, 'n ran nothing');
});

s('TERM screen, tmux-256color and linux: the first screen draws', async () => {
  for (const term of ['screen', 'tmux-256color', 'linux']) {
    const r = startCli(['train', 'wireguard--healthy', '--speed', '20', '--journal', join(scratch(), `${term}.jsonl`)], { env: { TERM: term } });
    runs.push(r);
    const scr = await r.waitFor(/G4 \S?PASS/);
    assert.match(scr, /REPLAY/, term);
    assert.is(await quitCli(r), 0, term);
  }
});

s.run();
