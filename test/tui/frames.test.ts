// Why: the wizard as an operator sees it: the built CLI under node-pty, read through @xterm/headless, driven by keys.

import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { cliSuite, quitCli, startCli, type Run } from './harness.js';

const { s, runs, dir: scratch } = cliSuite('tui frames', 'gatewalk-tui-');

let n = 0;
function train(args: string[], cols = 80, rows = 24, env: Record<string, string> = {}): Run {
  const r = startCli(['train', ...args, '--journal', join(scratch(), `j${n++}.jsonl`)], { cols, rows, env });
  runs.push(r);
  return r;
}

const quit = (r: Run) => quitCli(r);

s('first screen at 80x24: header, gate bar, step panel, panes collapsed to tabs, status line', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20']);
  const scr = await r.waitFor(/G4 \S?FAIL/);
  const lines = scr.split('\n');
  assert.match(lines[0]!, /REPLAY/);
  assert.match(lines[0]!, /10\.20\.0\.55 → 172\.31\.40\.10:8080/);
  assert.match(lines[1]!, /G1 ✔PASS .*G4 ✘FAIL .*MTU/);
  assert.match(scr, /Gate 1: The source host sends to the right gateway/);
  assert.match(scr, /\[1 A LAN lan0\] 2 A tunnel wg0/, 'tab strip');
  assert.match(scr, /\[1\] gwA LAN lan0 on gwA.* \$ tcpdump/);
  assert.match(lines[23]!, /\? help|accept/);
  assert.is(await quit(r), 0);
  assert.ok(r.raw().endsWith('\x1b[?1049l') || r.raw().includes('\x1b[?1049l'), 'alternate screen left on quit');
});

s('first screen at 160x48: panes in a grid, both gateways side by side', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 160, 48);
  const scr = await r.waitFor((x) => x.includes('[8] gwB conntrack') && x.includes('wg0   In  IP') && x.includes('Gate 4 ✘ FAIL'));
  assert.match(scr, /\[1\] gwA LAN lan0 on gwA .*\[3\] gwB tunnel wg0 on gwB/);
  assert.match(scr, /\[5\] gwA counters wg0 .*\[6\] gwB counters wg0/);
  assert.match(scr, /Gate 1 ✔ PASS +Gate 2 ✔ PASS +Gate 3 ✔ PASS +Gate 4 ✘ FAIL +MTU/);
  assert.not.match(scr, /\[1 A LAN lan0\]/, 'no tab strip on a large screen');
  assert.is(await quit(r), 0);
});

s('a FAIL verdict with its evidence and proposed fix (accept gates 1-3 with Enter)', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 160, 48);
  await r.waitFor(/Gate 4 ✘ FAIL/);
  for (let i = 1; i <= 3; i++) {
    r.send('\r');
    await r.waitFor(new RegExp(`Gate ${i} ✔ PASS accepted`));
  }
  const scr = await r.waitFor(/Verdict: FAIL no-return-route \(side b\)/);
  assert.match(scr, /Gate 4: Site B delivers it/);
  assert.match(scr, /Evidence:/);
  assert.match(scr, /gwB\$ /);
  assert.match(scr, /Proposed fix on gwB/);
  assert.is(await quit(r), 0);
});

s('? shows the help generated from the key table; Esc closes it', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20']);
  await r.waitFor('REPLAY');
  r.send('?');
  const scr = await r.waitFor('Keys');
  for (const k of [/Tab +focus the next pane/, /o +override the verdict \(a reason is required\)/, /f +run the proposed fix.* \[!\]/, /\[!\] changes a gateway/, /q\/Ctrl-C +quit/]) assert.match(scr, k);
  r.send('\x1b');
  await r.waitFor((x) => !x.includes('focus the next pane'));
  assert.is(await quit(r), 0);
});

s('o opens the override prompt; an empty reason is refused; a reason overrides the gate', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 100, 30);
  await r.waitFor(/G1 ✔PASS/);
  r.send('o');
  let scr = await r.waitFor('Reason (required)');
  assert.match(scr, /Override the engine's verdict for gate 1/);
  r.send('\r');
  await r.waitFor('a reason is required to override');
  r.send('hostA uses a static route here');
  await r.waitFor('> hostA uses a static route here_');
  r.send('\r');
  scr = await r.waitFor(/G1 ✔PASS ovr/);
  assert.not.match(scr, /Reason \(required\)/);
  assert.is(await quit(r), 0);
});

