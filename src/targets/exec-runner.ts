// Why: the real runner: execa for one-shot commands (argument arrays, never a shell), node-pty for streams.

import { spawn as spawnChild } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { openSync, closeSync, constants } from 'node:fs';
import { execa } from 'execa';
import * as pty from 'node-pty';
import type { Target } from './target.js';
import {
  boundOnTarget,
  type Command,
  type CommandResult,
  type DaemonOptions,
  type Runner,
  type StreamExit,
  type StreamOptions,
  type StreamSession,
} from './runner.js';

const DEFAULT_TIMEOUT_MS = 15_000;
/** Belt and braces after holdSlave(): after the exit, wait this long with no data before closing. */
const DRAIN_QUIET_MS = 40;
const DRAIN_MAX_MS = 500;
const KILL_AFTER_MS = 3000;
const TIMEOUT_EXIT = 124;

export function execRunner(): Runner {
  return { run, stream, spawnDaemon, foreground };
}

async function run(target: Target, cmd: Command): Promise<CommandResult> {
  const argv = target.wrap(cmd.argv, 'oneshot');
  const [file, ...args] = argv;
  const started = performance.now();
  if (!file) throw new TypeError('empty command');
  const r = await execa(file, args, {
    reject: false,
    timeout: cmd.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    input: cmd.input ?? '',
    env: cmd.env,
    stripFinalNewline: false,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const spawnError = r.exitCode === undefined && !r.timedOut && !r.isTerminated ? (r.originalMessage ?? r.shortMessage ?? "could not start") : null;
  return {
    target: target.label,
    argv: cmd.argv,
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    durationMs: performance.now() - started,
    timedOut: r.timedOut,
    spawnError,
    ok: r.exitCode === 0,
  };
}

function stream(target: Target, argv: readonly string[], opts: StreamOptions): StreamSession {
  const local = target.wrap(boundOnTarget(argv, opts.timeoutMs), 'stream');
  const [file, ...args] = local;
  if (!file) throw new TypeError('empty command');
  const proc = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: opts.cols ?? 200,
    rows: opts.rows ?? 50,
    env: { ...process.env, ...opts.env } as Record<string, string>,
  });
  const slave = holdSlave(proc);
  const listeners: Array<(chunk: string) => void> = [];
  let lines = 0;
  let reason: StreamExit['reason'] = 'exit';
  let lastData = performance.now();
  const started = lastData;
  let exited = false;
  /** SIGHUP ends the session; SIGKILL follows if the process ignores it, so `done` always settles. */
  const hangUp = () => {
    proc.kill('SIGHUP');
    setTimeout(() => {
      if (!exited) proc.kill('SIGKILL');
    }, KILL_AFTER_MS).unref();
  };

  proc.onData((data) => {
    lastData = performance.now();
    // Past the line bound nothing more is delivered: one chunk can carry thousands of lines.
    if (reason === 'max-lines') return;
    let chunk = data;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk.charCodeAt(i) !== 10) continue;
      lines++;
      if (opts.maxLines !== undefined && lines >= opts.maxLines) {
        chunk = chunk.slice(0, i + 1);
        break;
      }
    }
    for (const l of listeners) l(chunk);
    if (opts.maxLines !== undefined && lines >= opts.maxLines && reason === 'exit') {
      reason = 'max-lines';
      hangUp();
    }
  });
  // The target ends the command at the bound; this local timer is the backstop (+3 s).
  const timer = setTimeout(() => {
    if (reason === 'exit') reason = 'timeout';
    hangUp();
  }, opts.timeoutMs + 3000);

  const done = new Promise<StreamExit>((resolve) => {
    proc.onExit(({ exitCode, signal }) => {
      exited = true;
      clearTimeout(timer);
      const exitAt = performance.now();
      // 124 is coreutils `timeout` saying the bound on the target was reached.
      if (reason === 'exit' && exitCode === TIMEOUT_EXIT && exitAt - started >= opts.timeoutMs - 500) reason = 'timeout';
      const settle = () => {
        const now = performance.now();
        if (now - lastData >= DRAIN_QUIET_MS || now - exitAt >= DRAIN_MAX_MS) {
          if (slave !== null) closeSync(slave);
          // node-pty reports 0 for "no signal".
          resolve({ exitCode: exitCode ?? null, signal: signal ? signal : null, reason, lines });
        } else setTimeout(settle, DRAIN_QUIET_MS);
      };
      setTimeout(settle, DRAIN_QUIET_MS);
    });
  });

  return {
    target: target.label,
    argv,
    pid: proc.pid,
    onData: (l) => void listeners.push(l),
    write: (d) => proc.write(d),
    kill: () => {
      if (exited) return;
      if (reason === 'exit') reason = 'killed';
      hangUp();
    },
    done,
  };
}

/**
 * node-pty on Linux can drop the last output of a process that exits quickly (microsoft/node-pty#72, #726):
 * the slave side closes, the master read fails with EIO and bytes still in the kernel are lost. With the
 * slave held open here that EIO never comes; node-pty then ends the socket 200 ms after the exit, having
 * read everything. O_NOCTTY: this process must not adopt the terminal; libuv adds O_CLOEXEC.
 */
function holdSlave(proc: pty.IPty): number | null {
  const name = (proc as { ptsName?: unknown }).ptsName;
  if (typeof name !== 'string') return null;
  try {
    return openSync(name, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    return null;
  }
}

function spawnDaemon(target: Target, argv: readonly string[], opts: DaemonOptions): number {
  const [file, ...args] = target.wrap(argv, 'oneshot');
  if (!file) throw new TypeError('empty command');
  const fd = openSync(opts.logFile, 'a', 0o600);
  try {
    const child = spawnChild(file, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...opts.env },
    });
    // Before anything can throw: a failed spawn emits 'error' later, which would crash the process unheard.
    child.on('error', () => {});
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${file}`);
    opts.onPid?.(child.pid);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

function foreground(target: Target, argv: readonly string[]): Promise<number> {
  const [file, ...args] = target.wrap(argv, 'oneshot');
  if (!file) throw new TypeError('empty command');
  const child = spawnChild(file, args, { stdio: 'inherit' });
  return new Promise((res) => {
    // A program that cannot start counts as 127, as a shell reports it; a signal as 128+n.
    child.on('error', () => res(127));
    child.on('exit', (code, sig) => res(code ?? (sig ? 128 + (osConstants.signals[sig] ?? 0) : 1)));
  });
}
