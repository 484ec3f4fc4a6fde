// Why: hostile bytes in a remote stream (OSC 52, title set, CSI erase, C1, bidi, split across chunks) never reach the outer terminal.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS_DIR } from '../lib/replay.js';
import { quitCli, startCli } from './harness.js';
import { CORPUS } from './corpus.js';

const FORBIDDEN: Array<[string, RegExp]> = [
  ['OSC', /\x1b\]/],
  ['DCS/APC/PM/SOS', /\x1b[P_^X]/],
  ['CSI 1J / 3J erase', /\x1b\[[13]J/],
  ['device status / attribute query', /\x1b\[(?:6n|>?c)/],
  ['BEL', /\x07/],
  ['C1 control', /[\u0080-\u009f]/],
  ['bidi control', /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/],
];

const s = suite('tui escapes');
let dir = '';

s.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-esc-'));
  cpSync(join(SCENARIOS_DIR, 'wireguard--no-return-route'), join(dir, 'hostile'), { recursive: true });
  const lines = CORPUS.map((data, i) => JSON.stringify({ t: 50 + i * 20, data }));
  writeFileSync(join(dir, 'hostile', 'streams', 'gwA.tcpdump.jsonl'), lines.join('\n') + '\n');
});
s.after(() => rmSync(dir, { recursive: true, force: true }));

s('the escape corpus through a pane: shown as visible text, none of it in the bytes the tool writes', async () => {
  const r = startCli(['train', join(dir, 'hostile'), '--journal', join(dir, 'j.jsonl')], { cols: 160, rows: 48 });
  try {
    r.send('1');
    r.send('z');
    const scr = await r.waitFor('link\\x1b]8;;\\x07 end', 8000);
    assert.match(scr, /osc52 \\x1b\]52;c;SEVMTE8=\\x07 end/);
    assert.match(scr, /title \\x1b\]0;PWNED-TITLE\\x07 and \\x1b\]2;PWNED2\\x1b\\ end/);
    assert.match(scr, /erase \\x1b\[1J\\x1b\[3J\\x1b\[1;1H\\x1b\[6n\\x1b\[c end/);
    assert.match(scr, /c1 \\x9b31m red \\x9d0;X\\x9c dcs \\x90q\\x9c end/);
    assert.match(scr, /bidi \\u\{202E\}evil\\u\{202C\} \\u\{2066\}iso\\u\{2069\} \\u\{200F\}rlm end/);
    assert.match(scr, /tags \{red-fg\}\{bold\}not a tag\{\/bold\} end/);
    assert.match(scr, /split utf8 café \\x1b\]8;;http:\/\/evil\/\\x07link/);
    assert.is(await quitCli(r), 0);
    const raw = r.raw();
    for (const [what, re] of FORBIDDEN) assert.not.match(raw, re, `${what} reached the outer terminal`);
    assert.ok(raw.includes('\\x1b]0;PWNED'), 'the title payload arrived, escaped');
  } finally {
    r.kill('SIGKILL');
  }
});

s.run();
