// Why: targets only rewrite argv; check the exact shape and that the remote string parses back to the same words.

import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { localTarget, netnsTarget, nsenterTarget, sshCloseArgv, sshTarget } from '../../src/targets/target.js';

const s = suite('target');

const hostileArgv = [
  'printf',
  '%s',
  'a;id',
  '$(touch /nonexistent/CANARY)',
  '`id`',
  "it's",
  '"q"',
  `'"'"'`,
  'line1\nline2',
  '-rf',
  'two words',
  '*',
  '~',
  '!',
  '\\',
  'ünï\u202E',
  '',
  'A=1',
];

/** What a POSIX shell makes of `remote` as a list of words. */
async function parseBack(remote: string): Promise<string[]> {
  const r = await execa('sh', ['-c', `set -- ${remote}; for a in "$@"; do printf '%s\\0' "$a"; done`], {
    stripFinalNewline: false,
  });
  const words = r.stdout.split('\0');
  assert.is(words.pop(), '');
  return words;
}

s('localTarget passes argv through as a copy', () => {
  const argv = ['ip', 'route'];
  const out = localTarget().wrap(argv, 'oneshot');
  assert.equal(out, argv);
  assert.is.not(out, argv);
  assert.is(localTarget().label, 'local');
});

s('netnsTarget prefixes ip netns exec', () => {
  const t = netnsTarget('lab1-gwA');
  assert.is(t.label, 'netns:lab1-gwA');
  assert.equal(t.wrap(['ip', 'xfrm', 'state'], 'stream'), ['ip', 'netns', 'exec', 'lab1-gwA', 'ip', 'xfrm', 'state']);
});

s('nsenterTarget wraps with -t PID and --; rejects pid 0, 1, NaN and fractions', () => {
  const t = nsenterTarget(4242, 'gwA');
  assert.is(t.label, 'nsenter:gwA');
  assert.equal(t.wrap(['ss', '-tn'], 'oneshot'), ['nsenter', '-t', '4242', '-m', '-n', '-u', '--', 'ss', '-tn']);
  for (const pid of [0, 1, -5, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
    assert.throws(() => nsenterTarget(pid, 'x'), /not a usable pid/, `pid ${pid}`);
  }
});

s('sshTarget oneshot: BatchMode, -T, --, host, one quoted string', () => {
  const t = sshTarget({ host: 'gwA' });
  assert.is(t.label, 'ssh:gwA');
  assert.is(t.host, 'gwA');
  assert.equal(t.wrap(['ip', 'route', 'get', '10.0.0.1'], 'oneshot'), [
    'ssh', '-o', 'ConnectTimeout=5', '-o', 'BatchMode=yes', '-T', '--', 'gwA', 'ip route get 10.0.0.1',
  ]);
});

s('sshTarget stream: -tt, no BatchMode', () => {
  const out = sshTarget({ host: 'gwA', connectTimeoutS: 3 }).wrap(['tcpdump', '-l'], 'stream');
  assert.equal(out, ['ssh', '-o', 'ConnectTimeout=3', '-tt', '--', 'gwA', 'tcpdump -l']);
  assert.not.ok(out.includes('BatchMode=yes'));
});

s('sshTarget sudo: sudo -n (never prompts); plain sudo only for interactive streams', () => {
  const t = sshTarget({ host: 'gwA', sudo: true });
  assert.is(t.wrap(['ip', 'xfrm', 'state'], 'oneshot').at(-1), 'sudo -n ip xfrm state');
  assert.is(t.wrap(['tcpdump'], 'stream').at(-1), 'sudo -n tcpdump', 'a headless stream must not wait for a password');
  const i = sshTarget({ host: 'gwA', sudo: true, interactiveSudo: true });
  assert.is(i.wrap(['tcpdump'], 'stream').at(-1), 'sudo tcpdump');
  assert.is(i.wrap(['ip', 'xfrm', 'state'], 'oneshot').at(-1), 'sudo -n ip xfrm state');
});

s('sshTarget options: -F and multiplexing come before the mode flags', () => {
  const o = { host: 'gwB', configFile: '/tmp/cfg', controlDir: '/tmp/ctl' };
  assert.equal(sshTarget(o).wrap(['true'], 'oneshot'), [
    'ssh', '-F', '/tmp/cfg', '-o', 'ConnectTimeout=5',
    '-o', 'ControlMaster=auto', '-o', 'ControlPath=/tmp/ctl/%C', '-o', 'ControlPersist=60',
    '-o', 'BatchMode=yes', '-T', '--', 'gwB', 'true',
  ]);
  assert.equal(sshCloseArgv(o), ['ssh', '-F', '/tmp/cfg', '-o', 'ControlPath=/tmp/ctl/%C', '-O', 'exit', '--', 'gwB']);
  assert.is(sshCloseArgv({ host: 'gwB' }), null);
});

s('sshTarget via netns: the ssh client runs inside the namespace', () => {
  const t = sshTarget({ host: 'gwA', via: netnsTarget('x') });
  const out = t.wrap(['id'], 'oneshot');
  assert.equal(out.slice(0, 5), ['ip', 'netns', 'exec', 'x', 'ssh']);
  assert.is(out.at(-1), 'id');
  assert.equal(sshCloseArgv({ host: 'gwA', controlDir: '/c', via: netnsTarget('x') })?.slice(0, 5), ['ip', 'netns', 'exec', 'x', 'ssh']);
});

s('sshTarget refuses an empty command (it would open a login shell)', () => {
  assert.throws(() => sshTarget({ host: 'gwA' }).wrap([], 'oneshot'), /empty command/);
});

s('the remote string parses back to exactly the original argv, hostile words included', async () => {
  for (const mode of ['oneshot', 'stream'] as const) {
    const plain = sshTarget({ host: 'gwA' }).wrap(hostileArgv, mode).at(-1) ?? '';
    assert.equal(await parseBack(plain), hostileArgv, mode);
    const sudo = sshTarget({ host: 'gwA', sudo: true, via: netnsTarget('x') }).wrap(hostileArgv, mode).at(-1) ?? '';
    assert.equal(await parseBack(sudo), ['sudo', '-n', ...hostileArgv], `sudo ${mode}`);
  }
});

s('the remote string run by a shell executes the argv, not its words as syntax', async () => {
  const remote = sshTarget({ host: 'gwA' }).wrap(hostileArgv, 'oneshot').at(-1) ?? '';
  const r = await execa('sh', ['-c', remote]);
  // printf '%s' prints every remaining argument back to back.
  assert.is(r.stdout, hostileArgv.slice(2).join(''));
});

s.run();
