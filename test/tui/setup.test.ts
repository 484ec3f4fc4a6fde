// Why: `gatewalk` on a terminal without an incident: the setup form checks each field as typed, saves a valid incident file, then opens the live wizard.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIncident } from '../../src/incident/load.js';
import { startCli } from './harness.js';

const s = suite('tui setup');
let dir = '';
s.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-setup-'));
});
s.after(() => rmSync(dir, { recursive: true, force: true }));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

s('fields are checked as typed; the saved file is a valid incident; the live wizard opens on it', async () => {
  // Gateways under .invalid (RFC 6761): no name ever resolves, so the wizard reaches nothing.
  const r = startCli([], { cols: 120, rows: 40, cwd: dir, env: { XDG_STATE_HOME: dir } });
  try {
    await r.waitFor('New incident');
    const type = async (text: string) => {
      r.send(text + '\r');
      await pause(60);
    };
    await type('HQ to branch');
    await type('10.20.0.999');
    await r.waitFor(/Test source address.*10\.20\.0\.999.*\S/);
    assert.match(r.screen(), /> Test source address \(behind A\) +10\.20\.0\.999_ +\S+/, 'an error beside the field, focus kept');
    r.send('\x7f\x7f\x7f55\r');
    await pause(60);
    for (const v of ['172.31.40.10', '8080', '', '', '10.20.0.0/24', 'gwa.invalid', 'no', '', '', '', '', '', '172.31.40.0/24', 'gwb.invalid', 'no', '', '', '', '', '']) await type(v);
    const scr = await r.waitFor(/LIVE +HQ to branch/, 8000);
    assert.match(scr, /10\.20\.0\.55 → 172\.31\.40\.10:8080 tcp/);
    const text = readFileSync(join(dir, 'incident.yaml'), 'utf8');
    const inc = parseIncident(text, 'incident.yaml');
    assert.ok(inc.ok, inc.ok ? '' : inc.error);
    if (inc.ok) {
      assert.equal(inc.incident.sites.a.gateway.target, { ssh: 'gwa.invalid' });
      assert.is(inc.incident.pair.port, 8080);
      assert.is(inc.incident.sites.b.tunnel.interface, 'wg0');
    }
    r.send('\x03');
    const e = await Promise.race([r.exited, pause(5000).then(() => ({ exitCode: -1 }))]);
    assert.is(e.exitCode, 130);
  } finally {
    r.kill('SIGKILL');
  }
});

s('Esc cancels: nothing saved, exit 0', async () => {
  const r = startCli([], { cwd: dir });
  try {
    await r.waitFor('New incident');
    r.send('\x1b');
    const e = await Promise.race([r.exited, pause(5000).then(() => ({ exitCode: -1 }))]);
    assert.is(e.exitCode, 0);
    assert.match(r.raw(), /setup cancelled; nothing saved/);
  } finally {
    r.kill('SIGKILL');
  }
});

s.run();
