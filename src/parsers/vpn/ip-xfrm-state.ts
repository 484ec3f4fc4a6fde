// Why: `ip xfrm state` lists the kernel's IPsec SAs (SPI, mode, algorithms, selectors, counters); its key material must never leave the parse.

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { IPROUTE_ERRORS, REDACTED, hexNum, uint, Warnings, nonEmptyLines, openLines } from './common.js';
import { bare, newLifetime, numTok, pairs, readLifetimeCurrent, readSelector, tokens, type XfrmLifetime, type XfrmSelector } from './xfrm-common.js';

export interface XfrmAlgorithm {
  /** enc, auth, auth-trunc, aead or comp. */
  kind: string;
  /** "cbc(aes)", "hmac(sha256)", "rfc4106(gcm(aes))", "deflate". */
  name: string;
  /** Never the key: "(redacted)" when key material was printed, else null. */
  key: typeof REDACTED | null;
  /** Truncation length (auth-trunc) or ICV length (aead) in bits. */
  bits: number | null;
}

export interface XfrmEncap {
  /** espinudp, espintcp, ... */
  type: string | null;
  sport: number | null;
  dport: number | null;
  addr: string | null;
}

export interface XfrmState {
  src: string | null;
  dst: string | null;
  /** esp, ah, comp, route2, hao. */
  proto: string | null;
  /** As printed, "0xc70fe85c". */
  spi: string | null;
  reqid: number | null;
  /** tunnel, transport, beet, ... */
  mode: string | null;
  /**
   * The replay window in packets. With ESN ("flag esn") the kernel prints "replay-window 0" and the real
   * window in the "anti-replay esn context:" block ("replay_window 128, bitmap-length 4"): that one is reported.
   */
  replayWindow: number | null;
  /** The ESN anti-replay block, when printed. */
  esn?: { replayWindow: number | null; bitmapLength: number | null; seqHi: number | null; oseqHi: number | null };
  /** "crypto offload parameters: dev eth7 dir in [mode packet]": the SA is offloaded to that NIC. */
  offload?: { dev: string | null; dir: string | null; mode: string | null };
  /** "lastused 2023-01-29 15:44:54": when a packet last used the SA (kernel local time, as printed). */
  lastUsed?: string;
  /** "flag af-unspec noecn" words. */
  flags: string[];
  algorithms: XfrmAlgorithm[];
  encap: XfrmEncap | null;
  /** Anti-replay context: last inbound sequence number and outbound sequence number (packets sent). */
  seq: number | null;
  oseq: number | null;
  selector: XfrmSelector | null;
  mark: string | null;
  outputMark: string | null;
  ifId: string | null;
  /** "dir in|out" (newer kernels). */
  dir: string | null;
  /** "lifetime current:" (with `ip -s`). */
  lifetime: XfrmLifetime | null;
  /** "stats:" (with `ip -s`). */
  stats: { replayWindow: number | null; replay: number | null; failed: number | null } | null;
}

export interface XfrmStates {
  states: XfrmState[];
}

const ALGOS = new Set(['enc', 'auth', 'auth-trunc', 'aead', 'comp']);

function newState(src: string | null, dst: string | null): XfrmState {
  return {
    src,
    dst,
    proto: null,
    spi: null,
    reqid: null,
    mode: null,
    replayWindow: null,
    flags: [],
    algorithms: [],
    encap: null,
    seq: null,
    oseq: null,
    selector: null,
    mark: null,
    outputMark: null,
    ifId: null,
    dir: null,
    lifetime: null,
    stats: null,
  };
}

/** "auth-trunc hmac(sha256) 0x... 128": the key token becomes "(redacted)", whatever it looks like. */
function readAlgorithm(t: string[]): XfrmAlgorithm {
  const after = t.slice(2);
  const last = after[after.length - 1];
  const bits = after.length >= 1 && /^\d{1,5}$/.test(last ?? '') ? Number(last) : null;
  const keyTokens = bits === null ? after : after.slice(0, -1);
  return { kind: t[0] ?? '', name: t[1] ?? '', key: keyTokens.length ? REDACTED : null, bits };
}

/** "anti-replay context: seq 0x0, oseq 0x5, bitmap 0x00000000" and the esn variant's lines. */
function readReplay(line: string, s: XfrmState): void {
  const esn = /^anti-replay esn context:/.test(line) || s.esn !== undefined;
  if (esn) s.esn ??= { replayWindow: null, bitmapLength: null, seqHi: null, oseqHi: null };
  for (const part of line.split(',')) {
    const t = tokens(part.replace(/^anti-replay( esn)? context:/, ''));
    const v = hexNum(t[1]) ?? uint(t[1]);
    if (t[0] === 'seq') s.seq = v;
    else if (t[0] === 'oseq') s.oseq = v;
    else if (s.esn && t[0] === 'seq-hi') s.esn.seqHi = v;
    else if (s.esn && t[0] === 'oseq-hi') s.esn.oseqHi = v;
    else if (s.esn && t[0] === 'replay_window') s.esn.replayWindow = uint(t[1]);
    else if (s.esn && t[0] === 'bitmap-length') s.esn.bitmapLength = uint(t[1]);
  }
}

