// Why: appends reach the disk before they count: each append resolves only after write + fsync; appends that queue up share one fsync; each record links to the line before it.

import type { FileHandle } from 'node:fs/promises';
import { GatewalkError, EXIT } from '../util/errors.js';
import { encodeRecord, lineHash } from './codec.js';
import type { JournalEvent, JournalRecord } from './events.js';

export interface Writer {
  /** Resolves with the record once its line is on disk (fsync returned); rejects if the disk refused it. */
  append(ev: JournalEvent): Promise<JournalRecord>;
  /** Waits for queued appends, then closes the file. */
  close(): Promise<void>;
}

/** Where the lines go: an open file, or one created with its first lines already in it (never an empty journal on disk). */
export type Sink = { kind: 'open'; fh: FileHandle } | { kind: 'create'; create: (firstLines: Buffer) => Promise<FileHandle> };

export interface WriterOptions {
  /** The journal's path, for the error line. */
  path: string;
  nextSeq: number;
  /** The chain link of the first record appended (the hash of the file's last line, or GENESIS). */
  prev: string;
  host: string;
  now?: () => Date;
  /** Applied to every event before it is encoded (redaction). */
  transform?: (ev: JournalEvent) => JournalEvent;
  /** Called with each record after it is durable, in order. */
  onDurable?: (rec: JournalRecord) => void;
}

interface Pending {
  rec: JournalRecord;
  line: string;
  resolve: (r: JournalRecord) => void;
  reject: (e: Error) => void;
}

/** write() may take fewer bytes than it was given (a disk filling up): write the rest, so the next call reports the error. */
export async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    if (bytesWritten <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    off += bytesWritten;
  }
}

const WHY: Record<string, string> = { ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', EIO: 'input/output error', EROFS: 'read-only file system', EFBIG: 'file too large' };

/** The one line an operator sees when the journal cannot take a record: exit 3, the earlier records are safe. */
export function journalWriteError(path: string, e: unknown): GatewalkError {
  const code = (e as NodeJS.ErrnoException).code;
  const what = code ? `${code}${WHY[code] ? ` (${WHY[code]})` : ''}` : (e as Error).message;
  return new GatewalkError('JOURNAL_WRITE', `cannot write the journal ${path}: ${what}; the records before this one are on disk (\`gatewalk report ${path}\` reads them); free space or give another --journal and run again`, { exitCode: EXIT.journalIo, cause: e });
}

export function createWriter(sink: Sink, o: WriterOptions): Writer {
  let seq = o.nextSeq;
  let prev = o.prev;
  const now = o.now ?? (() => new Date());
  let fh: FileHandle | null = sink.kind === 'open' ? sink.fh : null;
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let broken: GatewalkError | null = null;
  let closed = false;

  async function flush(): Promise<void> {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        if (broken) throw broken;
        const bytes = Buffer.from(batch.map((p) => p.line).join(''));
        if (!fh && sink.kind === 'create') fh = await sink.create(bytes);
        else {
          await writeAll(fh!, bytes);
          await fh!.sync();
        }
      } catch (e) {
        broken ??= e instanceof GatewalkError ? e : journalWriteError(o.path, e);
        for (const p of batch) p.reject(broken);
        continue;
      }
      for (const p of batch) {
        o.onDurable?.(p.rec);
        p.resolve(p.rec);
      }
    }
    flushing = null;
  }

  return {
    append(ev) {
      if (closed) return Promise.reject(new Error('journal is closed'));
      if (broken) return Promise.reject(broken);
      const clean = o.transform ? o.transform(ev) : ev;
      const rec = { seq: seq++, ts: now().toISOString(), host: o.host, prev, ...clean } as JournalRecord;
      const line = encodeRecord(rec);
      prev = lineHash(line);
      return new Promise<JournalRecord>((resolve, reject) => {
        queue.push({ rec, line, resolve, reject });
        flushing ??= flush();
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      await fh?.close();
    },
  };
}