s('a pane whose recorded stream ends says so in the pane; the others go on', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 160, 48);
  const scr = await r.waitFor(/\[7\] gwA conntrack on gwA \(ended\)/);
  assert.match(scr, /\[recording ended after \d+\.\d s\]/);
  assert.is(await quit(r), 0);
});

s('follows a resize: grid at 160x48, tabs after shrinking to 80x24, grid again', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 160, 48);
  await r.waitFor('[8] gwB conntrack');
  r.resize(80, 24);
  let scr = await r.waitFor('[1 A LAN lan0]');
  assert.not.match(scr, /\[8\] gwB conntrack/);
  r.resize(160, 48);
  scr = await r.waitFor('[8] gwB conntrack');
  assert.is(await quit(r), 0);
});

s('Tab, digits and z move focus and zoom; the tab strip follows', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20']);
  await r.waitFor('[1 A LAN lan0]');
  r.send('\t');
  await r.waitFor('[2 A tunnel wg0]');
  r.send('4');
  await r.waitFor('[4 B LAN lan0]');
  r.send('z');
  const scr = await r.waitFor((x) => !x.includes('Gate 1: The source host'));
  assert.match(scr, /\[4\] gwB LAN lan0 on gwB/);
  assert.is(await quit(r), 0);
});

s('NO_COLOR and a non-UTF-8 locale: ASCII glyphs, no colour escapes', async () => {
  const r = train(['wireguard--no-return-route', '--speed', '20'], 80, 24, { NO_COLOR: '1', LANG: 'C', LC_ALL: 'C' });
  const scr = await r.waitFor(/G4 xFAIL/);
  assert.match(scr, /G1 \+PASS/);
  assert.not.match(scr, /[✔✘│→]/);
  // No foreground/background colour SGR (30-37, 40-47, 90-97, 38;5) from the tool.
  assert.not.match(r.raw(), /\x1b\[[0-9;]*(?:3[0-7]|4[0-7]|9[0-7]|38;5;\d+)m/);
  assert.is(await quit(r), 0);
});

s('a session that cannot start (journal in a missing folder) ends the screen: terminal restored, one-line error, exit 2', async () => {
  const r = startCli(['train', 'wireguard--healthy', '--journal', join(scratch(), 'missing', 'sub', 'j.jsonl')]);
  runs.push(r);
  const e = await Promise.race([r.exited, new Promise<{ exitCode: number }>((res) => setTimeout(() => res({ exitCode: -1 }), 8000))]);
  assert.is(e.exitCode, 2);
  const tail = r.raw().slice(r.raw().lastIndexOf('\x1b[?1049l'));
  assert.match(tail, /gatewalk: .*missing/);
  assert.is(tail.trim().split('\n').length, 1);
});

s('Ctrl-C and SIGTERM restore the terminal (alternate screen left, cursor shown)', async () => {
  for (const how of ['ctrl-c', 'SIGTERM', 'SIGHUP'] as const) {
    const r = train(['wireguard--no-return-route', '--speed', '20']);
    await r.waitFor('REPLAY');
    if (how === 'ctrl-c') r.send('\x03');
    else r.kill(how);
    const e = await Promise.race([r.exited, new Promise<{ exitCode: number }>((res) => setTimeout(() => res({ exitCode: -1 }), 5000))]);
    if (how !== 'SIGHUP') {
      const raw = r.raw();
      const tail = raw.slice(raw.lastIndexOf('REPLAY'));
      assert.ok(tail.includes('\x1b[?1049l'), `${how}: alternate screen left`);
      assert.ok(tail.includes('\x1b[?25h'), `${how}: cursor shown`);
    }
    assert.is(e.exitCode, how === 'ctrl-c' ? 130 : how === 'SIGTERM' ? 143 : 129, how);
  }
});

s.run();
