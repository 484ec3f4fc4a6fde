// Why: the real runner against real local processes: outcomes as values, bounds that hold, output that is not lost.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execRunner } from '../../src/targets/exec-runner.js';
import { localTarget } from '../../src/targets/target.js';
import type { StreamSession } from '../../src/targets/runner.js';

const s = suite('exec-runner');
const runner = execRunner();
const local = localTarget();
const dir = mkdtempSync(join(tmpdir(), 'gatewalk-exec-'));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  while (performance.now() < until) {
    if (!alive(pid)) return true;
    await sleep(20);
  }
  return !alive(pid);
}

/** Collects a session's output; the session is always ended and awaited, even when an assertion fails. */
async function collect(session: StreamSession, body: (out: () => string) => Promise<void> = async () => {}) {
  let out = '';
  session.onData((c) => (out += c));
  try {
    await body(() => out);
  } finally {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), 8000)));
    if ((await Promise.race([session.done, late])) === null) session.kill();
    clearTimeout(timer);
  }
  return { exit: await session.done, out };
}

s('run: exit code, stdout and stderr kept apart, trailing newlines kept', async () => {
  const r = await runner.run(local, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
  assert.is(r.exitCode, 3);
  assert.is(r.stdout, 'out\n');
  assert.is(r.stderr, 'err\n');
  assert.is(r.ok, false);
  assert.is(r.timedOut, false);
  assert.is(r.spawnError, null);
  assert.is(r.signal, null);
  assert.is(r.target, 'local');
  assert.equal(r.argv, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
});

s('run: success is ok', async () => {
  const r = await runner.run(local, { argv: ['true'] });
  assert.is(r.exitCode, 0);
  assert.ok(r.ok);
});

s('run: a missing program is a spawnError value, not a throw', async () => {
  const r = await runner.run(local, { argv: ['gatewalk-no-such-program-xyz', '--flag'] });
  assert.is(r.ok, false);
  assert.is(r.exitCode, null);
  assert.type(r.spawnError, 'string');
  assert.match(r.spawnError ?? '', 'ENOENT');
  assert.is(r.timedOut, false);
});

s('run: timeoutMs ends the command and says so', async () => {
  const t0 = performance.now();
  const r = await runner.run(local, { argv: ['sleep', '5'], timeoutMs: 200 });
  const took = performance.now() - t0;
  assert.ok(r.timedOut);
  assert.is(r.ok, false);
  assert.is(r.spawnError, null);
  assert.is(r.signal, 'SIGTERM');
  assert.ok(took < 1000, `took ${took} ms`);
});

s('run: input goes to stdin; no input means an empty stdin, not the terminal', async () => {
  const r = await runner.run(local, { argv: ['cat'], input: 'line one\nline two' });
  assert.is(r.stdout, 'line one\nline two');
  const empty = await runner.run(local, { argv: ['cat'], timeoutMs: 2000 });
  assert.is(empty.stdout, '');
  assert.is(empty.timedOut, false);
});

s('run: env adds to the environment', async () => {
  const r = await runner.run(local, { argv: ['sh', '-c', 'printf %s "$GW_X:${PATH:+path}"'], env: { GW_X: 'y' } });
  assert.is(r.stdout, 'y:path');
});

s('stream: every line arrives before done resolves', async () => {
  const session = runner.stream(local, ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done'], { timeoutMs: 5000 });
  assert.ok(session.pid > 0);
  assert.is(session.target, 'local');
  const { exit, out } = await collect(session);
  assert.equal(out.split(/\r?\n/).filter(Boolean), ['line1', 'line2', 'line3', 'line4', 'line5']);
  assert.equal(exit, { exitCode: 0, signal: null, reason: 'exit', lines: 5 });
});

s('stream: the last output of a fast program is not lost (node-pty#72 on Linux)', async () => {
  for (let i = 0; i < 8; i++) {
    const { exit, out } = await collect(runner.stream(local, ['seq', '1', '20000'], { timeoutMs: 10_000 }));
    const got = out.split(/\r?\n/).filter(Boolean);
    assert.is(got.length, 20000, `run ${i}: ${got.length} lines, last ${JSON.stringify(got.at(-1))}`);
    assert.is(got.at(-1), '20000');
    assert.is(exit.lines, 20000);
  }
});

s('stream: maxLines ends an endless producer', async () => {
  const t0 = performance.now();
  const { exit, out } = await collect(runner.stream(local, ['yes'], { timeoutMs: 10_000, maxLines: 3 }));
  assert.is(exit.reason, 'max-lines');
  assert.is(exit.lines, 3);
  assert.is(out, 'y\r\ny\r\ny\r\n', 'exactly the bound is delivered, even when a chunk carried more');
  assert.ok(performance.now() - t0 < 5000);
});

s('stream: the bound on the target ends it at timeoutMs', async () => {
  const t0 = performance.now();
  const { exit } = await collect(runner.stream(local, ['sleep', '30'], { timeoutMs: 1000 }));
  const took = performance.now() - t0;
  assert.is(exit.reason, 'timeout');
  assert.is(exit.exitCode, 124);
  assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
});

s('stream: kill() ends it with reason killed', async () => {
  const session = runner.stream(local, ['sleep', '30'], { timeoutMs: 30_000 });
  const t0 = performance.now();
  const { exit } = await collect(session, async () => {
    await sleep(200);
    session.kill();
  });
  const took = performance.now() - t0;
  assert.is(exit.reason, 'killed');
  assert.ok(took < 3000, `took ${took} ms`);
  assert.not.ok(alive(session.pid), 'the process is gone');
});

s('stream: a program that ignores SIGHUP is still ended', async () => {
  const session = runner.stream(local, ['sh', '-c', 'trap "" HUP INT; echo ready; exec sleep 30'], { timeoutMs: 30_000 });
  const t0 = performance.now();
  const { exit } = await collect(session, async (out) => {
    while (!out().includes('ready')) await sleep(10);
    session.kill();
  });
  assert.is(exit.reason, 'killed');
  assert.ok(performance.now() - t0 < 7000, `took ${performance.now() - t0} ms`);
});

s('stream: write() reaches the program', async () => {
  const session = runner.stream(local, ['sh', '-c', 'read x; echo "got:$x"'], { timeoutMs: 5000 });
  const { exit, out } = await collect(session, async () => {
    session.write('hello\r');
  });
  assert.match(out, 'got:hello');
  assert.is(exit.exitCode, 0);
});

s('spawnDaemon: a detached, living process whose output goes to the log', async () => {
  const logFile = join(dir, 'daemon.log');
  let seen: number | null = null;
  const pid = runner.spawnDaemon(local, ['sh', '-c', 'echo started; exec sleep 30'], { logFile, onPid: (p) => (seen = p) });
  try {
    assert.ok(pid > 0);
    assert.is(seen, pid);
    assert.ok(alive(pid), 'daemon is running');
    const until = performance.now() + 3000;
    while (!readFileSync(logFile, 'utf8').includes('started') && performance.now() < until) await sleep(20);
    assert.is(readFileSync(logFile, 'utf8'), 'started\n');
  } finally {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  assert.ok(await gone(pid, 3000), 'daemon ended after SIGKILL');
});

s('spawnDaemon: a missing program throws at once and does not crash the process later', async () => {
  assert.throws(
    () => runner.spawnDaemon(local, ['gatewalk-no-such-program-xyz'], { logFile: join(dir, 'missing.log') }),
    /could not start/,
  );
  await sleep(100); // the child 'error' event fires on a later tick; an unhandled one would kill the test run
});

s.after(() => rmSync(dir, { recursive: true, force: true }));

s('foreground: the exit status comes back; a signal is 128+n; a missing program is 127', async () => {
  const r = execRunner();
  assert.is(await r.foreground(localTarget(), ['sh', '-c', 'exit 3']), 3);
  assert.is(await r.foreground(localTarget(), ['sh', '-c', 'kill -TERM $$']), 143);
  assert.is(await r.foreground(localTarget(), ['/nonexistent/gatewalk-no-such-program']), 127);
});

s.run();
