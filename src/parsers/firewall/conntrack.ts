// Why: conntrack entries show whether replies come back ([UNREPLIED]) and whether tunnel traffic was NATed on the way.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { lines } from '../text.js';

/** One direction of a flow: `src=10.20.0.55 dst=172.31.40.10 sport=41414 dport=8080`. */
export interface CtTuple {
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
  /** ICMP type, code and id. */
  type: number | null;
  code: number | null;
  id: number | null;
  /** Per-direction accounting (nf_conntrack_acct=1). */
  packets: number | null;
  bytes: number | null;
}

export type CtEvent = 'NEW' | 'UPDATE' | 'DESTROY';

export interface CtEntry {
  line: number;
  /** `conntrack -E` event type; null for `conntrack -L`. */
  event: CtEvent | null;
  /**
   * `-E -o timestamp`: when conntrack printed the event, in seconds since the epoch (microsecond precision), to line
   * events up with a capture. conntrack-tools prints it as "[%-8ld.%-6ld]": the microseconds are NOT zero-padded
   * ("[1700000000.5     ]" is 5 µs), so the number is built from the two integers, never read as a decimal.
   */
  timestamp?: number;
  /** 'ipv4' / 'ipv6' with `-o extended`. */
  l3: string | null;
  protocol: string;
  protoNum: number | null;
  /** Seconds left; DESTROY events print none. */
  timeout: number | null;
  /** TCP (or SCTP/DCCP) state: ESTABLISHED, SYN_SENT, TIME_WAIT... */
  state: string | null;
  original: CtTuple;
  reply: CtTuple | null;
  /** Bracketed flags as printed: UNREPLIED, ASSURED, OFFLOAD... */
  flags: string[];
  unreplied: boolean;
  assured: boolean;
  mark: number | null;
  use: number | null;
  zone: number | null;
  /** Conntrack id (`-o id`). */
  ctId: number | null;
  /** Reply dst (or port) differs from the original src: source NAT (masquerade/snat) applied. */
  snat: boolean;
  /** Reply src (or port) differs from the original dst: destination NAT applied. */
  dnat: boolean;
  natted: boolean;
}

export interface ConntrackFacts {
  mode: 'list' | 'events';
  entries: CtEntry[];
  /** N from "conntrack v1.4.7 (conntrack-tools): N flow entries have been shown." (stderr, when captured). */
  shown: number | null;
}

const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport', 'type', 'code', 'id', 'packets', 'bytes']);
const EVENTS = new Map<string, CtEvent>([['[NEW]', 'NEW'], ['[UPDATE]', 'UPDATE'], ['[DESTROY]', 'DESTROY']]);

function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

function markValue(s: string | undefined): number | null {
  if (s === undefined) return null;
  if (/^0x[0-9a-f]{1,8}$/i.test(s)) return parseInt(s.slice(2), 16);
  return toInt(s);
}

function emptyTuple(): CtTuple {
  return { src: null, dst: null, sport: null, dport: null, type: null, code: null, id: null, packets: null, bytes: null };
}

function setTuple(t: CtTuple, key: string, v: string): void {
  if (key === 'src' || key === 'dst') t[key] = v;
  else t[key as Exclude<keyof CtTuple, 'src' | 'dst'>] = toInt(v);
}

/** One entry line, or null when it is not one. */
const STAMP = /^\[(\d{1,12})\.(\d{1,6}) *\]\s*/;

