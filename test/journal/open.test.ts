// Why: opening recovers from a crash (torn tail cut on disk, earlier records kept, seq continues); an append is on disk when it resolves; bad paths are one-line errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRecord } from '../../src/journal/codec.js';
import { openJournal } from '../../src/journal/open.js';
import { defaultJournalPath, journalDir, slug, utcStamp } from '../../src/journal/paths.js';
import { readJournal } from '../../src/journal/reader.js';

const s = suite('journal open');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'gw-open-')), 'j.jsonl');

async function must(p: string, o = {}) {
  const r = await openJournal(p, o);
  if (!r.ok) throw new Error(r.error);
  return r.journal;
}

s('append resolves after the line is in the file; records carry seq, UTC time and host; mode 0600', async () => {
  const p = fresh();
  const j = await must(p, { host: 'jump1' });
  const rec = await j.append({ type: 'note', text: 'first' });
  assert.is(rec.seq, 0);
  assert.is(rec.host, 'jump1');
  assert.match(rec.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const onDisk = readFileSync(p, 'utf8');
  assert.is(onDisk, encodeRecord(rec));
  assert.is(statSync(p).mode & 0o777, 0o600);
  await j.close();
});

s('concurrent appends keep their order and all resolve; records() holds only durable ones', async () => {
  const p = fresh();
  const j = await must(p);
  const seen: number[] = [];
  j.onRecord((r) => seen.push(r.seq));
  const all = await Promise.all(Array.from({ length: 200 }, (_, i) => j.append({ type: 'note', text: `n${i}` })));
  assert.equal(all.map((r) => r.seq), Array.from({ length: 200 }, (_, i) => i));
  assert.equal(seen, all.map((r) => r.seq));
  await j.close();
  const r = readJournal(p);
  assert.ok(r.ok);
  assert.equal(r.ok && r.records.map((x) => (x.type === 'note' ? x.text : '')), Array.from({ length: 200 }, (_, i) => `n${i}`));
});

s('a torn last record is cut off on open (on disk too), earlier records survive, seq continues', async () => {
  const p = fresh();
  const j = await must(p);
  for (let i = 0; i < 3; i++) await j.append({ type: 'note', text: `n${i}` });
  await j.close();
  const good = readFileSync(p);
  appendFileSync(p, encodeRecord({ seq: 3, ts: 'x', host: 'h', type: 'note', text: 'torn' }).slice(0, 25));
  const before = readJournal(p);
  assert.ok(before.ok && before.truncated && before.records.length === 3);
  const k = await must(p);
  assert.is(k.recovered.truncated?.bytes, 25);
  assert.equal(readFileSync(p), good, 'the torn bytes are gone from the file');
  const r = await k.append({ type: 'note', text: 'after' });
  assert.is(r.seq, 3);
  await k.close();
  const after = readJournal(p);
  assert.ok(after.ok);
  assert.equal(after.ok && after.records.map((x) => x.seq), [0, 1, 2, 3]);
  assert.is(after.ok && after.truncated, undefined);
});

s('a last record that only lost its newline is kept and the next append starts on a new line', async () => {
  const p = fresh();
  const line = encodeRecord({ seq: 0, ts: '2026-01-01T00:00:00.000Z', host: 'h', type: 'note', text: 'kept' });
  writeFileSync(p, line.slice(0, -1));
  const j = await must(p);
  await j.append({ type: 'note', text: 'next' });
  await j.close();
  const r = readJournal(p);
  assert.equal(r.ok && r.records.map((x) => x.seq), [0, 1]);
});

s('not a journal, a missing directory, a missing file: one-line errors, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-open-'));
  const other = join(dir, 'incident.yaml');
  writeFileSync(other, 'title: x\n');
  const a = await openJournal(other);
  assert.not.ok(a.ok);
  assert.match(!a.ok ? a.error : '', /not a gatewalk journal/);
  assert.is(readFileSync(other, 'utf8'), 'title: x\n');
  const b = await openJournal(join(dir, 'no', 'such', 'j.jsonl'));
  assert.match(!b.ok ? b.error : '', /^cannot write the journal .*: ENOENT/);
  const c = readJournal(join(dir, 'missing.jsonl'));
  assert.match(!c.ok ? c.error : '', /^cannot read the journal .*missing\.jsonl: ENOENT$/);
  for (const e of [a, b, c]) assert.not.ok(!e.ok && e.error.includes('\n'));
});

s('default path: $XDG_STATE_HOME or ~/.local/state, gatewalk/journals/<utc-stamp>-<slug>.jsonl; created on open', async () => {
  const now = new Date('2026-11-27T02:16:48.123Z');
  assert.is(utcStamp(now), '20261127T021648Z');
  assert.is(slug('VPN to Frankfurt: DOWN!! / 3 a.m.'), 'vpn-to-frankfurt-down-3-a-m');
  assert.is(slug('***'), 'incident');
  assert.is(journalDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/op' }), '/x/state/gatewalk/journals');
  assert.is(journalDir({ HOME: '/home/op' }), '/home/op/.local/state/gatewalk/journals');
  assert.is(journalDir({ XDG_STATE_HOME: 'relative', HOME: '/home/op' }), '/home/op/.local/state/gatewalk/journals', 'a relative XDG path is ignored (spec)');
  const base = mkdtempSync(join(tmpdir(), 'gw-xdg-'));
  const p = defaultJournalPath('wireguard--healthy', now, { XDG_STATE_HOME: base });
  assert.is(p, join(base, 'gatewalk/journals/20261127T021648Z-wireguard-healthy.jsonl'));
  const j = await must(p, { createDir: true });
  await j.close();
  assert.is(statSync(join(base, 'gatewalk/journals')).mode & 0o777, 0o700);
});

s.run();
