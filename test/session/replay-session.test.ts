// Why: the replay session journals what the recording ran and what the engine concluded; decisions are on disk when decide() resolves; a resumed session continues where it stopped.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../../src/engine/diagnose.js';
import { readRecording } from '../../src/engine/recording.js';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { lockPath } from '../../src/journal/lock.js';
import { readJournal } from '../../src/journal/reader.js';
import { replaySession, resumeInto, resumeSession, SCENARIOS_DIR } from '../../src/session/open.js';
import type { SessionState } from '../../src/session/types.js';
import { evidenceOf } from '../lib/replay.js';

const s = suite('replay session');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'gw-sess-')), 'j.jsonl');
const checks = wizardChecks(loadWizard());
const records = (p: string) => {
  const r = readJournal(p);
  if (!r.ok) throw new Error(r.error);
  return r.records;
};

for (const name of ['wireguard--missing-route', 'strongswan--no-return-route', 'wireguard--mtu-blackhole', 'strongswan--healthy']) {
  s(`${name}: run() journals every recorded command as intent+outcome, then verdicts, gates and the failure the engine finds`, async () => {
    const p = fresh();
    const sess = await replaySession(name, { journalPath: p });
    const seen: SessionState[] = [];
    sess.subscribe((st) => seen.push(st));
    await sess.run();
    const d = diagnose(evidenceOf(name), checks);
    const st = sess.state();
    assert.equal(st.gates.map((g) => [g.gate, g.progress, g.deciding?.check ?? null]), d.gates.map((g) => [g.gate, g.status, g.deciding?.check ?? null]));
    assert.equal(st.failure, d.failure);
    assert.is(st.busy, null);
    assert.ok(seen.some((x) => x.busy && x.gates.every((g) => g.progress === 'running')), 'subscribers saw the run in progress');
    const recs = records(p);
    const rec = readRecording(join(SCENARIOS_DIR, name));
    const n = Object.keys(rec.probes).length + Object.keys(rec.traffic).length + Object.keys(rec.streams).length;
    assert.is(recs.filter((r) => r.type === 'intent').length, n);
    assert.is(recs.filter((r) => r.type === 'outcome').length, n);
    assert.is(recs[0]!.type, 'start');
    assert.is(recs.filter((r) => r.type === 'verdict').length, d.gates.reduce((k, g) => k + g.verdicts.length, 0));
    assert.ok(recs.some((r) => r.type === 'counters' && r.when === 'after'));
    if (d.failure) assert.ok(recs.some((r) => r.type === 'fix-proposed' && r.gate === d.failure!.gate));
    assert.equal(st.openIntents, []);
    await sess.close('done');
  });
}

s('decide() resolves only with the record on disk; override needs a reason; skip holds no status', async () => {
  const p = fresh();
  const sess = await replaySession('wireguard--missing-route', { journalPath: p });
  await sess.run();
  await sess.decide(1, 'accept');
  const last = records(p).pop()!;
  assert.equal(last.type === 'decision' && [last.gate, last.action, last.engineStatus, last.status], [1, 'accept', 'PASS', 'PASS']);
  let err: Error | null = null;
  await sess.decide(2, 'override', '  ').catch((e: Error) => (err = e));
  assert.match(String(err), /an override needs a reason/);
  assert.is(records(p).pop()!.seq, last.seq, 'nothing written for a refused override');
  await sess.decide(2, 'override', 'the route was added meanwhile', 'PASS');
  await sess.decide(3, 'skip');
  const st = sess.state();
  assert.equal(st.gates.map((g) => g.decision && [g.decision.action, g.decision.status]), [['accept', 'PASS'], ['override', 'PASS'], ['skip', null], null, null]);
  assert.is(st.current, 4);
  await sess.close('quit');
});

s('rerun(gate) journals a rerun, new verdicts for that gate only, and clears its decision; applyFix refuses on a recording', async () => {
  const p = fresh();
  const sess = await replaySession('wireguard--missing-route', { journalPath: p });
  await sess.run();
  await sess.decide(2, 'accept');
  const before = records(p).length;
  await sess.rerun(2);
  const added = records(p).slice(before);
  assert.equal(added[0]!.type === 'rerun' && [added[0]!.gate, added[0]!.run], [2, 2]);
  const verdictGates = new Set(added.filter((r) => r.type === 'verdict').map((r) => r.type === 'verdict' && r.verdict.gate));
  assert.equal([...verdictGates], [2]);
  assert.is(sess.state().gates[1]!.decision, null);
  const ids = added.filter((r) => r.type === 'intent').map((r) => r.type === 'intent' && r.id);
  assert.ok(ids.length > 0 && ids.every((id) => String(id).startsWith('2.')), 'command ids are unique per run');
  let err: Error | null = null;
  await sess.applyFix(2).catch((e: Error) => (err = e));
  assert.match(String(err), /recorded scenario cannot run fixes/);
  await sess.close('done');
});

s('close() writes the end and releases the lock; resumeInto() continues: same state, seq goes on, nothing re-run', async () => {
  const p = fresh();
  const sess = await replaySession('strongswan--no-return-route', { journalPath: p });
  await sess.run();
  await sess.decide(1, 'accept');
  await sess.note('checked the cabling');
  await sess.close('quit');
  assert.not.ok(existsSync(lockPath(p)));
  const n = records(p).length;
  const back = await resumeInto(p);
  assert.is(records(p).length, n, 'resuming runs and writes nothing');
  assert.equal(back.state().gates, sess.state().gates);
  assert.equal(resumeSession(p).state.gates, sess.state().gates);
  await back.decide(2, 'accept');
  await back.close('done');
  const recs = records(p);
  assert.equal(recs.map((r) => r.seq), recs.map((_, i) => i));
  assert.is(resumeSession(p).state.gates[1]!.decision?.action, 'accept');
});

s('exportReport() writes the Markdown report built from the journal and journals the export', async () => {
  const p = fresh();
  const sess = await replaySession('wireguard--missing-route', { journalPath: p });
  await sess.run();
  await sess.decide(1, 'accept');
  const out = await sess.exportReport();
  assert.is(out, p.replace(/\.jsonl$/, '.md'));
  const md = readFileSync(out, 'utf8');
  assert.ok(md.length > 200);
  assert.match(md, /no-route|route/);
  const last = records(p).pop()!;
  assert.equal(last.type === 'export' && [last.file, last.format], [out, 'md']);
  await sess.close('done');
});

s.run();
