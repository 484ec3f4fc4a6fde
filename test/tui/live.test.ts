// Why: live mode: a pane whose session dies says so and reconnects with backoff; quitting while busy asks first. Nothing is reached:
// the incident's gateways are network namespaces that do not exist, so every command fails before it runs anything.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quitCli, startCli } from './harness.js';

const INCIDENT = `title: "tu: gateways that do not exist"
pair: { source: 10.20.0.55, destination: 172.31.40.10, protocol: icmp }
sites:
  a:
    name: hq
    lan: [10.20.0.0/24]
    gateway: { target: { netns: tu-none-a }, lan_interface: lan0, wan_interface: wan0 }
    tunnel: { type: wireguard, interface: wg0 }
  b:
    name: wh
    lan: [172.31.40.0/24]
    gateway: { target: { netns: tu-none-b }, lan_interface: lan0, wan_interface: wan0 }
    tunnel: { type: wireguard, interface: wg0 }
`;

const s = suite('tui live');
let dir = '';
s.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-live-'));
  writeFileSync(join(dir, 'incident.yaml'), INCIDENT);
});
s.after(() => rmSync(dir, { recursive: true, force: true }));

s('dead panes say why and reconnect with growing backoff; the screen stays up; q asks while collecting', async () => {
  const r = startCli(['--incident', join(dir, 'incident.yaml'), '--journal', join(dir, 'j.jsonl')], { cols: 160, rows: 48 });
  try {
    let scr = await r.waitFor(/\[1\] gwA LAN lan0 on netns tu-none-a \(ended\)/, 8000);
    assert.match(scr, /LIVE +tu: gateways that do not exist/);
    assert.match(scr, /Cannot open network namespace "tu-none-a"/);
    assert.match(scr, /\[session ended: exit 255; reconnecting in 1 s/);
    scr = await r.waitFor(/reconnecting in 2 s/, 8000);
    assert.match(scr, /\[8\] gwB conntrack on netns tu-none-b/);
    assert.is(await quitCli(r), 0);
    assert.ok(r.raw().includes('\x1b[?1049l'));
  } finally {
    r.kill('SIGKILL');
  }
});

s.run();
