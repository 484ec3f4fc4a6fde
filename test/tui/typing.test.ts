// Why: a live pane showing a password prompt takes the operator's typing: it reaches that session, is never echoed or journaled.
// The gateways are `local: true` with PATH holding only a fake `tcpdump` that asks for a password: nothing real runs, nothing is sent.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quitCli, startCli } from './harness.js';

const s = suite('tui typing');
let dir = '';

s.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-typing-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // Asks like sudo, without echo; says how many characters it got.
  writeFileSync(
    join(bin, 'tcpdump'),
    `#!${process.execPath}
process.stdin.setRawMode?.(true);
process.stdout.write('[sudo] password for ops: ');
let got = '';
process.stdin.on('data', (d) => {
  for (const c of d.toString()) {
    if (c === '\\r' || c === '\\n') { process.stdout.write('\\nthanks, ' + got.length + ' characters\\n'); got = ''; }
    else got += c;
  }
});
`,
    { mode: 0o755 },
  );
  writeFileSync(join(bin, 'conntrack'), `#!${process.execPath}\nsetInterval(() => {}, 1000);\n`, { mode: 0o755 });
  for (const [name, real] of [['sh', '/bin/sh'], ['sleep', '/bin/sleep'], ['timeout', '/usr/bin/timeout']] as const) symlinkSync(real, join(bin, name));
  writeFileSync(
    join(dir, 'incident.yaml'),
    `title: typing test
pair: { source: 10.20.0.55, destination: 172.31.40.10, protocol: icmp }
sites:
  a: { name: a, lan: [10.20.0.0/24], gateway: { target: { local: true }, lan_interface: lan0, wan_interface: wan0 }, tunnel: { type: wireguard, interface: wg0 } }
  b: { name: b, lan: [172.31.40.0/24], gateway: { target: { local: true }, lan_interface: lan0, wan_interface: wan0 }, tunnel: { type: wireguard, interface: wg0 } }
`,
  );
});
s.after(() => rmSync(dir, { recursive: true, force: true }));

s('the focused pane asking for a password gets the keys; Esc gives them back; nothing typed is shown or journaled', async () => {
  const r = startCli(['tui', '--incident', join(dir, 'incident.yaml'), '--journal', join(dir, 'j.jsonl')], { cols: 160, rows: 48, env: { PATH: join(dir, 'bin') } });
  try {
    let scr = await r.waitFor('[sudo] password for ops:', 8000);
    scr = await r.waitFor(/typing goes to gwA LAN lan0 \(not journaled\)/);
    assert.match(scr, /\[1\] gwA LAN lan0 on local \(asks for a password\)/);
    r.send('hunter2-secret\r');
    scr = await r.waitFor('thanks, 14 characters');
    assert.not.match(scr, /hunter2/);
    // Pane 3 (gateway B) asks too; Esc there gives the keys back to the wizard.
    r.send('\t\t');
    await r.waitFor(/typing goes to gwB tunnel wg0/);
    r.send('\x1b');
    await r.waitFor((x) => !x.includes('typing goes to'));
    r.send('?');
    await r.waitFor('focus the next pane');
    r.send('\x1b');
    assert.is(await quitCli(r), 0);
    assert.not.match(r.raw(), /hunter2/);
    assert.not.match(readFileSync(join(dir, 'j.jsonl'), 'utf8'), /hunter2/);
  } finally {
    r.kill('SIGKILL');
  }
});

s.run();
