// Why: one record is one line with its own checksum, so a torn or corrupted line is recognised instead of misread.

import { createHash } from 'node:crypto';
import type { JournalRecord } from './events.js';

/** The checksum field closes every line: `{...,"sum":"<16 hex>"}`. */
const SUM_KEY = ',"sum":"';
const SUM_LEN = 16;
const TAIL_LEN = SUM_KEY.length + SUM_LEN + 2; // ,"sum":" + hex + "}

export function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, SUM_LEN);
}

/** The line for a record, newline included. The checksum covers the JSON text without the sum field. */
export function encodeRecord(rec: JournalRecord): string {
  const body = JSON.stringify(rec);
  return `${body.slice(0, -1)}${SUM_KEY}${checksum(body)}"}\n`;
}

export type Decoded = { ok: true; record: JournalRecord } | { ok: false; reason: string };

/** One line (without its newline) back into a record, or why it is not one. Pure; never throws. */
export function decodeLine(line: string): Decoded {
  if (line.length < TAIL_LEN + 2 || !line.endsWith('"}')) return { ok: false, reason: 'incomplete record' };
  const cut = line.length - TAIL_LEN;
  if (line.slice(cut, cut + SUM_KEY.length) !== SUM_KEY) return { ok: false, reason: 'no checksum' };
  const sum = line.slice(cut + SUM_KEY.length, line.length - 2);
  const body = `${line.slice(0, cut)}}`;
  if (checksum(body) !== sum) return { ok: false, reason: 'checksum mismatch' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = value as Partial<JournalRecord> | null;
  if (!r || typeof r !== 'object' || typeof r.seq !== 'number' || typeof r.ts !== 'string' || typeof r.type !== 'string') {
    return { ok: false, reason: 'not a journal record' };
  }
  return { ok: true, record: r as JournalRecord };
}

export interface DecodedJournal {
  records: JournalRecord[];
  /** Byte length of the prefix that holds whole, valid records (where a writer may append). */
  goodBytes: number;
  /** A torn or corrupt tail after the last valid record: cut off on open. */
  truncated?: { offset: number; bytes: number; reason: string };
  /** Bad lines followed by valid ones (not a crash artifact): skipped, never deleted. */
  damaged: Array<{ line: number; reason: string }>;
}

/** Split a journal's bytes into records. Pure. */
export function decodeJournal(buf: Buffer): DecodedJournal {
  const records: JournalRecord[] = [];
  const damaged: Array<{ line: number; reason: string }> = [];
  /** Bad lines since the last valid record. */
  let pending: Array<{ line: number; reason: string }> = [];
  let offset = 0;
  let goodBytes = 0;
  let lineNo = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    const end = nl < 0 ? buf.length : nl + 1;
    lineNo++;
    const d = decodeLine(buf.subarray(offset, nl < 0 ? buf.length : nl).toString('utf8'));
    if (d.ok) {
      records.push(d.record);
      // A valid last record that only lost its newline is kept; the writer adds the newline.
      goodBytes = end;
      damaged.push(...pending);
      pending = [];
    } else {
      pending.push({ line: lineNo, reason: nl < 0 ? `torn record (${d.reason}, no newline)` : d.reason });
    }
    offset = end;
  }
  const out: DecodedJournal = { records, goodBytes, damaged };
  if (pending.length) out.truncated = { offset: goodBytes, bytes: buf.length - goodBytes, reason: pending[0]!.reason };
  return out;
}
