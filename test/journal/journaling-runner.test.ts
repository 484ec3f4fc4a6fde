// Why: the journaling runner writes the intent to disk before a command starts and its redacted, bounded outcome after; the clock offset is measured as a midpoint.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestSample, clockOffset, measureClock, CLOCK_ARGV, CLOCK_STREAM_ARGV } from '../../src/journal/clock.js';
import { EXCERPT_CHARS } from '../../src/journal/excerpt.js';
import { journalingRunner } from '../../src/journal/journaling-runner.js';
import { openJournal, type Journal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';
import { fakeRunner } from '../../src/targets/fake-runner.js';
import type { CommandResult, Runner, StreamExit, StreamSession } from '../../src/targets/runner.js';
import { localTarget, netnsTarget } from '../../src/targets/target.js';

const s = suite('journaling runner and clock');
const PRIV = 'cK3WfrE1yR0Q2pyP2lF7yGgZp6c1l3s3i0x6Z+7P8Hc=';
const PUB = 'a2Kow6IEgW1B3GP6/Z5vYjjfkFs8VSjkJIHkNaijnUc=';

async function journal(): Promise<Journal> {
  const r = await openJournal(join(mkdtempSync(join(tmpdir(), 'gw-jr-')), 'j.jsonl'));
  if (!r.ok) throw new Error(r.error);
  return r.journal;
}

s('intent is on disk before the command runs; outcome after, redacted, excerpted, digested', async () => {
  const j = await journal();
  const gw = netnsTarget('gwA');
  const big = `${PRIV}\t${PUB}\t51820\toff\n` + 'x'.repeat(10_000);
  const seenBefore: string[] = [];
  const inner: Runner = {
    async run(t, cmd): Promise<CommandResult> {
      seenBefore.push(readFileSync(j.path, 'utf8'));
      return { target: t.label, argv: cmd.argv, exitCode: 0, signal: null, stdout: big, stderr: '', durationMs: 12.4, timedOut: false, spawnError: null, ok: true };
    },
    stream: () => {
      throw new Error('no');
    },
    spawnDaemon: () => 0,
    foreground: async () => 0,
  };
  const r = journalingRunner(inner, j, { roleOf: (t) => (t === gw ? 'gwA' : undefined), idPrefix: '1.' });
  const res = await r.run(gw, { argv: ['wg', 'show', 'wg0', 'dump'] });
  assert.is(res.stdout, big, 'the caller still gets the real output');
  const first = JSON.parse(seenBefore[0]!.split('\n')[0]!) as Record<string, unknown>;
  assert.equal([first.type, first.id, first.role, first.host, first.argv], ['intent', '1.1', 'gwA', 'netns:gwA', ['wg', 'show', 'wg0', 'dump']]);
  await r.run(localTarget(), { argv: ['ssh', '-O', 'exit'] });
  await j.close();
  const recs = readJournal(j.path);
  assert.ok(recs.ok);
  const types = recs.ok ? recs.records.map((x) => x.type) : [];
  assert.equal(types, ['intent', 'outcome'], 'a target without a role is not journaled');
  const out = recs.ok ? recs.records[1]! : null;
  assert.ok(out && out.type === 'outcome');
  if (!out || out.type !== 'outcome') return;
  const clean = big.replace(PRIV, '(redacted)');
  assert.is(out.stdout.excerpt, clean.slice(0, EXCERPT_CHARS));
  assert.is(out.stdout.truncated, true);
  assert.is(out.stdout.bytes, Buffer.byteLength(clean));
  assert.is(out.stdout.sha256, createHash('sha256').update(clean).digest('hex'));
  assert.is(out.durationMs, 12);
  assert.not.ok(readFileSync(j.path, 'utf8').includes(PRIV));
});

s('streams: intent, then the outcome with the output seen; keystrokes are never journaled', async () => {
  const j = await journal();
  const gw = netnsTarget('gwB');
  const fake = fakeRunner([{ kind: 'stream', argv: ['tcpdump', '-l'], chunks: ['listening on any\n', '10:00 IP a > b\n'] }]);
  const r = journalingRunner(fake, j, { roleOf: () => 'gwB' });
  const st = r.stream(gw, ['tcpdump', '-l'], { timeoutMs: 1000 });
  st.write('hunter2\n');
  await st.done;
  await j.close();
  const text = readFileSync(j.path, 'utf8');
  assert.not.ok(text.includes('hunter2'));
  const recs = readJournal(j.path);
  const out = recs.ok ? recs.records.find((x) => x.type === 'outcome') : undefined;
  assert.ok(out && out.type === 'outcome' && out.stdout.excerpt === 'listening on any\n10:00 IP a > b\n');
  fake.assertAllUsed();
});

s('clock offset is the remote reading against the midpoint of the round trip', () => {
  assert.equal(clockOffset(1_000_000, 1_000_100, '1000.250000000\n'), { offsetMs: 200, rttMs: 100 });
  assert.equal(clockOffset(1_000_000, 1_000_010, '999.995\n'), { offsetMs: -10, rttMs: 10 });
  assert.is(clockOffset(0, 1, 'date: invalid option'), null);
});

s('measureClock: three round trips inside one session, the shortest wins; intent and outcome journaled', async () => {
  const j = await journal();
  const skew = 3500; // the remote runs 3.5 s ahead
  const delays = [40, 5, 25]; // the remote answers each line after this long (ms); the 5 ms one bounds the error best
  let listeners: Array<(d: string) => void> = [];
  let n = 0;
  let end: (x: StreamExit) => void = () => {};
  const runner: Runner = {
    run: () => Promise.reject(new Error('no one-shot command expected')),
    stream(t, argv): StreamSession {
      assert.equal(argv, CLOCK_STREAM_ARGV);
      const done = new Promise<StreamExit>((r) => (end = r));
      setTimeout(() => listeners.forEach((l) => l('@@gatewalk-clock@@\r\n')), 30);
      return {
        target: t.label,
        argv,
        pid: 1,
        onData: (l) => void listeners.push(l),
        write: () => {
          const d = delays[n++]!;
          // The reading is taken at the midpoint of the delay, so the midpoint rule is exact here.
          setTimeout(() => {
            const remote = (Date.now() - d / 2 + skew) / 1000;
            listeners.forEach((l) => l(`\r\n${remote.toFixed(9)}\r\n`));
          }, d);
        },
        kill: () => end({ exitCode: 0, signal: null, reason: 'killed', lines: 0 }),
        done,
      };
    },
    spawnDaemon: () => 0,
    foreground: async () => 0,
  };
  const ev = await measureClock(runner, j, '1.clock-gwA', netnsTarget('gwA'), 'gwA');
  await j.close();
  listeners = [];
  assert.ok(ev);
  assert.is(ev!.host, 'netns:gwA');
  assert.is(n, 3, 'three round trips');
  assert.ok(ev!.rttMs < 20, `the shortest round trip was kept (${ev!.rttMs} ms)`);
  assert.ok(Math.abs(ev!.offsetMs - skew) < 15, String(ev!.offsetMs));
  const recs = readJournal(j.path);
  assert.equal(recs.ok && recs.records.map((x) => x.type), ['intent', 'outcome']);
});

s('measureClock falls back to one whole date +%s.%N when the session gives no reading', async () => {
  const j = await journal();
  const now = Date.now() / 1000 + 3.5;
  const fake = fakeRunner([
    { kind: 'stream', argv: CLOCK_STREAM_ARGV, chunks: [] },
    { argv: CLOCK_ARGV, result: { stdout: `${now.toFixed(9)}\n` } },
  ]);
  const ev = await measureClock(fake, j, '1.clock-gwB', netnsTarget('gwB'), 'gwB');
  await j.close();
  fake.assertAllUsed();
  assert.ok(ev && Math.abs(ev.offsetMs - 3500) < 50, JSON.stringify(ev));
  const recs = readJournal(j.path);
  assert.equal(recs.ok && recs.records.map((x) => x.type === 'intent' ? `intent ${x.id}` : x.type), ['intent 1.clock-gwB', 'outcome', 'intent 1.clock-gwB-date', 'outcome']);
});

s('bestSample keeps the shortest round trip', () => {
  assert.equal(bestSample([{ offsetMs: 9, rttMs: 30 }, { offsetMs: 2, rttMs: 4 }, { offsetMs: 5, rttMs: 10 }]), { offsetMs: 2, rttMs: 4 });
  assert.is(bestSample([]), null);
});

s.run();
