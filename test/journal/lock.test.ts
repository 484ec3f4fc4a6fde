// Why: one writer per journal: a second writer is refused with one line; a writer killed with -9 leaves no lock that blocks the next one.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { acquireLock, lockPath } from '../../src/journal/lock.js';
import { openJournal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';

const holder = fileURLToPath(new URL('../tools/hold-journal.js', import.meta.url));
const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const s = suite('journal lock');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'gw-lock-')), 'j.jsonl');

function hold(path: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, [holder, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /locked (\d+)/.exec(out);
      if (m) resolve({ child, pid: Number(m[1]) });
      else if (out.includes('refused')) reject(new Error(out));
    });
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${out}`)));
  });
}

const killed = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', () => r())));

s('a second writer in the same process is refused; after close the journal opens again', async () => {
  const p = fresh();
  const a = await openJournal(p);
  assert.ok(a.ok);
  const b = await openJournal(p);
  assert.not.ok(b.ok);
  assert.match(!b.ok ? b.error : '', /is being written by this process/);
  await (a.ok && a.journal.close());
  assert.not.ok(existsSync(lockPath(p)), 'lock removed on close');
  const c = await openJournal(p);
  assert.ok(c.ok);
  await (c.ok && c.journal.close());
});

s('another process holds it: refused with one line naming that pid; SIGKILL it and the journal opens, its records intact', async () => {
  const p = fresh();
  const { child, pid } = await hold(p);
  try {
    const b = await openJournal(p);
    assert.not.ok(b.ok);
    const msg = !b.ok ? b.error : '';
    assert.ok(msg.includes(`pid ${pid} on ${hostname()}`), msg);
    assert.not.ok(msg.includes('\n'));
    // The CLI says it in one line and exits 2, leaving the journal alone.
    const cli = await execa(process.execPath, [bin, 'check', '--replay', 'wireguard--healthy', '--journal', p], { reject: false });
    assert.is(cli.exitCode, 2, cli.stderr);
    assert.is(cli.stderr.trim().split('\n').length, 1, cli.stderr);
    assert.match(cli.stderr, new RegExp(`^gatewalk: journal .* is being written by pid ${pid} `));
  } finally {
    child.kill('SIGKILL');
    await killed(child);
  }
  assert.ok(existsSync(lockPath(p)), 'kill -9 left its lock file behind');
  const c = await openJournal(p);
  assert.ok(c.ok, !c.ok ? c.error : '');
  if (!c.ok) return;
  assert.equal(c.journal.records.map((r) => r.type === 'note' && r.text), [`held by ${pid}`]);
  await c.journal.append({ type: 'note', text: 'next writer' });
  await c.journal.close();
  const r = readJournal(p);
  assert.equal(r.ok && r.records.map((x) => x.seq), [0, 1]);
});

s('stale locks are taken over: a dead pid, a recycled pid (other start time), an unreadable lock; another host\'s is not', () => {
  const p = fresh();
  const me = hostname();
  for (const stale of [{ pid: 2 ** 22 + 12345, start: '1', host: me }, { pid: process.pid, start: '1', host: me }, 'garbage']) {
    writeFileSync(lockPath(p), typeof stale === 'string' ? stale : JSON.stringify(stale));
    const l = acquireLock(p);
    assert.ok(l.ok, JSON.stringify(stale));
    assert.is((JSON.parse(readFileSync(lockPath(p), 'utf8')) as { pid: number }).pid, process.pid);
    if (l.ok) l.lock.release();
  }
  writeFileSync(lockPath(p), JSON.stringify({ pid: 1, start: '1', host: 'elsewhere' }));
  const l = acquireLock(p);
  assert.not.ok(l.ok);
  assert.match(!l.ok ? l.error : '', /pid 1 on elsewhere/);
});

s('three processes race for one journal at a barrier: exactly one wins each time', async () => {
  for (let i = 0; i < 3; i++) {
    const p = fresh();
    const go = `${p}.go`;
    const kids = [0, 1, 2].map(() => spawn(process.execPath, [holder, p, '1000', go], { stdio: ['ignore', 'pipe', 'inherit'] }));
    const outs = kids.map((k) => {
      let out = '';
      const waiting = new Promise<void>((res) => k.stdout!.on('data', (d: Buffer) => (out += d.toString()).includes('waiting') && res()));
      const exited = new Promise<string>((res) => k.on('exit', () => res(out)));
      return { waiting, exited };
    });
    // Open the barrier only once all three wait at it.
    await Promise.all(outs.map((o) => o.waiting));
    writeFileSync(go, '');
    const out = await Promise.all(outs.map((o) => o.exited));
    assert.is(out.filter((o) => o.includes('locked')).length, 1, out.join(' | '));
    assert.is(out.filter((o) => o.includes('refused')).length, 2, out.join(' | '));
  }
});

s.run();
