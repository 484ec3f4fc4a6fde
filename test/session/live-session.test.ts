// Why: the live session path without a network: a runner that answers from a recording drives collectLive through the journaling runner (targets, clocks, intents/outcomes, fix with before/after).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecording, type Recording } from '../../src/engine/recording.js';
import { CLOCK_STREAM_ARGV } from '../../src/journal/clock.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { readJournal } from '../../src/journal/reader.js';
import { journalFixArgv } from '../../src/journal/fix-lines.js';
import { liveSession, SCENARIOS_DIR } from '../../src/session/open.js';
import { recordedRunner } from '../lib/recorded-runner.js';

const s = suite('live session (recorded runner)');

s('live run over a recorded wireguard missing-route: targets, clock offsets, every intent closed, the failure, then a fix with before/after', async () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'wireguard--missing-route'));
  const dir = mkdtempSync(join(tmpdir(), 'gw-live-'));
  const inc = join(dir, 'incident.yaml');
  writeFileSync(inc, rec.incidentText.replace(/^ssh_config: .*\n/m, ''));
  const runner = recordedRunner(rec, { gwA: 0, gwB: 2500, hostA: -1200, hostB: 0 });
  const p = join(dir, 'j.jsonl');
  const sess = await liveSession({ incidentFile: inc, runner, journalPath: p, streamMs: 1500 });
  await sess.run();
  assert.is(sess.state().failure?.cause, 'no-route');
  await sess.decide(1, 'accept');
  await sess.applyFix(2);
  await sess.close('done');
  const r = readJournal(p);
  assert.ok(r.ok);
  const recs: JournalRecord[] = r.ok ? r.records : [];
  const start = recs[0]!;
  assert.ok(start.type === 'start' && start.mode === 'live' && start.incidentFile === inc);
  // Two runs (the diagnosis, and the one after the fix): each says which hosts it reached.
  const targets = recs.filter((x) => x.type === 'target');
  const want = [['gwA', true], ['gwB', true], ['hostA', true], ['hostB', true]];
  assert.equal(targets.map((x) => x.type === 'target' && [x.role, x.reached]).sort(), [...want, ...want].sort());
  const clocks = Object.fromEntries(recs.filter((x) => x.type === 'clock').map((x) => [x.type === 'clock' && x.role, x.type === 'clock' && x.offsetMs]));
  assert.ok(Math.abs((clocks.gwB as number) - 2500) < 100, JSON.stringify(clocks));
  assert.ok(Math.abs((clocks.hostA as number) + 1200) < 100, JSON.stringify(clocks));
  const intents = recs.filter((x) => x.type === 'intent').map((x) => x.type === 'intent' && x.id);
  const outcomes = new Set(recs.filter((x) => x.type === 'outcome').map((x) => x.type === 'outcome' && x.id));
  assert.ok(intents.length > 30);
  assert.equal(intents.filter((id) => !outcomes.has(id)), [], 'every intent has its outcome');
  assert.is(new Set(intents).size, intents.length, 'ids unique');
  // Every command the runner ran on a host was journaled first (the ssh closers run locally).
  assert.is(runner.ran.filter((x) => x.target.startsWith('ssh:')).length, intents.length);
  assert.ok(runner.ran.filter((x) => x.argv === CLOCK_STREAM_ARGV || (x.argv[0] === 'sh' && x.argv[2]?.includes('@@gatewalk-clock@@'))).length >= 4, 'clocks measured in a session');
  // The fix: its commands on gwA, their outcomes named, a second run for the evidence after.
  const fixed = recs.find((x) => x.type === 'fix-applied');
  assert.ok(fixed && fixed.type === 'fix-applied');
  if (!fixed || fixed.type !== 'fix-applied') return;
  assert.is(fixed.host, 'ssh:gwA');
  const argvs = fixed.commands.map(journalFixArgv).filter((a): a is string[] => a !== null);
  assert.ok(argvs.length > 0);
  assert.is(fixed.outcomeIds.length, argvs.length);
  for (const id of fixed.outcomeIds) assert.ok(outcomes.has(id));
  for (const a of argvs) assert.ok(runner.ran.some((x) => x.target === 'ssh:gwA' && x.argv.join('\0') === a.join('\0')), a.join(' '));
  assert.ok(fixed.before.length > 0);
  assert.is(fixed.afterStatus, 'FAIL', 'the recording does not change, so the gate still fails after');
  assert.ok(recs.some((x) => x.type === 'rerun' && x.run === 2));
  assert.ok(recs.some((x) => x.type === 'gate' && x.run === 2 && x.gate === 2));
});

s.run();
