// Why: tests script every command they expect; anything else fails loudly instead of reaching a real host.

import type { Target } from './target.js';
import type {
  Command,
  CommandResult,
  DaemonOptions,
  Runner,
  StreamExit,
  StreamOptions,
  StreamSession,
} from './runner.js';

export type CallKind = 'run' | 'stream' | 'daemon' | 'foreground';

export interface Expectation {
  /** Which runner method; default 'run'. */
  kind?: CallKind;
  /** Target label ("local", "ssh:gwA"); absent matches any target. */
  target?: string;
  /** The argv for the target (before the target wraps it), matched exactly. */
  argv: readonly string[];
  /** run(): the scripted outcome; exitCode defaults to 0, `ok` follows from it. foreground(): its exitCode is the status. */
  result?: Partial<Omit<CommandResult, 'target' | 'argv'>>;
  /** stream(): output delivered in order, after the caller had a chance to attach onData. */
  chunks?: readonly string[];
  /** stream(): how it ends; default exit 0, reason 'exit' (or 'max-lines' / 'killed' as they happen). */
  exit?: Partial<StreamExit>;
  /** spawnDaemon() and stream(): the pid to hand back; a made-up one by default. */
  pid?: number;
}

export interface FakeCall {
  kind: CallKind;
  target: string;
  argv: readonly string[];
  input?: string;
}

export interface FakeRunner extends Runner {
  /** Every call, expected or not, in order. */
  readonly calls: FakeCall[];
  /** Bytes written to stream sessions, per call index in `calls`. */
  readonly writes: Map<number, string[]>;
  /** Throws when an expectation was never used or an unexpected call was made (even if the caller caught it). */
  assertAllUsed(): void;
}

const show = (kind: CallKind, target: string | undefined, argv: readonly string[]) =>
  `${kind} on ${target ?? '(any target)'}: ${JSON.stringify(argv)}`;

const sameArgv = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

/** `ordered`: calls must come in the listed order; otherwise any unused matching expectation is taken. */
export function fakeRunner(expectations: readonly Expectation[], opts: { ordered?: boolean } = {}): FakeRunner {
  const used = expectations.map(() => false);
  const calls: FakeCall[] = [];
  const writes = new Map<number, string[]>();
  const surprises: string[] = [];

  function take(kind: CallKind, target: Target, argv: readonly string[], input?: string): Expectation {
    calls.push(input === undefined ? { kind, target: target.label, argv } : { kind, target: target.label, argv, input });
    const fits = (e: Expectation) =>
      (e.kind ?? 'run') === kind && (e.target === undefined || e.target === target.label) && sameArgv(e.argv, argv);
    const i = opts.ordered ? used.indexOf(false) : expectations.findIndex((e, j) => !used[j] && fits(e));
    const e = i < 0 ? undefined : expectations[i];
    if (e && fits(e)) {
      used[i] = true;
      return e;
    }
    const pending = expectations.filter((_, j) => !used[j]).map((x) => `  ${show(x.kind ?? 'run', x.target, x.argv)}`);
    const msg =
      `fakeRunner: unexpected ${show(kind, target.label, argv)}\n` +
      (pending.length ? `${opts.ordered ? 'expected next' : 'expected one of'}:\n${pending.join('\n')}` : 'no calls were left to expect');
    surprises.push(msg);
    throw new Error(msg);
  }

  async function run(target: Target, cmd: Command): Promise<CommandResult> {
    const e = take('run', target, cmd.argv, cmd.input);
    const r = e.result ?? {};
    const exitCode = r.exitCode === undefined ? 0 : r.exitCode;
    return {
      target: target.label,
      argv: cmd.argv,
      exitCode,
      signal: r.signal ?? null,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      durationMs: r.durationMs ?? 0,
      timedOut: r.timedOut ?? false,
      spawnError: r.spawnError ?? null,
      ok: r.ok ?? (exitCode === 0 && !r.timedOut && !r.spawnError),
    };
  }

  function stream(target: Target, argv: readonly string[], so: StreamOptions): StreamSession {
    const e = take('stream', target, argv);
    const index = calls.length - 1;
    const listeners: Array<(chunk: string) => void> = [];
    let reason: StreamExit['reason'] | null = null;
    let lines = 0;
    let resolveDone: (x: StreamExit) => void = () => {};
    const done = new Promise<StreamExit>((r) => (resolveDone = r));
    const finish = () =>
      resolveDone({ exitCode: 0, signal: null, lines, ...e.exit, reason: reason ?? e.exit?.reason ?? 'exit' });

    // One chunk per macrotask, so a kill() or the line bound can cut the script short as with a real stream.
    const chunks = [...(e.chunks ?? [])];
    const step = () => {
      const chunk = chunks.shift();
      if (reason !== null || chunk === undefined) return finish();
      lines += chunk.split('\n').length - 1;
      for (const l of listeners) l(chunk);
      if (so.maxLines !== undefined && lines >= so.maxLines) reason = 'max-lines';
      setImmediate(step);
    };
    setImmediate(step);

    return {
      target: target.label,
      argv,
      pid: e.pid ?? 50000 + index,
      onData: (l) => void listeners.push(l),
      write: (d) => {
        const w = writes.get(index) ?? [];
        w.push(d);
        writes.set(index, w);
      },
      kill: () => void (reason ??= 'killed'),
      done,
    };
  }

  function spawnDaemon(target: Target, argv: readonly string[], o: DaemonOptions): number {
    const e = take('daemon', target, argv);
    const pid = e.pid ?? 40000 + expectations.indexOf(e);
    o.onPid?.(pid);
    return pid;
  }

  async function foreground(target: Target, argv: readonly string[]): Promise<number> {
    return take('foreground', target, argv).result?.exitCode ?? 0;
  }

  function assertAllUsed(): void {
    const unused = expectations.filter((_, j) => !used[j]).map((x) => `  ${show(x.kind ?? 'run', x.target, x.argv)}`);
    const problems: string[] = [];
    if (unused.length) problems.push(`fakeRunner: ${unused.length} expected call(s) never made:\n${unused.join('\n')}`);
    if (surprises.length) problems.push(`fakeRunner: ${surprises.length} unexpected call(s):\n${surprises.join('\n')}`);
    if (problems.length) throw new Error(problems.join('\n'));
  }

  return { run, stream, spawnDaemon, foreground, calls, writes, assertAllUsed };
}
