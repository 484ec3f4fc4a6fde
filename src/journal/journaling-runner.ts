// Why: every command a session runs is journaled: its intent before it starts, its outcome (exit, duration, redacted excerpt + digest) after.

import type { Role } from '../probes/catalog.js';
import type { Command, CommandResult, DaemonOptions, Runner, StreamExit, StreamOptions, StreamSession } from '../targets/runner.js';
import type { Target } from '../targets/target.js';
import type { JournalEvent } from './events.js';
import { batchItemOutcomes, batchItems } from './batch-record.js';
import { excerpt } from './excerpt.js';
import { redactCommandOutput } from './redact.js';

export interface JournalSink {
  append(ev: JournalEvent): Promise<unknown>;
}

export interface JournalingOptions {
  /** The role a target plays; commands on targets without a role run unjournaled (housekeeping such as closing ssh). */
  roleOf: (t: Target) => Role | undefined;
  /** Literal secrets to redact from outputs. */
  secrets?: readonly string[];
  /** Why a command runs, for the intent record. */
  purposeOf?: (argv: readonly string[]) => string | undefined;
  /** Called with each outcome id, in order (a fix collects the ids of its commands). */
  onOutcome?: (id: string) => void;
  /** Prefix of the ids this runner gives its commands (unique within the journal: a new prefix per run). */
  idPrefix?: string;
}

/**
 * Wraps a runner. `run` waits until the intent is on disk before the command starts; outputs are
 * redacted before they are excerpted and digested. Keystrokes written to a stream are never journaled.
 */
export function journalingRunner(inner: Runner, sink: JournalSink, o: JournalingOptions): Runner & { ids(): number } {
  let n = 0;
  const nextId = () => `${o.idPrefix ?? 'c'}${++n}`;
  const secrets = o.secrets ?? [];
  const intent = (id: string, role: Role, t: Target, argv: readonly string[]): JournalEvent => {
    const purpose = o.purposeOf?.(argv);
    const items = batchItems(argv);
    return { type: 'intent', id, role, host: t.label, argv: [...argv], ...(purpose ? { purpose } : {}), ...(items ? { items } : {}) };
  };
  const outcome = async (id: string, ev: JournalEvent) => {
    await sink.append(ev);
    o.onOutcome?.(id);
  };

  async function run(t: Target, cmd: Command): Promise<CommandResult> {
    const role = o.roleOf(t);
    if (!role) return inner.run(t, cmd);
    const id = nextId();
    await sink.append(intent(id, role, t, cmd.argv));
    const r = await inner.run(t, cmd);
    const clean = (s: string) => redactCommandOutput(cmd.argv, s, secrets);
    // A batch's commands, each from the whole output (the excerpt below may cut later ones).
    const items = batchItemOutcomes(cmd.argv, r.stdout, secrets);
    await outcome(id, {
      type: 'outcome',
      id,
      exitCode: r.exitCode,
      ...(r.timedOut ? { timedOut: true } : {}),
      durationMs: Math.round(r.durationMs),
      stdout: excerpt(clean(r.stdout)),
      stderr: excerpt(clean(r.spawnError ? `${r.stderr}${r.spawnError}` : r.stderr)),
      ...(items ? { items } : {}),
    });
    return r;
  }

  function stream(t: Target, argv: readonly string[], so: StreamOptions): StreamSession {
    const role = o.roleOf(t);
    if (!role) return inner.stream(t, argv, so);
    const id = nextId();
    // A stream starts at once (its caller attaches listeners synchronously); the intent is queued first.
    const wrote = sink.append(intent(id, role, t, argv));
    const s = inner.stream(t, argv, so);
    const t0 = performance.now();
    let out = '';
    s.onData((d) => {
      if (out.length < 1024 * 1024) out += d; // bounded: the excerpt and digest cover the first MiB
    });
    const done: Promise<StreamExit> = s.done.then(async (x) => {
      await wrote;
      await outcome(id, {
        type: 'outcome',
        id,
        exitCode: x.exitCode,
        ...(x.reason === 'timeout' ? { timedOut: true } : {}),
        // Ended by gatewalk (kill() or the line bound): its exit status says so, not a failure.
        ...(x.reason === 'killed' || x.reason === 'max-lines' ? { stopped: true } : {}),
        durationMs: Math.round(performance.now() - t0),
        stdout: excerpt(redactCommandOutput(argv, out, secrets)),
        stderr: excerpt(''),
      });
      return x;
    });
    return { target: s.target, argv: s.argv, pid: s.pid, onData: (l) => s.onData(l), write: (d) => s.write(d), kill: () => s.kill(), done };
  }

  function spawnDaemon(t: Target, argv: readonly string[], d: DaemonOptions): number {
    return inner.spawnDaemon(t, argv, d);
  }

  // The wizard's own child (train --lab) is journaled by that child, not here.
  const foreground = (t: Target, argv: readonly string[]) => inner.foreground(t, argv);
  return { run, stream, spawnDaemon, foreground, ids: () => n };
}
