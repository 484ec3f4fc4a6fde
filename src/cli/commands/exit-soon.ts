// Why: after the screen closed, work still in flight (a live collection the session has not aborted) must not keep the program alive.

/**
 * The process ends `graceMs` after this call at the latest, with `code`; the timer is unref'd, so a
 * program with nothing left to do ends on its own first. When the process ends, the pseudo-terminals
 * of any stream still open close, and their ssh sessions (and the remote commands) get SIGHUP.
 */
export function exitSoon(code: number, graceMs = 1500): void {
  setTimeout(() => process.exit(code), graceMs).unref();
}
