// Why: appends reach the disk before they count: each append resolves only after write + fsync; appends that queue up share one fsync.

import type { FileHandle } from 'node:fs/promises';
import { encodeRecord } from './codec.js';
import type { JournalEvent, JournalRecord } from './events.js';

export interface Writer {
  /** Resolves with the record once its line is on disk (fsync returned); rejects if the disk refused it. */
  append(ev: JournalEvent): Promise<JournalRecord>;
  /** Waits for queued appends, then closes the file. */
  close(): Promise<void>;
}

export interface WriterOptions {
  nextSeq: number;
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

export function createWriter(fh: FileHandle, o: WriterOptions): Writer {
  let seq = o.nextSeq;
  const now = o.now ?? (() => new Date());
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let broken: Error | null = null;
  let closed = false;

  async function flush(): Promise<void> {
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        if (broken) throw broken;
        await fh.write(batch.map((p) => p.line).join(''));
        await fh.sync();
      } catch (e) {
        broken ??= new Error(`journal write failed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
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
      const rec = { seq: seq++, ts: now().toISOString(), host: o.host, ...clean } as JournalRecord;
      return new Promise<JournalRecord>((resolve, reject) => {
        queue.push({ rec, line: encodeRecord(rec), resolve, reject });
        flushing ??= flush();
      });
    },
    async close() {
      closed = true;
      while (flushing) await flushing;
      await fh.close();
    },
  };
}
