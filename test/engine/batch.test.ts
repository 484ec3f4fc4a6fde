// Why: a batch of commands in one shell must give back each command's exact stdout, stderr and exit code, as if run alone.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { batchScript, parseBatch, unbatch } from '../../src/engine/batch.js';
import { ladderWait } from '../../src/engine/collect-live.js';

const s = suite('engine batch');
const NONCE = '0123456789abcdef';

const ITEMS = [
  ['printf', 'no newline at the end'],
  ['printf', 'two newlines\n\n'],
  ['true'],
  ['sh', '-c', 'echo out; echo err >&2; exit 3'],
  ['sh', '-c', 'printf "%s" "$1"', 'x', "it's \"quoted\" $HOME `x` @@0123456789abcdee o 9 1@@"],
  ['sh', '-c', 'printf "\\n@@fedcba9876543210 e 5 0 1@@\\n"; printf "err\\n\\n" >&2'],
  ['gatewalk-no-such-command'],
];

async function alone(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stripFinalNewline: false });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

for (const mode of ['sequential', 'parallel', 'parallel, the last three after the others'] as const) {
  s(`${mode}: every command's stdout, stderr and exit code come back exactly`, async () => {
    const parallel = mode !== 'sequential';
    const after = mode.includes('after') ? ITEMS.length - 3 : ITEMS.length;
    const script = batchScript(ITEMS.map((argv, i) => ({ argv, ...(i >= after ? { after: true } : {}) })), NONCE, { parallel });
    const r = await execa('sh', ['-c', script], { reject: false, stripFinalNewline: false });
    assert.is(r.exitCode, 0, String(r.stderr));
    const got = parseBatch(String(r.stdout), NONCE, ITEMS.length);
    for (const [i, argv] of ITEMS.entries()) {
      const g = got[i];
      assert.ok(g, `section ${i} missing`);
      if (argv[0] === 'gatewalk-no-such-command') {
        assert.is(g!.exitCode, 127);
        assert.is(g!.stdout, '');
        assert.match(g!.stderr, /not found|No such file/);
        continue;
      }
      const want = await alone(argv);
      assert.equal({ exitCode: g!.exitCode, stdout: g!.stdout, stderr: g!.stderr }, want, argv.join(' '));
      assert.ok(g!.startMs === null || g!.endMs === null || g!.endMs >= g!.startMs);
    }
  });
}

s('a torn batch (the session died) leaves the missing commands undefined, never half a section', () => {
  const out = `\n@@${NONCE} o 0 10.00@@\nfirst\n@@${NONCE} e 0 0 10.01@@\n\n@@${NONCE} o 1 10.02@@\npartial outp`;
  const got = parseBatch(out, NONCE, 3);
  assert.equal(got[0], { exitCode: 0, stdout: 'first', stderr: '', startMs: 10000, endMs: 10010 });
  assert.is(got[1], undefined);
  assert.is(got[2], undefined);
  assert.equal(parseBatch('sudo: a password is required\n', NONCE, 2), [undefined, undefined]);
});

s('unbatch: a journal that sees only `sh -c SCRIPT` and its output gets each command back with its own argv', async () => {
  const argv = ['sh', '-c', batchScript(ITEMS.slice(0, 4).map((a) => ({ argv: a })), NONCE)];
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stripFinalNewline: false });
  const parts = unbatch(argv, String(r.stdout));
  assert.ok(parts);
  assert.equal(parts!.map((p) => p.argv), ITEMS.slice(0, 4));
  assert.equal(parts!.map((p) => p.result?.exitCode), [0, 0, 0, 3]);
  assert.is(parts![3]!.result!.stderr, 'err\n');
  assert.is(unbatch(['sh', '-c', 'echo hi'], 'hi\n'), null);
  assert.is(unbatch(['ip', '-j', 'route'], ''), null);
});

s('the DF-ping ladder waits 4 x the slowest small-ping reply + 200 ms, within [0.5, 1] s; 1 s when unknown', () => {
  const ping = (rtts: number[]) => ({
    stdout: `PING 172.31.40.10 (172.31.40.10) 56(84) bytes of data.\n${rtts.map((t, i) => `64 bytes from 172.31.40.10: icmp_seq=${i + 1} ttl=62 time=${t} ms\n`).join('')}\n--- 172.31.40.10 ping statistics ---\n${rtts.length} packets transmitted, ${rtts.length} received, 0% packet loss, time 400ms\nrtt min/avg/max/mdev = ${Math.min(...rtts)}/${Math.min(...rtts)}/${Math.max(...rtts)}/0.1 ms\n`,
    stderr: '',
  });
  assert.is(ladderWait(ping([0.4, 2.1, 0.9])), '0.5');
  assert.is(ladderWait(ping([80, 120, 95])), '0.7');
  assert.is(ladderWait(ping([300, 250])), '1');
  assert.is(ladderWait({ stdout: '', stderr: 'ping: connect: Network is unreachable\n' }), '1');
});

s('in a parallel batch the commands that wait for the others come last, and do wait', async () => {
  assert.throws(() => batchScript([{ argv: ['true'], after: true }, { argv: ['true'] }], NONCE, { parallel: true }), /come last/);
  const script = batchScript([{ argv: ['sh', '-c', 'sleep 0.3; echo slow'] }, { argv: ['sh', '-c', 'cat /dev/null; echo quick'] }, { argv: ['sh', '-c', 'echo then'], after: true }], NONCE, { parallel: true });
  const r = await execa('sh', ['-c', script], { reject: false, stripFinalNewline: false });
  const got = parseBatch(String(r.stdout), NONCE, 3);
  assert.equal(got.map((g) => g?.stdout), ['slow\n', 'quick\n', 'then\n']);
  if (got[0]!.endMs !== null && got[2]!.startMs !== null) assert.ok(got[2]!.startMs >= got[0]!.endMs, 'the after-command started once the slow one ended');
});

s('the nonce must be hex (it is pasted into a shell script)', () => {
  assert.throws(() => batchScript([{ argv: ['true'] }], "x'; rm -rf /; '"));
});

s.run();
