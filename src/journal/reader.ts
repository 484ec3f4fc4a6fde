// Why: read a journal without writing it (resume, report): regular files only, read in bounded chunks, whole records only, with what was cut, skipped or out of chain said plainly.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createDecoder, type DecodedJournal } from './codec.js';
import type { JournalRecord } from './events.js';
import { fileKind, MAX_JOURNAL_BYTES } from './open.js';

/** What reading found besides the records: the report and resume show it. */
export type Integrity = Pick<DecodedJournal, 'truncated' | 'damaged' | 'chained' | 'chainFrom' | 'chainBreaks'>;

export type ReadResult = ({ ok: true; records: JournalRecord[] } & Integrity) | { ok: false; error: string };

const CHUNK = 1 << 20;

/**
 * Reads the journal at `path` in chunks, handing each record to `onRecord` as it is decoded (nothing
 * else is kept). A missing or unreadable file, one that is not a regular file, or one with no valid
 * record is a one-line error.
 */
export function scanJournal(path: string, onRecord: (r: JournalRecord, line: string) => void): { ok: true; integrity: Integrity; records: number } | { ok: false; error: string } {
  const failed = (e: unknown) => ({ ok: false as const, error: `cannot read the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  let fd: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, error: `cannot read the journal ${path}: it is ${fileKind(st)}, not a journal file` };
    // O_NONBLOCK: a FIFO put in its place after the stat does not hang the open (fstat refuses it).
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return failed(e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, error: `cannot read the journal ${path}: it is ${fileKind(st)}, not a journal file` };
    if (st.size > MAX_JOURNAL_BYTES) return { ok: false, error: `cannot read the journal ${path}: ${st.size} bytes is more than a journal gatewalk writes (${MAX_JOURNAL_BYTES})` };
    let count = 0;
    let first: Buffer | null = null;
    const dec = createDecoder((r, line) => {
      count++;
      onRecord(r, line);
    });
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      total += n;
      if (total > MAX_JOURNAL_BYTES) return { ok: false, error: `cannot read the journal ${path}: it grew past ${MAX_JOURNAL_BYTES} bytes while being read` };
      first ??= Buffer.from(buf.subarray(0, Math.min(n, 8)));
      dec.push(buf.subarray(0, n));
    }
    const d = dec.end();
    if (count === 0 && total > 0 && !(first ?? Buffer.alloc(0)).toString('latin1').startsWith('{"seq":')) {
      return { ok: false, error: `${path} is not a gatewalk journal (no valid record)` };
    }
    const integrity: Integrity = { damaged: d.damaged, chained: d.chained, chainFrom: d.chainFrom, chainBreaks: d.chainBreaks, ...(d.truncated ? { truncated: d.truncated } : {}) };
    return { ok: true, integrity, records: count };
  } catch (e) {
    return failed(e);
  } finally {
    closeSync(fd);
  }
}

/** Every record of the journal, in order, with what reading found. */
export function readJournal(path: string): ReadResult {
  const records: JournalRecord[] = [];
  const r = scanJournal(path, (x) => records.push(x));
  if (!r.ok) return r;
  return { ok: true, records, ...r.integrity };
}

/** One line for stderr about what reading found, or null when the journal is whole and chained. */
export function integrityWarning(path: string, i: Integrity, records: number): string | null {
  const parts: string[] = [];
  if (i.truncated) parts.push(`a torn last line (${i.truncated.bytes} bytes) was left out`);
  if (i.damaged.length) parts.push(`${i.damaged.length} damaged line(s) were skipped (first: line ${i.damaged[0]!.line}, ${i.damaged[0]!.reason})`);
  if (i.chainBreaks.length) parts.push(`the hash chain breaks at line ${i.chainBreaks[0]!.line} (record ${i.chainBreaks[0]!.seq}): it ${i.chainBreaks[0]!.reason}${i.chainBreaks.length > 1 ? `, and ${i.chainBreaks.length - 1} more` : ''}`);
  if (!parts.length) return null;
  return `${path}: ${parts.join('; ')}; what follows covers the ${records} whole records`;
}
