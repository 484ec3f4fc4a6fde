// Why: opening a journal takes its lock, cuts a torn or corrupt tail left by a crash (every earlier record stays), and appends after it.

import { closeSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { decodeJournal, type DecodedJournal } from './codec.js';
import type { JournalEvent, JournalRecord } from './events.js';
import { acquireLock } from './lock.js';
import { redactEvent } from './redact.js';
import { createWriter } from './writer.js';

export interface Journal {
  readonly path: string;
  /** Every durable record, recovered ones first, in order. */
  readonly records: readonly JournalRecord[];
  /** What recovery found on open: a torn tail that was cut off, damaged lines that were skipped. */
  readonly recovered: Pick<DecodedJournal, 'truncated' | 'damaged'>;
  /** Resolves with the record only after it reached the disk (fsync). Secrets are redacted first. */
  append(ev: JournalEvent): Promise<JournalRecord>;
  /** Called with each record once it is durable. Returns an unsubscribe. */
  onRecord(fn: (rec: JournalRecord) => void): () => void;
  /** Flushes, closes the file and releases the lock. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Literal secrets known to the caller (lab keys, a PSK): replaced wherever they appear. */
  secrets?: readonly string[];
  host?: string;
  now?: () => Date;
  /** Create missing parent directories (the default location); an explicit path's directory must exist. */
  createDir?: boolean;
}

export type OpenResult = { ok: true; journal: Journal } | { ok: false; error: string };

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Open (or create) a journal for appending. Failures are values with a one-line message. */
export async function openJournal(file: string, o: OpenOptions = {}): Promise<OpenResult> {
  const path = resolve(file);
  const dir = dirname(path);
  try {
    if (o.createDir) mkdirSync(dir, { recursive: true, mode: 0o700 });
    else if (!statSync(dir).isDirectory()) return { ok: false, error: `cannot write the journal ${path}: ${dir} is not a directory` };
  } catch (e) {
    if (!o.createDir) return { ok: false, error: `cannot write the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (${dir})` };
    return { ok: false, error: `cannot create the journal directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const lock = acquireLock(path);
  if (!lock.ok) return lock;
  let fh;
  try {
    fh = await openFile(path, 'a+', 0o600);
  } catch (e) {
    lock.lock.release();
    return { ok: false, error: `cannot write the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    const buf = await fh.readFile();
    const d = decodeJournal(buf);
    // Never cut a file that is not a journal (a mistyped path): only a journal's own torn first record.
    if (d.records.length === 0 && buf.length > 0 && !buf.subarray(0, 8).toString('latin1').startsWith('{"seq":')) {
      throw new Error('not a gatewalk journal (no valid record); refusing to append to it');
    }
    if (d.truncated) {
      await fh.truncate(d.goodBytes);
      await fh.sync();
    }
    if (d.goodBytes > 0 && buf[d.goodBytes - 1] !== 0x0a) {
      await fh.write('\n');
      await fh.sync();
    }
    if (buf.length === 0) syncDir(dir);
    const records: JournalRecord[] = [...d.records];
    const listeners = new Set<(r: JournalRecord) => void>();
    const last = records[records.length - 1];
    const secrets = o.secrets ?? [];
    const writer = createWriter(fh, {
      nextSeq: last ? last.seq + 1 : 0,
      host: o.host ?? hostname(),
      ...(o.now ? { now: o.now } : {}),
      transform: (ev) => redactEvent(ev, secrets),
      onDurable: (r) => {
        records.push(r);
        for (const fn of listeners) fn(r);
      },
    });
    const recovered = { damaged: d.damaged, ...(d.truncated ? { truncated: d.truncated } : {}) };
    let closed = false;
    const journal: Journal = {
      path,
      records,
      recovered,
      append: (ev) => writer.append(ev),
      onRecord: (fn) => {
        listeners.add(fn);
        return () => void listeners.delete(fn);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await writer.close();
        } finally {
          lock.lock.release();
        }
      },
    };
    return { ok: true, journal };
  } catch (e) {
    await fh.close().catch(() => {});
    lock.lock.release();
    return { ok: false, error: `cannot open the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
