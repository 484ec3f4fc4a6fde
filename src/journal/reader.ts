// Why: read a journal without writing it (resume, report): whole records only, with what was cut or skipped said plainly.

import { readFileSync } from 'node:fs';
import { decodeJournal, type DecodedJournal } from './codec.js';
import type { JournalRecord } from './events.js';

export type ReadResult =
  | { ok: true; records: JournalRecord[]; truncated?: DecodedJournal['truncated']; damaged: DecodedJournal['damaged'] }
  | { ok: false; error: string };

/** A missing or unreadable file, or one with no valid record, is a one-line error. */
export function readJournal(path: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    return { ok: false, error: `cannot read the journal ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const d = decodeJournal(buf);
  if (d.records.length === 0 && buf.length > 0 && !buf.subarray(0, 8).toString('latin1').startsWith('{"seq":')) {
    return { ok: false, error: `${path} is not a gatewalk journal (no valid record)` };
  }
  return { ok: true, records: d.records, damaged: d.damaged, ...(d.truncated ? { truncated: d.truncated } : {}) };
}
