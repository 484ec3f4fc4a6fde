// Why: the codec's promises: a record survives a round trip; a torn or flipped line is detected; earlier records always survive.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checksum, decodeJournal, decodeLine, encodeRecord } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';

const s = suite('journal codec');

const rec = (seq: number, text = `note ${seq}`): JournalRecord => ({ seq, ts: '2026-11-27T01:02:03.456Z', host: 'jump', type: 'note', text });

s('a record is one line ending in a checksum of its JSON, and decodes back to itself', () => {
  const r = rec(7, 'line one\nline "two"\t\u001b[31m');
  const line = encodeRecord(r);
  assert.ok(line.endsWith('"}\n'));
  assert.is(line.split('\n').length, 2, 'exactly one newline, at the end');
  const parsed = JSON.parse(line) as { sum: string };
  assert.is(parsed.sum, checksum(JSON.stringify(r)));
  const d = decodeLine(line.slice(0, -1));
  assert.ok(d.ok);
  assert.equal(d.ok && d.record, r);
});

s('every flipped character of a line is caught (checksum or syntax)', () => {
  const line = encodeRecord(rec(1)).slice(0, -1);
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const flipped = line.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : c ^ 1) + line.slice(i + 1);
    assert.not.ok(decodeLine(flipped).ok, `flip at ${i}: ${flipped}`);
  }
});

s('a journal torn at every byte of its last record: earlier records all survive, the tail is reported', () => {
  const lines = [0, 1, 2].map((i) => encodeRecord(rec(i)));
  const whole = Buffer.from(lines.join(''));
  const keep = Buffer.byteLength(lines[0]! + lines[1]!);
  for (let cut = keep + 1; cut < whole.length - 1; cut++) {
    const d = decodeJournal(whole.subarray(0, cut));
    assert.equal(d.records.map((r) => r.seq), [0, 1], `cut at ${cut}`);
    assert.is(d.goodBytes, keep);
    assert.ok(d.truncated, `cut at ${cut}`);
    assert.is(d.truncated!.offset, keep);
    assert.is(d.truncated!.bytes, cut - keep);
  }
  // Only the newline lost: the record is whole and kept.
  const d = decodeJournal(whole.subarray(0, whole.length - 1));
  assert.equal(d.records.map((r) => r.seq), [0, 1, 2]);
  assert.is(d.truncated, undefined);
});

s('a damaged line followed by valid ones is skipped and reported, never cut', () => {
  const lines = [0, 1, 2].map((i) => encodeRecord(rec(i)));
  const bad = lines[1]!.replace('note 1', 'note X');
  const d = decodeJournal(Buffer.from(lines[0]! + bad + lines[2]!));
  assert.equal(d.records.map((r) => r.seq), [0, 2]);
  assert.equal(d.damaged, [{ line: 2, reason: 'checksum mismatch' }]);
  assert.is(d.truncated, undefined);
  assert.is(d.goodBytes, Buffer.byteLength(lines[0]! + bad + lines[2]!));
});

s('garbage, an empty file and zero bytes after a crash', () => {
  assert.equal(decodeJournal(Buffer.alloc(0)).records, []);
  const z = decodeJournal(Buffer.concat([Buffer.from(encodeRecord(rec(0))), Buffer.alloc(300)]));
  assert.equal(z.records.map((r) => r.seq), [0]);
  assert.is(z.truncated?.bytes, 300);
  for (const text of ['{}', 'hello', '{"seq":1,"sum":"00"}', '[1,2]']) assert.not.ok(decodeLine(text).ok, text);
});

s.run();
