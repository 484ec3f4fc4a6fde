// Why: `gatewalk resume JOURNAL` shows a crashed incident as it stood (gates, decisions, unfinished commands) and runs nothing; a bad path is one line, exit 2.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { encodeRecord } from '../../src/journal/codec.js';
import { readJournal } from '../../src/journal/reader.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const s = suite('cli resume');
const cli = async (args: string[], env: Record<string, string> = {}) => {
  const r = await execa(process.execPath, [bin, ...args], { reject: false, env });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
};

s('check --replay --journal, then a crash mid-command: resume shows gates, the failure and the unfinished command; writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-resume-'));
  const j = join(dir, 'incident.jsonl');
  const c = await cli(['check', '--replay', 'wireguard--missing-route', '--journal', j]);
  assert.is(c.code, 1, c.err);
  assert.is(c.err, `gatewalk: journal: ${j}`, c.err);
  // What a crash leaves: an intent without its outcome, then a torn record.
  const recs = readJournal(j);
  const seq = recs.ok ? recs.records.length : 0;
  // An intent's own `host` (the target) takes the head's place, as the writer does.
  const head = { seq, ts: '2026-11-27T03:00:00.000Z', host: 'jump' };
  appendFileSync(j, encodeRecord({ ...head, ...{ type: 'intent', id: '9.1', role: 'gwB', host: 'ssh:gwB', argv: ['nft', 'list', 'ruleset'] } } as never));
  appendFileSync(j, '{"seq":999,"ts":"2026-11-27T03:00:01');
  const before = readFileSync(j);
  const r = await cli(['resume', j]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /a torn last record of \d+ bytes is ignored/);
  assert.match(r.out, /^gate 2\s+FAIL\s+not decided/m);
  assert.match(r.out, /^failure: gate 2, dies before the tunnel: no-route on site A's side/m);
  assert.match(r.out, /commands started but never finished \(not re-run; check them by hand\): 1\n\s+2026-11-27T03:00:00.000Z\s+ssh:gwB\$ nft list ruleset/);
  assert.match(r.out, /^ended: no/m);
  assert.equal(readFileSync(j), before, 'resume only reads');
  const js = await cli(['resume', j, '--json']);
  const o = JSON.parse(js.out) as { current: unknown; gates: Array<{ progress: string }>; openIntents: unknown[] };
  assert.is(o.current, 1);
  assert.equal(o.gates.map((g) => g.progress), ['PASS', 'FAIL', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
  assert.is(o.openIntents.length, 1);
});

s('check without --journal writes one under $XDG_STATE_HOME and prints its path', async () => {
  const xdg = mkdtempSync(join(tmpdir(), 'gw-xdg-'));
  const c = await cli(['check', '--replay', 'strongswan--healthy'], { XDG_STATE_HOME: xdg });
  assert.is(c.code, 0, c.err);
  const m = /^gatewalk: journal: (.*)$/m.exec(c.err);
  assert.ok(m, c.err);
  assert.match(m![1]!, new RegExp(`^${xdg}/gatewalk/journals/\\d{8}T\\d{6}Z-strongswan-healthy\\.jsonl$`));
  const r = readJournal(m![1]!);
  assert.ok(r.ok);
  const types = r.ok ? r.records.map((x) => x.type) : [];
  assert.is(types[0], 'start');
  assert.is(types[types.length - 1], 'end');
});

s('a journal is never shared by two incidents: check into one that holds another scenario is refused in one line', async () => {
  const j = join(mkdtempSync(join(tmpdir(), 'gw-mix-')), 'j.jsonl');
  assert.is((await cli(['check', '--replay', 'wireguard--healthy', '--journal', j])).code, 0);
  const before = readFileSync(j);
  const again = await cli(['check', '--replay', 'wireguard--healthy', '--journal', j]);
  assert.is(again.code, 0, 'the same scenario continues its journal');
  assert.ok(readFileSync(j).length > before.length);
  const other = await cli(['check', '--replay', 'strongswan--healthy', '--journal', j]);
  assert.is(other.code, 2);
  assert.match(other.err, /belongs to another incident/);
  assert.is(other.err.trim().split('\n').length, 1, other.err);
});

s('resume: a missing file, a file that is not a journal, no argument: one line, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-resume-'));
  writeFileSync(join(dir, 'x.yaml'), 'title: no\n');
  for (const [args, msg] of [
    [['resume', join(dir, 'none.jsonl')], /cannot read the journal .*none\.jsonl: ENOENT/],
    [['resume', join(dir, 'x.yaml')], /is not a gatewalk journal/],
    [['resume'], /give the journal file/],
  ] as Array<[string[], RegExp]>) {
    const r = await cli(args);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, msg);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
  }
});

s.run();
