// Why: evidence from two gateways is only comparable in time when each remote clock's offset to the jump host is known.

import type { Role } from '../probes/catalog.js';
import type { Runner } from '../targets/runner.js';
import type { Target } from '../targets/target.js';
import type { JournalEvent } from './events.js';
import { excerpt } from './excerpt.js';
import type { JournalSink } from './journaling-runner.js';

export const CLOCK_ARGV = ['date', '+%s.%N'];

/** Offset of the remote clock (remote minus local) from one round trip: the remote reading is taken as the midpoint. Pure. */
export function clockOffset(localStartMs: number, localEndMs: number, remoteText: string): { offsetMs: number; rttMs: number } | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(remoteText);
  if (!m) return null;
  const remoteMs = Number(m[1]) * 1000 + Number(`0.${m[2] ?? '0'}`) * 1000;
  const rttMs = localEndMs - localStartMs;
  return { offsetMs: Math.round((remoteMs - (localStartMs + rttMs / 2)) * 1000) / 1000, rttMs: Math.round(rttMs * 1000) / 1000 };
}

/**
 * Run `date +%s.%N` on the target with the plain runner (so journal writes do not sit inside the
 * round trip), journal its intent and outcome around it, and return the `clock` event (null when
 * the host did not answer with a time). The caller appends the event.
 */
export async function measureClock(runner: Runner, sink: JournalSink, id: string, target: Target, role: Role): Promise<Extract<JournalEvent, { type: 'clock' }> | null> {
  await sink.append({ type: 'intent', id, role, host: target.label, argv: CLOCK_ARGV, purpose: 'clock offset against the jump host' });
  // Wall clock for both ends, with sub-millisecond precision from the monotonic clock.
  const base = Date.now() - performance.now();
  const t0 = base + performance.now();
  const r = await runner.run(target, { argv: CLOCK_ARGV, timeoutMs: 5000 });
  const t1 = base + performance.now();
  await sink.append({ type: 'outcome', id, exitCode: r.exitCode, ...(r.timedOut ? { timedOut: true } : {}), durationMs: Math.round(r.durationMs), stdout: excerpt(r.stdout), stderr: excerpt(r.stderr) });
  if (!r.ok) return null;
  const o = clockOffset(t0, t1, r.stdout);
  return o ? { type: 'clock', role, host: target.label, ...o } : null;
}
