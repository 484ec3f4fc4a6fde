// Why: one writer per journal; the lock names its holder (pid + start time), so a holder killed with -9 leaves no stale lock.

import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { procStartTime } from './proc-start.js';

export interface LockHolder {
  pid: number;
  /** Field 22 of /proc/PID/stat: a recycled pid has another value. */
  start: string | null;
  host: string;
}

export interface JournalLock {
  readonly path: string;
  release(): void;
}

export type LockResult = { ok: true; lock: JournalLock } | { ok: false; error: string; holder?: LockHolder };

export function lockPath(journal: string): string {
  return `${journal}.lock`;
}

/** True while the recorded holder is still running (same host, same pid, same start time). */
export function holderAlive(h: LockHolder, here = hostname()): boolean {
  if (h.host !== here) return true; // another machine's process cannot be checked: assume it lives
  const start = procStartTime(h.pid);
  return start !== null && (h.start === null || start === h.start);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null;
  }
}

/**
 * Take the journal's lock: the lock file is written completely under a temporary name, then
 * hard-linked into place (atomic, fails if a lock exists). A lock whose holder is gone is replaced.
 */
export function acquireLock(journal: string): LockResult {
  const path = lockPath(journal);
  const me: LockHolder = { pid: process.pid, start: procStartTime(process.pid), host: hostname() };
  const tmp = `${path}.${process.pid}.${Date.now()}`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return { ok: false, error: `cannot lock ${journal}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(tmp, path);
        return { ok: true, lock: { path, release: () => releaseIfMine(path, me) } };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, error: `cannot lock ${journal}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      }
      const holder = readHolder(path);
      if (holder && holderAlive(holder)) {
        const who = holder.pid === process.pid && holder.host === me.host ? 'this process' : `pid ${holder.pid} on ${holder.host}`;
        return { ok: false, error: `journal ${journal} is being written by ${who} (lock ${path})`, holder };
      }
      // Stale (holder gone, or unreadable: a lock is linked into place only once complete).
      // Move it aside; if what moved is not the lock judged stale (another process replaced it
      // meanwhile), put that one back and look again.
      const judged = readText(path);
      const aside = `${path}.stale.${process.pid}`;
      try {
        renameSync(path, aside);
        if (readText(aside) !== judged) {
          try {
            linkSync(aside, path);
          } catch {
            /* a third lock appeared: it decides */
          }
        }
        unlinkSync(aside);
      } catch {
        /* another process took it over first; look again */
      }
    }
    return { ok: false, error: `cannot lock ${journal}: the lock ${path} keeps changing hands` };
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

function releaseIfMine(path: string, me: LockHolder): void {
  const h = readHolder(path);
  if (h && h.pid === me.pid && h.host === me.host && h.start === me.start) {
    try {
      unlinkSync(path);
    } catch {
      /* gone */
    }
  }
}
