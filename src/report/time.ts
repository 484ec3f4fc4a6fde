// Why: the report's times: UTC clock times and human durations from the journal's ISO stamps, never from the local clock.

const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

/** "HH:MM:SS" of a journal stamp; a stamp that is not UTC ISO is shown as it is (the caller escapes it). */
export function clock(ts: string): string {
  const m = ISO.exec(ts);
  return m ? m[2]! : ts;
}

export function day(ts: string): string | null {
  return ISO.exec(ts)?.[1] ?? null;
}

/** "YYYY-MM-DD HH:MM:SS" */
export function stamp(ts: string): string {
  const m = ISO.exec(ts);
  return m ? `${m[1]} ${m[2]}` : ts;
}

/** Milliseconds from a to b, or null when either is not a valid stamp. */
export function between(a: string, b: string): number | null {
  if (!ISO.test(a) || !ISO.test(b)) return null;
  const d = Date.parse(b) - Date.parse(a);
  return Number.isFinite(d) ? d : null;
}

/** "12 ms", "1.4 s", "2 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  if (ms < 0) return `-${duration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
