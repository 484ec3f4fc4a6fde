// Why: a runner that answers each command from a recording, so a live session runs without a network (live-session and apply-fix tests).

import type { Recording } from '../../src/engine/recording.js';
import { CLOCK_ARGV, CLOCK_STREAM_ARGV } from '../../src/journal/clock.js';
import type { CommandResult, Runner, StreamExit, StreamSession } from '../../src/targets/runner.js';

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
export function recordedRunner(rec: Recording, skewMs: Record<string, number>): Runner & { ran: Array<{ target: string; argv: readonly string[] }> } {
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
