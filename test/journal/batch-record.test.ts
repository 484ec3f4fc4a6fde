// Why: a batch is journaled as what ran plus each command's own argv and result (split from the whole output, redacted, excerpted); streams gatewalk stops say so.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchScript } from '../../src/engine/batch.js';
import { batchItemOutcomes, batchItems } from '../../src/journal/batch-record.js';
import { decodeJournal, encodeRecord } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { EXCERPT_CHARS } from '../../src/journal/excerpt.js';
import { journalingRunner } from '../../src/journal/journaling-runner.js';
import { openJournal, type Journal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';
import { execRunner } from '../../src/targets/exec-runner.js';
import { fakeRunner } from '../../src/targets/fake-runner.js';
import { localTarget, netnsTarget } from '../../src/targets/target.js';

const s = suite('journal: batches and stopped streams');
const PRIV = 'cK3WfrE1yR0Q2pyP2lF7yGgZp6c1l3s3i0x6Z+7P8Hc=';
const PUB = 'a2Kow6IEgW1B3GP6/Z5vYjjfkFs8VSjkJIHkNaijnUc=';
const PSK = 'planted-literal-secret-42';

async function journal(): Promise<Journal> {
  const r = await openJournal(join(mkdtempSync(join(tmpdir(), 'gw-batch-')), 'j.jsonl'));
  if (!r.ok) throw new Error(r.error);
  return r.journal;
}

const ITEMS = [
  ['printf', '%s\\n', 'hello'],
  ['sh', '-c', 'echo oops >&2; exit 3'],
  // The secrets are printed, never in an argv (the argv is journaled as it ran): halves joined by the shell.
  ['sh', '-c', `printf '%s%s\\t%s\\t51820\\toff\\n' ${PRIV.slice(0, 20)} ${PRIV.slice(20)} ${PUB}`],
  ['sh', '-c', `echo it is ${PSK.slice(0, 9)}""${PSK.slice(9)}; yes x | head -c 6000`],
  ['echo', 'last'],
];

s('a batch run through local sh: intent keeps the script and lists the argv; outcome has each command, from the whole output', async () => {
  const j = await journal();
  const script = batchScript(ITEMS.map((argv) => ({ argv })), '0123456789abcdef');
  const r = journalingRunner(execRunner(), j, { roleOf: () => 'gwA', idPrefix: '1.', secrets: [PSK] });
  const res = await r.run(localTarget(), { argv: ['sh', '-c', script], timeoutMs: 10_000 });
  assert.is(res.exitCode, 0, res.stderr);
  await j.close();
  const text = readFileSync(j.path, 'utf8');
  assert.not.ok(text.includes(PRIV), 'the private key is redacted in the command that printed it');
  assert.not.ok(text.includes(PSK), 'a known literal secret is redacted in items too');
  const recs = readJournal(j.path);
  assert.ok(recs.ok);
  const [intent, outcome] = recs.ok ? recs.records : [];
  assert.ok(intent?.type === 'intent' && outcome?.type === 'outcome');
  if (intent?.type !== 'intent' || outcome?.type !== 'outcome') return;
  assert.equal(intent.argv, ['sh', '-c', script], 'what ran is what is recorded');
  assert.equal(intent.items, ITEMS);
  assert.ok(outcome.stdout.truncated, 'the batch output is larger than an excerpt');
  assert.not.ok(outcome.stdout.excerpt.includes('last\n'), 'the last command is cut from the batch excerpt');
  const items = outcome.items ?? [];
  assert.equal(items.map((x) => [x.index, x.exitCode]), [[0, 0], [1, 3], [2, 0], [3, 0], [4, 0]]);
  assert.is(items[0]!.stdout.excerpt, 'hello\n');
  assert.is(items[1]!.stderr.excerpt, 'oops\n');
  assert.ok(items[2]!.stdout.excerpt.startsWith('(redacted)\t'), items[2]!.stdout.excerpt);
  assert.ok(items[2]!.stdout.excerpt.includes(PUB), 'the public key stays');
  const big = `it is (redacted)\n${'x\n'.repeat(3000)}`;
  assert.is(items[3]!.stdout.bytes, Buffer.byteLength(big));
  assert.is(items[3]!.stdout.sha256, createHash('sha256').update(big).digest('hex'), 'the digest covers the whole redacted output');
  assert.is(items[3]!.stdout.excerpt.length, EXCERPT_CHARS);
  assert.ok(items[3]!.stdout.truncated);
  assert.is(items[4]!.stdout.excerpt, 'last\n', 'a command past the excerpt is still recorded');
  for (const x of items) assert.ok(x.durationMs !== null && x.durationMs >= 0 && x.startMs !== null && x.startMs >= 0, JSON.stringify(x));
  assert.is(Math.min(...items.map((x) => x.startMs!)), 0, 'start offsets count from the batch\'s first command');
  // The codec round-trips the new fields.
  const line = encodeRecord(outcome as JournalRecord);
  const back = decodeJournal(Buffer.from(line));
  assert.equal(back.records[0], outcome);
});

s('pure helpers: not a batch -> undefined; a command that did not come back is left out', () => {
  assert.is(batchItems(['ip', 'route']), undefined);
  assert.is(batchItemOutcomes(['sh', '-c', 'echo hi'], 'hi\n'), undefined);
  const nonce = 'feedfacefeedface';
  const script = batchScript([{ argv: ['true'] }, { argv: ['false'] }], nonce);
  const torn = `\n@@${nonce} o 0 10.00@@\n\n@@${nonce} e 0 0 10.01@@\n\n@@${nonce} o 1 10.02@@\n`;
  const got = batchItemOutcomes(['sh', '-c', script], torn);
  assert.equal(got?.map((x) => [x.index, x.exitCode, x.startMs, x.durationMs]), [[0, 0, 0, 10]]);
});

s('streams: stopped by gatewalk is recorded as stopped (exit kept); one that ended on its own keeps its exit only', async () => {
  const j = await journal();
  const fake = fakeRunner([
    { kind: 'stream', argv: ['tcpdump', '-l'], chunks: ['a\n', 'b\n', 'c\n', 'd\n'], exit: { exitCode: 255 } },
    { kind: 'stream', argv: ['conntrack', '-E'], chunks: ['x\n'], exit: { exitCode: 255 } },
  ]);
  const r = journalingRunner(fake, j, { roleOf: () => 'gwB' });
  const a = r.stream(netnsTarget('gwB'), ['tcpdump', '-l'], { timeoutMs: 5000 });
  a.onData(() => a.kill());
  const b = r.stream(netnsTarget('gwB'), ['conntrack', '-E'], { timeoutMs: 5000 });
  await Promise.all([a.done, b.done]);
  await j.close();
  fake.assertAllUsed();
  const recs = readJournal(j.path);
  const outs = recs.ok ? recs.records.filter((x) => x.type === 'outcome') : [];
  const by = (id: string) => outs.find((x) => x.type === 'outcome' && x.id === id);
  const ka = by('c1');
  const kb = by('c2');
  assert.ok(ka?.type === 'outcome' && ka.stopped === true && ka.exitCode === 255, JSON.stringify(ka));
  assert.ok(kb?.type === 'outcome' && kb.stopped === undefined && kb.exitCode === 255, JSON.stringify(kb));
});

s.run();
