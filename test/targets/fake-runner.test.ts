// Why: the fake must answer what was scripted and fail loudly on anything else, or tests would pass by accident.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeRunner } from '../../src/targets/fake-runner.js';
import { localTarget, netnsTarget, sshTarget } from '../../src/targets/target.js';

const s = suite('fake-runner');
const gwA = sshTarget({ host: 'gwA' });
const local = localTarget();

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

s('an expected call returns the scripted result; defaults fill the rest', async () => {
  const f = fakeRunner([
    { target: 'ssh:gwA', argv: ['ip', 'route', 'get', '10.0.0.1'], result: { stdout: '10.0.0.1 dev vti0\n' } },
    { argv: ['false'], result: { exitCode: 1, stderr: 'no\n' } },
  ]);
  const r = await f.run(gwA, { argv: ['ip', 'route', 'get', '10.0.0.1'] });
  assert.equal(r, {
    target: 'ssh:gwA',
    argv: ['ip', 'route', 'get', '10.0.0.1'],
    exitCode: 0,
    signal: null,
    stdout: '10.0.0.1 dev vti0\n',
    stderr: '',
    durationMs: 0,
    timedOut: false,
    spawnError: null,
    ok: true,
  });
  const bad = await f.run(netnsTarget('x'), { argv: ['false'], input: 'in' });
  assert.is(bad.ok, false);
  assert.is(bad.exitCode, 1);
  assert.is(bad.target, 'netns:x');
  assert.equal(f.calls, [
    { kind: 'run', target: 'ssh:gwA', argv: ['ip', 'route', 'get', '10.0.0.1'] },
    { kind: 'run', target: 'netns:x', argv: ['false'], input: 'in' },
  ]);
  f.assertAllUsed();
});

s('unexpected argv rejects with the target, the argv and what was expected', async () => {
  const f = fakeRunner([{ target: 'ssh:gwA', argv: ['ip', 'xfrm', 'state'] }]);
  const e = await rejection(f.run(gwA, { argv: ['rm', '-rf', '/'] }));
  assert.match(e.message, 'unexpected run on ssh:gwA: ["rm","-rf","/"]');
  assert.match(e.message, 'expected one of:\n  run on ssh:gwA: ["ip","xfrm","state"]');
});

s('the same argv on another target is unexpected', async () => {
  const f = fakeRunner([{ target: 'ssh:gwA', argv: ['id'] }]);
  const e = await rejection(f.run(local, { argv: ['id'] }));
  assert.match(e.message, 'unexpected run on local: ["id"]');
});

s('each expectation is used once', async () => {
  const f = fakeRunner([{ argv: ['id'] }]);
  await f.run(local, { argv: ['id'] });
  const e = await rejection(f.run(local, { argv: ['id'] }));
  assert.match(e.message, 'no calls were left to expect');
});

s('ordered: calls must come in the listed order', async () => {
  const f = fakeRunner([{ argv: ['a'] }, { argv: ['b'] }], { ordered: true });
  const e = await rejection(f.run(local, { argv: ['b'] }));
  assert.match(e.message, 'expected next:\n  run on (any target): ["a"]');
  await f.run(local, { argv: ['a'] });
  await f.run(local, { argv: ['b'] });
});

s('unordered: any order is fine', async () => {
  const f = fakeRunner([{ argv: ['a'] }, { argv: ['b'] }]);
  await f.run(local, { argv: ['b'] });
  await f.run(local, { argv: ['a'] });
  f.assertAllUsed();
});

s('assertAllUsed lists unused expectations', async () => {
  const f = fakeRunner([{ argv: ['used'] }, { target: 'ssh:gwA', argv: ['never', 'called'] }, { kind: 'daemon', argv: ['iperf3', '-s'] }]);
  await f.run(local, { argv: ['used'] });
  assert.throws(
    () => f.assertAllUsed(),
    (e: Error) =>
      e.message.includes('2 expected call(s) never made') &&
      e.message.includes('run on ssh:gwA: ["never","called"]') &&
      e.message.includes('daemon on (any target): ["iperf3","-s"]') &&
      !e.message.includes('"used"'),
  );
});

s('assertAllUsed also reports an unexpected call the code under test swallowed', async () => {
  const f = fakeRunner([]);
  await f.run(local, { argv: ['surprise'] }).catch(() => {});
  assert.throws(() => f.assertAllUsed(), /1 unexpected call\(s\):\nfakeRunner: unexpected run on local: \["surprise"\]/);
});

s('stream: scripted chunks arrive after onData is attached, then done resolves', async () => {
  const f = fakeRunner([{ kind: 'stream', target: 'ssh:gwA', argv: ['tcpdump', '-l'], chunks: ['a\r\n', 'b\r\nc\r\n'], pid: 77 }]);
  const session = f.stream(gwA, ['tcpdump', '-l'], { timeoutMs: 1000 });
  let out = '';
  session.onData((c) => (out += c));
  assert.is(session.pid, 77);
  assert.is(session.target, 'ssh:gwA');
  session.write('secret\n');
  assert.equal(await session.done, { exitCode: 0, signal: null, lines: 3, reason: 'exit' });
  assert.is(out, 'a\r\nb\r\nc\r\n');
  assert.equal(f.writes.get(0), ['secret\n']);
  f.assertAllUsed();
});

s('stream: maxLines and kill() cut the script short; exit can be scripted', async () => {
  const chunks = ['1\n', '2\n', '3\n', '4\n'];
  const f = fakeRunner([
    { kind: 'stream', argv: ['yes'], chunks },
    { kind: 'stream', argv: ['sleep'], chunks },
    { kind: 'stream', argv: ['slow'], exit: { exitCode: 124, reason: 'timeout' } },
  ]);
  const a = await f.stream(local, ['yes'], { timeoutMs: 1000, maxLines: 2 }).done;
  assert.is(a.reason, 'max-lines');
  assert.is(a.lines, 2);
  const b = f.stream(local, ['sleep'], { timeoutMs: 1000 });
  b.kill();
  assert.is((await b.done).reason, 'killed');
  assert.equal(await f.stream(local, ['slow'], { timeoutMs: 1000 }).done, { exitCode: 124, signal: null, lines: 0, reason: 'timeout' });
});

s('stream and spawnDaemon throw on unexpected argv; the kind must match too', async () => {
  const f = fakeRunner([{ kind: 'stream', argv: ['tcpdump'] }]);
  assert.throws(() => f.stream(local, ['conntrack', '-E'], { timeoutMs: 1000 }), /unexpected stream on local: \["conntrack","-E"\]/);
  assert.throws(() => f.spawnDaemon(local, ['tcpdump'], { logFile: '/dev/null' }), /unexpected daemon on local: \["tcpdump"\]/);
  const e = await rejection(f.run(local, { argv: ['tcpdump'] }));
  assert.match(e.message, 'unexpected run on local: ["tcpdump"]\nexpected one of:\n  stream on (any target): ["tcpdump"]');
});

s('spawnDaemon returns the scripted pid and reports it through onPid', () => {
  const f = fakeRunner([{ kind: 'daemon', target: 'netns:x', argv: ['iperf3', '-s'], pid: 4321 }]);
  let seen = 0;
  assert.is(f.spawnDaemon(netnsTarget('x'), ['iperf3', '-s'], { logFile: '/dev/null', onPid: (p) => (seen = p) }), 4321);
  assert.is(seen, 4321);
  f.assertAllUsed();
});

s.run();
