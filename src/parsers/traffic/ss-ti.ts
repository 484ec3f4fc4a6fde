// Why: `ss -ti` shows a live TCP connection's MSS, path MTU and retransmissions: the proof of an MTU black hole ("ping works, TCP stalls").

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { int, lines } from '../text.js';

/** Counters are null when ss leaves them out: it omits zero counters (no bytes_received before the first data byte, no retrans/lost when none). */
export interface SsTcpInfo {
  /** Congestion control algorithm printed as a bare word ("cubic", "bbr"). */
  congestion: string | null;
  mss: number | null;
  pmtu: number | null;
  rcvmss: number | null;
  advmss: number | null;
  cwnd: number | null;
  ssthresh: number | null;
  rttMs: number | null;
  rttVarMs: number | null;
  rtoMs: number | null;
  /** "retrans:0/5": retransmits outstanding now / total over the connection's life. */
  retrans: { current: number | null; total: number | null } | null;
  lost: number | null;
  unacked: number | null;
  backoff: number | null;
  bytesSent: number | null;
  bytesRetrans: number | null;
  bytesAcked: number | null;
  bytesReceived: number | null;
  segsOut: number | null;
  segsIn: number | null;
  /** Bare words other than the congestion algorithm: "ts", "sack", "ecn", "app_limited". */
  flags: string[];
  /** Every key:value / "key value" field as printed (including the ones above). */
  fields: Record<string, string>;
}

export interface SsTcpSocket {
  /** 1-based line of the socket line. */
  line: number;
  /** ESTAB, SYN-SENT, FIN-WAIT-1, LISTEN...; null when the output has no State column (`ss ... state X`). */
  state: string | null;
  recvQ: number | null;
  sendQ: number | null;
  local: string;
  localPort: string | null;
  peer: string;
  peerPort: string | null;
  /** Anything after the peer column (process with -p, timer with -o, ...). */
  extra: string | null;
  info: SsTcpInfo | null;
}

export interface SsTcpReport {
  sockets: SsTcpSocket[];
}

const STATES = new Set([
  'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING', 'CLOSED', 'UNCONN', 'UNKNOWN',
]);
/** Fields printed as "name value" (two tokens). */
const SPACED = new Set(['send', 'pacing_rate', 'delivery_rate', 'max_pacing_rate']);
const CONGESTION = new Set(['cubic', 'bbr', 'bbr2', 'reno', 'bic', 'htcp', 'vegas', 'westwood', 'dctcp', 'hybla', 'illinois', 'scalable', 'yeah', 'lp', 'nv', 'cdg', 'highspeed', 'veno']);

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

function dec(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,12}(?:\.\d{1,9})?$/.test(s)) return null;
  return Number(s);
}

/** "10.20.0.55:36238", "[::ffff:10.0.0.1]:22", "[fe80::1]%eth0:22", "0.0.0.0:*", "*:*". */
function splitAddr(s: string): { addr: string; port: string | null } {
  const c = s.lastIndexOf(':');
  if (c <= 0) return { addr: s, port: null };
  let addr = s.slice(0, c);
  const port = s.slice(c + 1) || null;
  const pct = addr.indexOf('%');
  if (pct > 0 && !addr.startsWith('[')) addr = addr.slice(0, pct);
  if (addr.startsWith('[')) {
    const close = addr.indexOf(']');
    addr = close > 0 ? addr.slice(1, close) : addr.slice(1);
  }
  return { addr, port };
}

