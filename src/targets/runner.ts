// Why: every external command goes through this one interface, so tests can swap in a fake that refuses surprises.

import type { Target } from './target.js';

export interface Command {
  argv: readonly string[];
  /** Kill the command after this long (default 15 s). */
  timeoutMs?: number;
  /** Bytes fed to stdin. */
  input?: string;
  /** Extra environment for the local process (the command that runs on this machine). */
  env?: Record<string, string>;
}

/** A command's outcome: failure is a value, not an exception. */
export interface CommandResult {
  target: string;
  argv: readonly string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  /** The program could not be started at all (not installed, permission). */
  spawnError: string | null;
  ok: boolean;
}

export interface StreamOptions {
  /** Hard bound: the stream is ended after this long, here and on the target (coreutils timeout). */
  timeoutMs: number;
  /** Optional bound on lines received; the stream is ended once reached. */
  maxLines?: number;
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
}

export interface StreamExit {
  exitCode: number | null;
  signal: number | null;
  /** Why it ended: the process ended, the timeout hit, the line bound hit, or kill() was called. */
  reason: 'exit' | 'timeout' | 'max-lines' | 'killed';
  lines: number;
}

/** A long-running command in a pseudo-terminal (tcpdump, conntrack -E). */
export interface StreamSession {
  readonly target: string;
  readonly argv: readonly string[];
  readonly pid: number;
  onData(listener: (chunk: string) => void): void;
  /** Keystrokes for the session (a sudo prompt); never journaled. */
  write(data: string): void;
  kill(): void;
  /** Resolves once the process ended and its output was drained. */
  readonly done: Promise<StreamExit>;
}

export interface DaemonOptions {
  /** stdout and stderr go here (appended). */
  logFile: string;
  env?: Record<string, string>;
  /** Called with the pid as soon as it is known, before anything else happens. */
  onPid?: (pid: number) => void;
}

export interface Runner {
  run(target: Target, cmd: Command): Promise<CommandResult>;
  stream(target: Target, argv: readonly string[], opts: StreamOptions): StreamSession;
  /** Start a long-lived process in its own session, detached from this one; returns its pid. */
  spawnDaemon(target: Target, argv: readonly string[], opts: DaemonOptions): number;
  /** Run a program on this terminal (stdin, stdout, stderr inherited: a full-screen child); resolves with its exit status. */
  foreground(target: Target, argv: readonly string[]): Promise<number>;
}

/** Wrap a stream command so that the target itself ends it when the bound is reached. */
export function boundOnTarget(argv: readonly string[], timeoutMs: number): string[] {
  const secs = Math.max(1, Math.ceil(timeoutMs / 1000));
  return ['timeout', '--foreground', '-k', '2', '-s', 'INT', String(secs), ...argv];
}

/** One-line description of a failed result for error messages. */
export function describeFailure(r: CommandResult): string {
  const what = r.argv.join(' ');
  if (r.spawnError) return `${what}: ${r.spawnError}`;
  if (r.timedOut) return `${what}: timed out after ${Math.round(r.durationMs)} ms`;
  const err = (r.stderr.trim().split('\n').pop() ?? '').trim();
  return `${what}: exit ${r.exitCode ?? r.signal}${err ? `: ${err}` : ''}`;
}
