// Why: the full-screen commands without a terminal: one line on stderr, exit 2; --list and --help still work piped.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { BIN } from './harness.js';
import { join } from 'node:path';
import { SCENARIOS_DIR } from '../lib/replay.js';
import { readdirSync } from 'node:fs';
import { FAULTS } from '../../src/lab/faults.js';

const s = suite('tui without a terminal');
const cli = async (args: string[]) => {
  const r = await execa(process.execPath, [BIN, ...args], { reject: false, stdin: 'ignore' });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
};

for (const args of [['train'], ['train', 'strongswan--selectors'], ['tui', '--incident', join(SCENARIOS_DIR, 'wireguard--healthy', 'incident.yaml')], ['--incident', join(SCENARIOS_DIR, 'wireguard--healthy', 'incident.yaml')]]) {
  s(`gatewalk ${args[0]}${args[1] ? ' ' + args[1] : ''} piped: one line, exit 2`, async () => {
    const r = await cli(args);
    assert.is(r.code, 2);
    assert.is(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /needs a terminal/);
  });
}

s('train --list piped: every scenario with a one-line briefing that names no cause', async () => {
  const r = await cli(['train', '--list']);
  assert.is(r.code, 0);
  const lines = r.out.trim().split('\n');
  assert.is(lines.length, readdirSync(SCENARIOS_DIR).length, 'one line per recorded scenario');
  assert.match(r.out, /^wireguard--no-return-route +WireGuard: site B logs the requests; site A never gets an answer$/m);
  const causes = new RegExp(FAULTS.flatMap((f) => [f.name, f.cause]).map((w) => w.replace(/[-]/g, '[- ]')).join('|'), 'i');
  for (const l of lines) {
    assert.not.match(l.replace(/^\S+/, ''), causes, l);
    assert.not.match(l, /traffic fails$/, `a generic briefing: ${l}`);
  }
});

s('usage errors: unknown scenario, bad --speed, --vpn without --lab, unknown fault', async () => {
  for (const [args, re] of [
    [['train', 'nope--nothing'], /no recorded scenario/],
    [['train', '--speed', '0'], /--speed/],
    [['train', '--vpn', 'wireguard'], /go with --lab/],
    [['train', '--lab', 'nope'], /unknown fault/],
  ] as const) {
    const r = await cli([...args]);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.err, re);
  }
});

s.run();
