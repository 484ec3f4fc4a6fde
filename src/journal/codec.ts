// Why: one record is one line with its own checksum and the hash of the line before it, so a torn, corrupted, edited, deleted or reordered line is recognised instead of misread.

import { createHash } from 'node:crypto';
import type { JournalRecord } from './events.js';

/** The checksum field closes every line: `{...,"sum":"<16 hex>"}`. */
const SUM_KEY = ',"sum":"';
const SUM_LEN = 16;
const TAIL_LEN = SUM_KEY.length + SUM_LEN + 2; // ,"sum":" + hex + "}
/** The `prev` of a journal's first record. */
export const GENESIS = '0000000000000000';
const HEAD = '{"seq":';

export function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, SUM_LEN);
}

/** The chain link to a line: what the next record carries as `prev`, the line's own checksum (which covers its `prev`, so the links chain). `line` may end in its newline. */
export function lineHash(line: string): string {
  const end = line.endsWith('\n') ? line.length - 1 : line.length;
  const body = line.endsWith('\r', end) ? end - 1 : end;
  return line.slice(body - 2 - SUM_LEN, body - 2);
}

/** The line for a record, newline included. The checksum covers the JSON text without the sum field. */
export function encodeRecord(rec: JournalRecord): string {
  const body = JSON.stringify(rec);
  return `${body.slice(0, -1)}${SUM_KEY}${checksum(body)}"}\n`;
}

export type Decoded = { ok: true; record: JournalRecord; sum: string } | { ok: false; reason: string };

/** One line (without its newline; a CR before it is allowed) back into a record, or why it is not one. Pure; never throws. */
export function decodeLine(raw: string): Decoded {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
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
  if (r.prev !== undefined && (typeof r.prev !== 'string' || !/^[0-9a-f]{16}$/.test(r.prev))) return { ok: false, reason: 'bad chain field' };
  return { ok: true, record: r as JournalRecord, sum };
}

/** A record whose `prev` does not match the line before it: something before it was edited, removed or moved. */
export interface ChainBreak {
  /** 1-based line of the record that found the break, and its seq. */
  line: number;
  seq: number;
  reason: string;
}

export interface DecodedJournal {
  records: JournalRecord[];
  /** Byte length of the prefix that holds whole lines (where a writer may append). */
  goodBytes: number;
  /** A torn last line (a crash in the middle of an append): the only thing opening may cut. */
  truncated?: { offset: number; bytes: number; reason: string };
  /** Bad lines that are not a torn last line: reported, never deleted. A journal with any is not appended to. */
  damaged: Array<{ line: number; reason: string }>;
  /** Whether the records carry the hash chain (journals from before it do not). */
  chained: boolean;
  /** The 1-based line of the first chained record: the records before it (an older version's) are not covered. */
  chainFrom: number | null;
  chainBreaks: ChainBreak[];
  /** The chain link the next appended record must carry. */
  nextPrev: string;
}

/** A last line without a newline that a crash in the middle of an append leaves: the start of a record, or zeros. */
function tornTail(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  if (bytes.every((b) => b === 0)) return true;
  const head = bytes.subarray(0, HEAD.length).toString('latin1');
  return HEAD.startsWith(head) || head === HEAD;
}

/** Feeds a journal's bytes in any chunks; calls `onRecord` for each whole valid record, in order. */
export interface JournalDecoder {
  push(chunk: Buffer): void;
  /** The end of the bytes: decides the last line and returns what was found. `records` stays empty when `onRecord` was given. */
  end(): DecodedJournal;
}

export function createDecoder(onRecord?: (r: JournalRecord, line: string) => void): JournalDecoder {
  const records: JournalRecord[] = [];
  const damaged: Array<{ line: number; reason: string }> = [];
  const chainBreaks: ChainBreak[] = [];
  let rest: Buffer = Buffer.alloc(0);
  let offset = 0;
  let goodBytes = 0;
  let lineNo = 0;
  let chained = false;
  let unchained = 0;
  let chainFrom: number | null = null;
  /** The hash of the last line, or null when it was damaged (the next link cannot be checked). */
  let prev: string | null = GENESIS;
  let truncated: DecodedJournal['truncated'];

  const line = (bytes: Buffer, withNewline: boolean) => {
    lineNo++;
    const text = bytes.toString('utf8');
    const d = decodeLine(text);
    if (!withNewline && !d.ok && tornTail(bytes)) {
      truncated = { offset, bytes: bytes.length, reason: `torn record (${d.reason}, no newline)` };
      return;
    }
    if (!d.ok) {
      damaged.push({ line: lineNo, reason: d.reason });
      prev = null;
    } else {
      const r = d.record;
      if (r.prev !== undefined) {
        // An old journal resumed by this version: the chain starts at its first new record (linked to the old last line).
        if (!chained) chainFrom = lineNo;
        chained = true;
        if (prev !== null && r.prev !== prev) chainBreaks.push({ line: lineNo, seq: r.seq, reason: prev === GENESIS ? 'the first record does not start the chain (records before it were removed)' : 'does not follow the line before it (a record before it was edited, removed or moved)' });
      } else if (chained) {
        chainBreaks.push({ line: lineNo, seq: r.seq, reason: 'has no chain link, unlike the records before it' });
      } else unchained++;
      prev = d.sum;
      if (onRecord) onRecord(r, text);
      else records.push(r);
    }
    offset += bytes.length + (withNewline ? 1 : 0);
    goodBytes = offset;
  };

  return {
    push(chunk) {
      let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, start);
        if (nl < 0) break;
        line(buf.subarray(start, nl), true);
        start = nl + 1;
      }
      // Copy the unfinished line out, so no chunk stays alive through a slice.
      rest = Buffer.from(buf.subarray(start));
      buf = rest;
    },
    end() {
      if (rest.length) line(rest, false);
      rest = Buffer.alloc(0);
      const out: DecodedJournal = { records, goodBytes, damaged, chained, chainFrom, chainBreaks, nextPrev: prev ?? GENESIS };
      if (truncated) out.truncated = truncated;
      return out;
    },
  };
}

/** Split a journal's bytes into records. Pure. */
export function decodeJournal(buf: Buffer): DecodedJournal {
  const d = createDecoder();
  d.push(buf);
  return d.end();
}
