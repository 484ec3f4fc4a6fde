// Why: evidence from two gateways is only comparable in time when each remote clock's offset to the jump host is known.

import type { Role } from '../probes/catalog.js';
import type { Runner } from '../targets/runner.js';
import type { Target } from '../targets/target.js';
import type { JournalEvent } from './events.js';
import { excerpt } from './excerpt.js';
import type { JournalSink } from './journaling-runner.js';

export const CLOCK_ARGV = ['date', '+%s.%N'];
const READY = '@@gatewalk-clock@@';
const SAMPLES = 3;
/** One session: say ready, then answer each line we send with the time. */
export const CLOCK_STREAM_ARGV = ['sh', '-c', `echo ${READY}; for i in ${Array.from({ length: SAMPLES }, (_, i) => i + 1).join(' ')}; do read x; date +%s.%N; done`];

/** Offset of the remote clock (remote minus local) from one round trip: the remote reading is taken as the midpoint. Pure. */
export function clockOffset(localStartMs: number, localEndMs: number, remoteText: string): { offsetMs: number; rttMs: number } | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(remoteText);
  if (!m) return null;
  const remoteMs = Number(m[1]) * 1000 + Number(`0.${m[2] ?? '0'}`) * 1000;
  const rttMs = localEndMs - localStartMs;
  return { offsetMs: Math.round((remoteMs - (localStartMs + rttMs / 2)) * 1000) / 1000, rttMs: Math.round(rttMs * 1000) / 1000 };
}

/** Of several round trips, the one with the smallest round trip bounds the error best (as NTP does). Pure. */
export function bestSample(samples: ReadonlyArray<{ offsetMs: number; rttMs: number }>): { offsetMs: number; rttMs: number } | null {
  return samples.reduce<{ offsetMs: number; rttMs: number } | null>((best, x) => (!best || x.rttMs < best.rttMs ? x : best), null);
}

/** Wall clock with sub-millisecond precision from the monotonic clock. */
function clock(): () => number {
  const base = Date.now() - performance.now();
  return () => base + performance.now();
}

/**
 * Round trips inside one established session: starting a command (ssh, sudo, a shell) takes far
 * longer than its answer comes back, so timing a whole `date` run would put the remote reading
 * late by half that start-up. Null when the session gave no reading.
 */
async function streamSamples(runner: Runner, target: Target, now: () => number): Promise<{ samples: Array<{ offsetMs: number; rttMs: number }>; output: string; exitCode: number | null; stopped: boolean }> {
  const s = runner.stream(target, CLOCK_STREAM_ARGV, { timeoutMs: 5000 });
  const samples: Array<{ offsetMs: number; rttMs: number }> = [];
  let output = '';
  let buf = '';
  let sentAt = 0;
  let ready = false;
  const send = () => {
    sentAt = now();
    s.write('\n');
  };
  const finished = new Promise<void>((resolve) => {
    s.onData((d) => {
      const at = now();
      output += d;
      buf += d.replace(/\r/g, '');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!ready && line.includes(READY)) {
          ready = true;
          send();
        } else if (ready) {
          const o = /^\d+\.\d+$/.test(line) ? clockOffset(sentAt, at, line) : null;
          if (!o) continue;
          samples.push(o);
          if (samples.length < SAMPLES) send();
          else resolve();
        }
      }
    });
    void s.done.then(() => resolve());
  });
  // A backstop beside the runner's own bound on the stream.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([finished, new Promise<void>((r) => (timer = setTimeout(r, 6000)))]);
  clearTimeout(timer);
  s.kill();
  const x = await s.done;
  return { samples, output, exitCode: x.exitCode, stopped: x.reason === 'killed' };
}

/**
 * Measure a host's clock offset with the plain runner (journal writes stay outside the round
 * trips) and journal the intent and outcome around it: three round trips in one session, the one
 * with the smallest round trip wins; if the session gives nothing, one `date +%s.%N` timed whole.
 * Returns the `clock` event (null when no reading came back); the caller appends it.
 */
export async function measureClock(runner: Runner, sink: JournalSink, id: string, target: Target, role: Role): Promise<Extract<JournalEvent, { type: 'clock' }> | null> {
  const now = clock();
  await sink.append({ type: 'intent', id, role, host: target.label, argv: CLOCK_STREAM_ARGV, purpose: 'clock offset against the jump host' });
  const t0 = now();
  let got: { samples: Array<{ offsetMs: number; rttMs: number }>; output: string; exitCode: number | null; stopped?: boolean };
  try {
    got = await streamSamples(runner, target, now);
  } catch (e) {
    got = { samples: [], output: (e as Error).message, exitCode: null };
  }
  // The session is ended by us once it answered (or the wait ran out): `stopped`, not a failure.
  await sink.append({ type: 'outcome', id, exitCode: got.exitCode, ...(got.stopped ? { stopped: true } : {}), durationMs: Math.round(now() - t0), stdout: excerpt(got.output), stderr: excerpt('') });
  let best = bestSample(got.samples);
  if (!best) {
    const id2 = `${id}-date`;
    await sink.append({ type: 'intent', id: id2, role, host: target.label, argv: CLOCK_ARGV, purpose: 'clock offset against the jump host (one whole round trip)' });
    const a = now();
    const r = await runner.run(target, { argv: CLOCK_ARGV, timeoutMs: 5000 });
    const b = now();
    await sink.append({ type: 'outcome', id: id2, exitCode: r.exitCode, ...(r.timedOut ? { timedOut: true } : {}), durationMs: Math.round(r.durationMs), stdout: excerpt(r.stdout), stderr: excerpt(r.stderr) });
    best = r.ok ? clockOffset(a, b, r.stdout) : null;
  }
  return best ? { type: 'clock', role, host: target.label, ...best } : null;
}