type Section = 'none' | 'lifetime-config' | 'lifetime-current' | 'stats' | 'esn';

function parse(text: string): Parsed<XfrmStates> {
  const opened = openLines(text, IPROUTE_ERRORS, 'no output (no xfrm states)');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const states: XfrmState[] = [];
  let st: XfrmState | null = null;
  let section: Section = 'none';
  for (const { n, line, indent } of nonEmptyLines(ls)) {
    const warn = W.at(n);
    const t = tokens(line);
    if (indent === 0) {
      // A state's header names two addresses; `ip xfrm policy` headers name selectors (prefixes: "10.20.0.0/24").
      if (t[0] !== 'src' || t[2] !== 'dst' || (t[1] ?? '').includes('/') || (t[3] ?? '').includes('/')) {
        warn('unrecognized', line);
        st = null;
        continue;
      }
      st = newState(t[1] ?? null, t[3] ?? null);
      states.push(st);
      section = 'none';
      continue;
    }
    if (!st) {
      warn('line before any "src ... dst ..." header', line);
      continue;
    }
    // The ESN block's own lines, however deep the paste indents them ("seq-hi 0x0, seq 0xa", "replay_window 128, ...", bitmap words).
    if (section === 'esn' && /^(?:seq-hi |oseq-hi |replay_window |[0-9a-f]{8}(?: |$))/.test(line)) {
      if (!/^[0-9a-f]{8}(?: [0-9a-f]{8})*$/.test(line)) readReplay(line, st);
      continue;
    }
    // Deeper lines (tab + spaces) belong to the section opened above them.
    if (indent > 8 && section !== 'none') {
      if (section === 'lifetime-current') {
        st.lifetime ??= newLifetime();
        if (!readLifetimeCurrent(line, st.lifetime)) warn('unread lifetime line', line);
      } else if (section === 'stats') {
        const { values } = pairs(t, ['replay-window', 'replay', 'failed']);
        st.stats = { replayWindow: uint(values.get('replay-window')), replay: uint(values.get('replay')), failed: uint(values.get('failed')) };
      } else if (section === 'esn') {
        // The bitmap words ("00000000 000003ff") carry no field name.
        if (!/^[0-9a-f]{8}(?: [0-9a-f]{8})*$/.test(line)) readReplay(line, st);
      }
      continue;
    }
    section = 'none';
    const head = t[0] ?? '';
    if (ALGOS.has(head)) {
      st.algorithms.push(readAlgorithm(t));
    } else if (head === 'proto') {
      const { values } = pairs(t, ['proto', 'spi', 'reqid', 'mode']);
      st.proto = values.get('proto') ?? null;
      st.spi = values.has('spi') ? bare(values.get('spi')) : null;
      st.reqid = numTok(values.get('reqid'));
      st.mode = values.get('mode') ?? null;
    } else if (head === 'replay-window') {
      st.replayWindow = uint(t[1]);
      const f = t.indexOf('flag');
      if (f >= 0) st.flags = t.slice(f + 1).filter((w) => !w.startsWith('('));
    } else if (line.startsWith('anti-replay esn context:')) {
      section = 'esn';
      readReplay(line, st);
    } else if (line.startsWith('anti-replay context:')) readReplay(line, st);
    else if (head === 'sel') st.selector = readSelector(t.slice(1)).sel;
    else if (head === 'encap') {
      const { values } = pairs(t.slice(1), ['type', 'sport', 'dport', 'addr']);
      st.encap = { type: values.get('type') ?? null, sport: uint(values.get('sport')), dport: uint(values.get('dport')), addr: values.get('addr') ?? null };
    } else if (head === 'mark') st.mark = t[1] ?? null;
    else if (head === 'output-mark') st.outputMark = t.slice(1).join(' ') || null;
    else if (head === 'if_id') st.ifId = t[1] ?? null;
    else if (head === 'dir') st.dir = t[1] ?? null;
    else if (line === 'lifetime config:') section = 'lifetime-config';
    else if (line === 'lifetime current:') section = 'lifetime-current';
    else if (line === 'stats:') section = 'stats';
    else if (head === 'lastused') st.lastUsed = t.slice(1).join(' ');
    else if (line.startsWith('crypto offload parameters:')) {
      const { values } = pairs(tokens(line.slice('crypto offload parameters:'.length)), ['dev', 'dir', 'mode']);
      st.offload = { dev: values.get('dev') ?? null, dir: values.get('dir') ?? null, mode: values.get('mode') ?? null };
    } else if (!['security', 'tfcpad', 'extra_flag', 'ctx', 'iptfs-opts'].includes(head)) warn('unrecognized', line);
  }
  // With ESN the header's "replay-window 0" is not the window; the ESN block's is.
  for (const s of states) if (s.esn?.replayWindow != null && (s.replayWindow === 0 || s.replayWindow === null)) s.replayWindow = s.esn.replayWindow;
  if (!states.length) return fail('unrecognized', 'no "src ... dst ..." line: not `ip xfrm state` output');
  return ok({ states }, W.all);
}

export const ipXfrmState: Parser<XfrmStates> = {
  id: 'ip-xfrm-state',
  commands: ['ip xfrm state', 'ip -s xfrm state'],
  parse,
};