function parseInfo(line: string): SsTcpInfo {
  const toks = line.trim().split(/\s+/).filter(Boolean);
  const fields: Record<string, string> = {};
  const flags: string[] = [];
  let congestion: string | null = null;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] ?? '';
    if (SPACED.has(tok) && toks[i + 1] !== undefined) {
      fields[tok] = toks[i + 1] ?? '';
      i++;
      continue;
    }
    const c = tok.indexOf(':');
    if (c > 0) {
      const key = tok.slice(0, c);
      if (key !== '__proto__') fields[key] = tok.slice(c + 1);
      continue;
    }
    if (congestion === null && CONGESTION.has(tok)) congestion = tok;
    else flags.push(clip(tok, 64));
  }
  const f = (k: string): number | null => int(fields[k]);
  const rtt = /^(\d{1,12}(?:\.\d{1,9})?)\/(\d{1,12}(?:\.\d{1,9})?)$/.exec(fields.rtt ?? '');
  const re = /^(\d{1,12})\/(\d{1,12})$/.exec(fields.retrans ?? '');
  return {
    congestion,
    mss: f('mss'),
    pmtu: f('pmtu'),
    rcvmss: f('rcvmss'),
    advmss: f('advmss'),
    cwnd: f('cwnd'),
    ssthresh: f('ssthresh'),
    rttMs: rtt ? dec(rtt[1]) : null,
    rttVarMs: rtt ? dec(rtt[2]) : null,
    rtoMs: dec(fields.rto),
    retrans: re ? { current: int(re[1]), total: int(re[2]) } : fields.retrans !== undefined ? { current: null, total: null } : null,
    lost: f('lost'),
    unacked: f('unacked'),
    backoff: f('backoff'),
    bytesSent: f('bytes_sent'),
    bytesRetrans: f('bytes_retrans'),
    bytesAcked: f('bytes_acked'),
    bytesReceived: f('bytes_received'),
    segsOut: f('segs_out'),
    segsIn: f('segs_in'),
    flags,
    fields,
  };
}

export function parseSsTi(text: string): Parsed<SsTcpReport> {
  if (!text.trim()) return fail('empty', 'no ss output');
  const warnings: string[] = [];
  const sockets: SsTcpSocket[] = [];
  let header = false;
  let hasState = true;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const n = i + 1;
    const raw = all[i] ?? '';
    const t = raw.trim();
    if (!t) continue;
    if (/^(?:State|Netid)?\s*Recv-Q\s+Send-Q\s+Local Address/.test(clip(t, 200))) {
      header = true;
      hasState = t.startsWith('State') || t.startsWith('Netid');
      continue;
    }
    if (/^Error: |^ss: |^Cannot |^(?:sh|bash): /.test(t)) {
      if (!header && !sockets.length) return fail('command-error', clip(t, 300), n);
      warnings.push(`line ${n}: ${clip(t)}`);
      continue;
    }
    // Info lines are indented (a tab, then a space); socket lines start at column 0.
    if (/^\s/.test(raw)) {
      const last = sockets[sockets.length - 1];
      if (!last) {
        warnings.push(`line ${n}: info line without a socket: ${clip(t)}`);
        continue;
      }
      const info = parseInfo(raw);
      last.info = last.info ? { ...info, flags: [...last.info.flags, ...info.flags], fields: { ...last.info.fields, ...info.fields } } : info;
      continue;
    }
    const toks = t.split(/\s+/);
    let k = 0;
    if (toks[0] === 'tcp' || toks[0] === 'mptcp') k++; // Netid column (ss -a without -t).
    let state: string | null = null;
    if (hasState || STATES.has(toks[k] ?? '')) {
      state = toks[k] ?? null;
      k++;
      if (state === null || !STATES.has(state)) {
        warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
        continue;
      }
    }
    const recvQ = int(toks[k]);
    const sendQ = int(toks[k + 1]);
    const local = toks[k + 2];
    const peer = toks[k + 3];
    if (recvQ === null || sendQ === null || local === undefined || peer === undefined) {
      warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
      continue;
    }
    const l = splitAddr(local);
    const p = splitAddr(peer);
    const extra = toks.slice(k + 4).join(' ');
    sockets.push({ line: n, state, recvQ, sendQ, local: l.addr, localPort: l.port, peer: p.addr, peerPort: p.port, extra: extra ? clip(extra, 300) : null, info: null });
  }
  if (!header && !sockets.length) return fail('unrecognized', 'no ss header or socket line');
  return ok({ sockets }, warnings);
}

export const ssTiParser: Parser<SsTcpReport> = {
  id: 'ss-ti',
  commands: ['ss -ti [dst X]', 'ss -tin [dst X]'],
  parse: parseSsTi,
};
