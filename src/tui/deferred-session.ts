// Why: the first frame must not wait for the engine's modules and the journal; until the real session is ready, the state says so.

import type { Gate } from '../checks/types.js';
import type { Session, SessionState } from '../session/types.js';

export interface DeferredSession extends Session {
  /** Settles when the real session is there (rejects with why it could not start). */
  readonly ready: Promise<Session>;
}

/** `initial` is shown (busy, nothing decidable) until `ready` resolves; every action waits for it. */
export function deferredSession(initial: SessionState, ready: Promise<Session>): DeferredSession {
  let real: Session | null = null;
  const listeners = new Map<(s: SessionState) => void, (() => void) | null>();
  const settled = ready.then((s) => {
    real = s;
    for (const fn of listeners.keys()) listeners.set(fn, s.subscribe(fn));
    const now = s.state();
    for (const fn of listeners.keys()) fn(now);
    return s;
  });
  // The rejection is the caller's to report (through `ready`); actions below see it too.
  settled.catch(() => {});
  const via = <T>(f: (s: Session) => Promise<T>): Promise<T> => (real ? f(real) : settled.then(f));
  return {
    ready: settled,
    state: () => (real ? real.state() : initial),
    subscribe(fn) {
      listeners.set(fn, real ? real.subscribe(fn) : null);
      return () => {
        listeners.get(fn)?.();
        listeners.delete(fn);
      };
    },
    run: () => via((s) => s.run()),
    decide: (gate: Gate, action, reason) => via((s) => s.decide(gate, action, reason)),
    rerun: (gate) => via((s) => s.rerun(gate)),
    applyFix: (gate) => via((s) => s.applyFix(gate)),
    note: (text) => via((s) => s.note(text)),
    exportReport: (file) => via((s) => s.exportReport(file)),
    close: (reason) => (real ? real.close(reason) : settled.then((s) => s.close(reason), () => undefined)),
  };
}