function parseEntry(line: string, lineNo: number): CtEntry | null {
  // `-E -o timestamp`: "[1700000000.123456]\t" first (microseconds left-justified, space-padded).
  const st = STAMP.exec(line);
  const s = st ? line.slice(st[0].length) : line;
  const timestamp = st ? Number(st[1]) + Number(st[2]) / 1e6 : undefined;
  const w = s.split(/\s+/).filter(Boolean);
  let i = 0;
  const event = EVENTS.get(w[i] ?? '') ?? null;
  if (event) i++;
  let l3: string | null = null;
  if ((w[i] === 'ipv4' || w[i] === 'ipv6') && toInt(w[i + 1]) !== null) {
    l3 = w[i]!;
    i += 2;
  }
  const protocol = w[i];
  if (!protocol || !/^[a-z][a-z0-9-]{0,15}$/.test(protocol)) return null;
  const protoNum = toInt(w[i + 1]);
  if (protoNum === null) return null;
  i += 2;
  let timeout: number | null = null;
  if (toInt(w[i]) !== null) {
    timeout = toInt(w[i]);
    i++;
  }
  let state: string | null = null;
  if (w[i] && /^[A-Z][A-Z_]{1,20}$/.test(w[i]!)) {
    state = w[i]!;
    i++;
  }
  const e: CtEntry = {
    line: lineNo, event, l3, protocol, protoNum, timeout, state, original: emptyTuple(), reply: null, flags: [],
    unreplied: false, assured: false, mark: null, use: null, zone: null, ctId: null, snat: false, dnat: false, natted: false,
  };
  let tuple: CtTuple = e.original;
  let afterTuples = false;
  let sawKey = false;
  for (; i < w.length; i++) {
    const tok = w[i]!;
    if (tok.startsWith('[') && tok.endsWith(']') && tok.length > 2) {
      e.flags.push(tok.slice(1, -1));
      continue;
    }
    const eq = tok.indexOf('=');
    if (eq <= 0) continue;
    const key = tok.slice(0, eq);
    const v = tok.slice(eq + 1);
    sawKey = true;
    // `id=` is the ICMP id inside a tuple, or the conntrack id (-o id) after the tuples.
    if (!afterTuples && TUPLE_KEYS.has(key) && (key !== 'id' || protocol.startsWith('icmp'))) {
      if (key === 'src' && tuple.src !== null && !e.reply) {
        e.reply = emptyTuple();
        tuple = e.reply;
      }
      // A key the tuple already has (a second `id=`, a third `src=`) belongs to the entry.
      if (tuple[key as keyof CtTuple] === null) {
        setTuple(tuple, key, v);
        continue;
      }
    }
    afterTuples = true;
    if (key === 'mark') e.mark = markValue(v);
    else if (key === 'use') e.use = toInt(v);
    else if (key === 'zone') e.zone = toInt(v);
    else if (key === 'id') e.ctId = toInt(v);
  }
  if (!sawKey || e.original.src === null) return null;
  e.unreplied = e.flags.includes('UNREPLIED');
  e.assured = e.flags.includes('ASSURED');
  const o = e.original;
  const r = e.reply;
  if (r) {
    e.snat = (r.dst !== null && o.src !== null && r.dst !== o.src) || (r.dport !== null && o.sport !== null && r.dport !== o.sport);
    e.dnat = (r.src !== null && o.dst !== null && r.src !== o.dst) || (r.sport !== null && o.dport !== null && r.sport !== o.dport);
    e.natted = e.snat || e.dnat;
  }
  if (timestamp !== undefined) e.timestamp = timestamp;
  return e;
}

const SUMMARY = /conntrack v[\d.]{1,20} \(conntrack-tools\): (\d{1,15}) flow (entries|events) ha(?:ve|s) been shown\./;
const TOOL_MSG = /^conntrack v[\d.]{1,20} \(conntrack-tools\): /;
const ERROR_LINE = /^(?:Try `conntrack -h'|conntrack: |.*command not found|.*Operation not permitted)/;

export function parseConntrack(text: string): Parsed<ConntrackFacts> {
  if (!text.trim()) return fail('empty', 'no output (no flow entries, and the "flow entries have been shown" line went to stderr)');
  const warnings: string[] = [];
  const entries: CtEntry[] = [];
  let shown: number | null = null;
  let events = false;
  let errorLine: { line: number; text: string } | null = null;
  const ls = lines(text);
  for (let idx = 0; idx < ls.length; idx++) {
    const lineNo = idx + 1;
    let s = ls[idx]!.trim();
    if (!s) continue;
    // stderr may be mixed into stdout: the summary can sit at the start of a line or glued to one.
    const sm = SUMMARY.exec(s);
    if (sm) {
      shown = (shown ?? 0) + Number(sm[1]);
      if (sm[2] === 'events') events = true;
      s = (s.slice(0, sm.index) + s.slice(sm.index + sm[0].length)).trim();
      if (!s) continue;
    }
    if (TOOL_MSG.test(s) || ERROR_LINE.test(s)) {
      errorLine ??= { line: lineNo, text: s };
      warnings.push(`line ${lineNo}: ${s.slice(0, 200)}`);
      continue;
    }
    const e = parseEntry(s, lineNo);
    if (!e) {
      warnings.push(`line ${lineNo}: unrecognized: ${s.slice(0, 200)}`);
      continue;
    }
    if (e.event) events = true;
    entries.push(e);
  }
  if (!entries.length) {
    if (errorLine) return fail('command-error', errorLine.text.slice(0, 300), errorLine.line);
    if (shown === null) return fail('unrecognized', 'no conntrack entries found');
  }
  return ok({ mode: events ? 'events' : 'list', entries, shown }, warnings);
}

export const conntrackParser: Parser<ConntrackFacts> = {
  id: 'conntrack',
  commands: ['conntrack -L [-p PROTO] [-s SRC]', 'conntrack -E'],
  parse: parseConntrack,
};
