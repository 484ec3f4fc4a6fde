// Why: the live session path without a network: a runner that answers from a recording drives collectLive through the journaling runner (targets, clocks, intents/outcomes, fix with before/after).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecording, type Recording } from '../../src/engine/recording.js';
import { CLOCK_ARGV, CLOCK_STREAM_ARGV } from '../../src/journal/clock.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { readJournal } from '../../src/journal/reader.js';
import { liveSession, SCENARIOS_DIR } from '../../src/session/open.js';
import type { CommandResult, Runner, StreamExit, StreamSession } from '../../src/targets/runner.js';

const s = suite('live session (recorded runner)');

/** The clock session: ready, then the (skewed) time for each line written, like `sh -c 'read x; date'` on a pty. */
function clockSession(label: string, skewMs: number): StreamSession {
  const listeners: Array<(d: string) => void> = [];
  let end: (x: StreamExit) => void = () => {};
  const done = new Promise<StreamExit>((r) => (end = r));
  setTimeout(() => listeners.forEach((l) => l('@@gatewalk-clock@@\r\n')), 5);
  return {
    target: label,
    argv: CLOCK_STREAM_ARGV,
    pid: 2,
    onData: (l) => void listeners.push(l),
    write: () => void setTimeout(() => listeners.forEach((l) => l(`\r\n${((Date.now() + skewMs) / 1000).toFixed(9)}\r\n`)), 1),
    kill: () => end({ exitCode: 0, signal: null, reason: 'killed', lines: 0 }),
    done,
  };
}

/** Answers each command with what the recording saw for the same role and argv; remote clocks run `skewMs` ahead. */
function recordedRunner(rec: Recording, skewMs: Record<string, number>): Runner & { ran: Array<{ target: string; argv: readonly string[] }> } {
  const ran: Array<{ target: string; argv: readonly string[] }> = [];
  const roleOf = (label: string) => label.replace(/^ssh:/, '');
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((w, i) => w === b[i]);
  return {
    ran,
    async run(t, cmd): Promise<CommandResult> {
      ran.push({ target: t.label, argv: cmd.argv });
      const base = { target: t.label, argv: cmd.argv, signal: null, durationMs: 3, timedOut: false, spawnError: null };
      const role = roleOf(t.label);
      if (same(cmd.argv, CLOCK_ARGV)) return { ...base, exitCode: 0, ok: true, stdout: `${((Date.now() + (skewMs[role] ?? 0)) / 1000).toFixed(9)}\n`, stderr: '' };
      const hit = [...Object.values(rec.probes), ...Object.values(rec.traffic)].find((c) => c.role === role && same(c.argv, cmd.argv));
      if (hit) return { ...base, exitCode: hit.exitCode, ok: hit.exitCode === 0, stdout: hit.stdout, stderr: hit.stderr };
      return { ...base, exitCode: 0, ok: true, stdout: '', stderr: '' };
    },
    stream(t, argv): StreamSession {
      ran.push({ target: t.label, argv });
      if (same(argv, CLOCK_STREAM_ARGV)) return clockSession(t.label, skewMs[roleOf(t.label)] ?? 0);
      const rs = Object.values(rec.streams).find((x) => x.role === roleOf(t.label) && same(x.argv, argv));
      const listeners: Array<(d: string) => void> = [];
      let end: (x: StreamExit) => void = () => {};
      const done = new Promise<StreamExit>((r) => (end = r));
      setTimeout(() => {
        for (const c of rs?.chunks ?? []) for (const l of listeners) l(c.data);
      }, 20);
      return { target: t.label, argv, pid: 1, onData: (l) => void listeners.push(l), write: () => {}, kill: () => end({ exitCode: 0, signal: null, reason: 'killed', lines: 0 }), done };
    },
    spawnDaemon: () => 0,
    foreground: async () => 0,
  };
}

s('live run over a recorded wireguard missing-route: targets, clock offsets, every intent closed, the failure, then a fix with before/after', async () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'wireguard--missing-route'));
  const dir = mkdtempSync(join(tmpdir(), 'gw-live-'));
  const inc = join(dir, 'incident.yaml');
  writeFileSync(inc, rec.incidentText.replace(/^ssh_config: .*\n/m, ''));
  const runner = recordedRunner(rec, { gwA: 0, gwB: 2500, hostA: -1200, hostB: 0 });
  const p = join(dir, 'j.jsonl');
  const sess = await liveSession({ incidentFile: inc, runner, journalPath: p, streamMs: 1500 });
  await sess.run();
  assert.is(sess.state().failure?.cause, 'no-route');
  await sess.decide(1, 'accept');
  await sess.applyFix(2);
  await sess.close('done');
  const r = readJournal(p);
  assert.ok(r.ok);
  const recs: JournalRecord[] = r.ok ? r.records : [];
  const start = recs[0]!;
  assert.ok(start.type === 'start' && start.mode === 'live' && start.incidentFile === inc);
  // Two runs (the diagnosis, and the one after the fix): each says which hosts it reached.
  const targets = recs.filter((x) => x.type === 'target');
  const want = [['gwA', true], ['gwB', true], ['hostA', true], ['hostB', true]];
  assert.equal(targets.map((x) => x.type === 'target' && [x.role, x.reached]).sort(), [...want, ...want].sort());
  const clocks = Object.fromEntries(recs.filter((x) => x.type === 'clock').map((x) => [x.type === 'clock' && x.role, x.type === 'clock' && x.offsetMs]));
  assert.ok(Math.abs((clocks.gwB as number) - 2500) < 100, JSON.stringify(clocks));
  assert.ok(Math.abs((clocks.hostA as number) + 1200) < 100, JSON.stringify(clocks));
  const intents = recs.filter((x) => x.type === 'intent').map((x) => x.type === 'intent' && x.id);
  const outcomes = new Set(recs.filter((x) => x.type === 'outcome').map((x) => x.type === 'outcome' && x.id));
  assert.ok(intents.length > 30);
  assert.equal(intents.filter((id) => !outcomes.has(id)), [], 'every intent has its outcome');
  assert.is(new Set(intents).size, intents.length, 'ids unique');
  // Every command the runner ran on a host was journaled first (the ssh closers run locally).
  assert.is(runner.ran.filter((x) => x.target.startsWith('ssh:')).length, intents.length);
  assert.ok(runner.ran.filter((x) => x.argv === CLOCK_STREAM_ARGV || (x.argv[0] === 'sh' && x.argv[2]?.includes('@@gatewalk-clock@@'))).length >= 4, 'clocks measured in a session');
  // The fix: its commands on gwA, their outcomes named, a second run for the evidence after.
  const fixed = recs.find((x) => x.type === 'fix-applied');
  assert.ok(fixed && fixed.type === 'fix-applied');
  if (!fixed || fixed.type !== 'fix-applied') return;
  assert.is(fixed.host, 'ssh:gwA');
  assert.ok(fixed.commands.length > 0);
  assert.is(fixed.outcomeIds.length, fixed.commands.length);
  for (const id of fixed.outcomeIds) assert.ok(outcomes.has(id));
  for (const c of fixed.commands) assert.ok(runner.ran.some((x) => x.target === 'ssh:gwA' && x.argv[0] === 'sh' && x.argv[2] === c), c);
  assert.ok(fixed.before.length > 0);
  assert.is(fixed.afterStatus, 'FAIL', 'the recording does not change, so the gate still fails after');
  assert.ok(recs.some((x) => x.type === 'rerun' && x.run === 2));
  assert.ok(recs.some((x) => x.type === 'gate' && x.run === 2 && x.gate === 2));
});

s.run();
