// Why: applying a fix runs exactly its argv vectors on the side's gateway through the runner, never `sh -c` with incident text, and journals what ran.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCommand } from '../../src/checks/fix.js';
import { readRecording } from '../../src/engine/recording.js';
import { journalFixArgv } from '../../src/journal/fix-lines.js';
import { readJournal } from '../../src/journal/reader.js';
import { liveSession, SCENARIOS_DIR } from '../../src/session/open.js';
import { recordedRunner } from '../lib/recorded-runner.js';

const s = suite('apply fix');

s('strongSwan missing route: the fix runs as argv vectors on gwA (child name one word), notes not run, no shell', async () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'strongswan--missing-route'));
  const dir = mkdtempSync(join(tmpdir(), 'gw-fix-'));
  const inc = join(dir, 'incident.yaml');
  writeFileSync(inc, rec.incidentText.replace(/^ssh_config: .*\n/m, ''));
  const runner = recordedRunner(rec, {});
  const p = join(dir, 'j.jsonl');
  const sess = await liveSession({ incidentFile: inc, runner, journalPath: p, streamMs: 1500 });
  await sess.run();
  const g2 = sess.state().gates.find((g) => g.gate === 2)?.deciding;
  assert.is(g2?.cause, 'no-route');
  const proposed = (g2?.fix ?? []).filter(isCommand).map((l) => l.argv);
  assert.ok(proposed.some((a) => a.join('\0') === ['swanctl', '--initiate', '--child', 'siteA-siteB-child'].join('\0')), JSON.stringify(proposed));
  const before = runner.ran.length;
  await sess.applyFix(2);
  await sess.close('done');
  const r = readJournal(p);
  assert.ok(r.ok);
  if (!r.ok) return;
  // What the runner was asked to run for the fix: the journal's fix intents, each exactly one proposed argv, in order.
  const fixIntents = r.records.flatMap((x) => (x.type === 'intent' && x.id.startsWith('fix') ? [x] : []));
  assert.equal(fixIntents.map((x) => x.argv), proposed);
  for (const x of fixIntents) assert.is(x.host, 'ssh:gwA');
  const ranForFix = runner.ran.slice(before).filter((x) => proposed.some((a) => a.join('\0') === x.argv.join('\0')));
  assert.is(ranForFix.length, proposed.length);
  for (const x of ranForFix) assert.is(x.target, 'ssh:gwA');
  // Nothing the fix or the run after it started is a shell given incident text.
  const texts = runner.ran.slice(before).filter((x) => x.argv[0] === 'sh' && x.argv[1] === '-c' && /siteA-siteB-child|ip route add/.test(x.argv[2] ?? ''));
  assert.equal(texts.map((x) => x.argv), []);
  const applied = r.records.find((x) => x.type === 'fix-applied');
  assert.ok(applied && applied.type === 'fix-applied');
  if (applied?.type === 'fix-applied') {
    assert.equal(applied.commands.map(journalFixArgv).filter((a) => a !== null), proposed);
    assert.is(applied.outcomeIds.length, proposed.length);
  }
});

s.run();
