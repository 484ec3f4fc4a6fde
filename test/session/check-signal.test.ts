// Why: a check interrupted mid-collection (Ctrl-C) ends its journal with "end: signal", leaves the unfinished commands as open intents, and exits 130.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { readJournal } from '../../src/journal/reader.js';
import { SCENARIOS_DIR } from '../../src/session/open.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const s = suite('check interrupted');

s('SIGINT during collection: exit 130, journal ends with signal, unfinished commands listed by resume', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-sig-'));
  // Every host's ssh hangs in a ProxyCommand: no packet leaves this machine.
  const cfg = join(dir, 'ssh_config');
  writeFileSync(cfg, 'Host *\n  ProxyCommand sleep 30\n  BatchMode yes\n');
  const inc = join(dir, 'incident.yaml');
  const text = readFileSync(join(SCENARIOS_DIR, 'wireguard--healthy', 'incident.yaml'), 'utf8').replace(/^ssh_config: .*$/m, `ssh_config: ${cfg}`);
  writeFileSync(inc, text);
  const j = join(dir, 'j.jsonl');
  const child = execa(process.execPath, [bin, 'check', '--incident', inc, '--journal', j], { reject: false });
  // Wait until the first intents are on disk, then interrupt.
  for (let i = 0; i < 100; i++) {
    const r = readJournal(j);
    if (r.ok && r.records.some((x) => x.type === 'intent')) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  child.kill('SIGINT');
  const r = await child;
  assert.is(r.exitCode, 130, `${r.exitCode} ${r.signal} ${String(r.stderr)}`);
  assert.match(String(r.stderr), /gatewalk: SIGINT: stopped; the journal records it/);
  const recs = readJournal(j);
  assert.ok(recs.ok);
  const last = recs.ok ? recs.records[recs.records.length - 1] : undefined;
  assert.equal(last && last.type === 'end' && last.reason, 'signal');
  const res = await execa(process.execPath, [bin, 'resume', j], { reject: false });
  assert.is(res.exitCode, 0);
  assert.match(String(res.stdout), /commands started but never finished \(not re-run; check them by hand\): [1-9]/);
  assert.match(String(res.stdout), /^  \S+  ssh:gwA\$ /m);
});

s.run();
