// Why: opening a journal takes its lock, cuts only a torn last line left by a crash, refuses a damaged or re-chained file untouched, and appends after it; a new journal appears on disk only with its first record in it.

import { closeSync, constants, fsyncSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';
import { open as openFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { decodeJournal, GENESIS, type DecodedJournal } from './codec.js';
import type { JournalEvent, JournalRecord } from './events.js';
import { acquireLock } from './lock.js';
import { redactEvent } from './redact.js';
import { createWriter, writeAll, type Sink } from './writer.js';

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

/** A journal larger than this is not one gatewalk wrote (a device, a runaway file): refused before it is read. */
export const MAX_JOURNAL_BYTES = 2 * 1024 ** 3;

/** What a path is, in words, when it is not a regular file. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Writes the first lines to a temporary file, fsyncs it and renames it into place: a journal on disk always holds a whole record. */
async function createWith(path: string, dir: string, bytes: Buffer): Promise<FileHandle> {
  const tmp = `${path}.new-${process.pid}`;
  const fh = await openFile(tmp, 'wx', 0o600);
  try {
    await writeAll(fh, bytes);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  syncDir(dir);
  return openFile(path, 'a', 0o600);
}

function refuse(path: string, d: DecodedJournal): string | null {
  if (d.damaged.length) {
    const f = d.damaged[0]!;
    return `${path} has ${d.damaged.length} damaged line(s) (first: line ${f.line}, ${f.reason}); it is left as it is and nothing is appended to it: \`gatewalk report ${path}\` reads the records that survive; run the session with a new --journal FILE`;
  }
  if (d.chainBreaks.length) {
    const b = d.chainBreaks[0]!;
    return `${path} fails its hash chain at line ${b.line} (record ${b.seq}): it ${b.reason}; it is left as it is and nothing is appended to it: \`gatewalk report ${path}\` shows what it holds; run the session with a new --journal FILE`;
  }
  return null;
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
  let st: Stats | null = null;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, error: `cannot write the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (st && !st.isFile()) return { ok: false, error: `cannot use ${path} as a journal: it is ${fileKind(st)}; give a regular file (or a new path) with --journal` };
  if (st && st.size > MAX_JOURNAL_BYTES) return { ok: false, error: `cannot use ${path} as a journal: ${st.size} bytes is more than a journal gatewalk writes (${MAX_JOURNAL_BYTES})` };
  const lock = acquireLock(path);
  if (!lock.ok) return lock;
  let fh: FileHandle | null = null;
  try {
    let d: DecodedJournal | null = null;
    if (st && st.size > 0) {
      // O_NONBLOCK: should a FIFO replace the file after the stat, opening it does not hang (fstat below refuses it).
      fh = await openFile(path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK);
      const now = await fh.stat();
      if (!now.isFile()) throw new Error(`it is ${fileKind(now)}`);
      const buf = await fh.readFile();
      d = decodeJournal(buf);
      // Never cut a file that is not a journal (a mistyped path): only a journal's own torn first record.
      if (d.records.length === 0 && !(d.truncated && d.damaged.length === 0)) throw new Error('not a gatewalk journal (no valid record); refusing to append to it');
      const why = refuse(path, d);
      if (why) {
        await fh.close();
        lock.lock.release();
        return { ok: false, error: why };
      }
      if (d.truncated) {
        await fh.truncate(d.goodBytes);
        await fh.sync();
      }
      if (d.goodBytes > 0 && buf[d.goodBytes - 1] !== 0x0a) {
        await fh.write('\n');
        await fh.sync();
      }
      if (d.goodBytes === 0) {
        // Nothing whole was left: start the file anew, with its first record, like a new journal.
        await fh.close();
        fh = null;
      }
    }
    const records: JournalRecord[] = d ? [...d.records] : [];
    const listeners = new Set<(r: JournalRecord) => void>();
    const last = records[records.length - 1];
    const secrets = o.secrets ?? [];
    const sink: Sink = fh ? { kind: 'open', fh } : { kind: 'create', create: (bytes) => createWith(path, dir, bytes) };
    const writer = createWriter(sink, {
      path,
      nextSeq: last ? last.seq + 1 : 0,
      prev: d && records.length ? d.nextPrev : GENESIS,
      host: o.host ?? hostname(),
      ...(o.now ? { now: o.now } : {}),
      transform: (ev) => redactEvent(ev, secrets),
      onDurable: (r) => {
        records.push(r);
        for (const fn of listeners) fn(r);
      },
    });
    const recovered = { damaged: d?.damaged ?? [], ...(d?.truncated ? { truncated: d.truncated } : {}) };
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
    await fh?.close().catch(() => {});
    lock.lock.release();
    return { ok: false, error: `cannot open the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
