// Why: `--journal FILE` for check: one JSON line per event (UTC time, host), appended and synced; the full journal (locking, torn-record recovery, resume) is a later issue.

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export interface JournalLite {
  event(type: string, fields: Record<string, unknown>): void;
  close(): void;
}

const EXCERPT = 4096;

export function openJournalLite(path: string): JournalLite {
  const fd = openSync(path, 'a', 0o600);
  let seq = 0;
  const here = hostname();
  return {
    event(type, fields) {
      const rec = { seq: seq++, ts: new Date().toISOString(), host: here, type, ...fields };
      writeSync(fd, JSON.stringify(rec) + '\n');
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

/** A bounded excerpt of an output plus the digest of the whole. */
export function excerpt(text: string): { excerpt: string; bytes: number; sha256: string; truncated: boolean } {
  return { excerpt: text.slice(0, EXCERPT), bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), truncated: text.length > EXCERPT };
}
