// Why: a pid alone can be recycled; its start time (field 22 of /proc/PID/stat) tells whether it is still the same process.

import { readFileSync } from 'node:fs';

/** Null when the process does not exist (or /proc is unreadable). */
export function procStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: count the fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null;
  } catch {
    return null;
  }
}
