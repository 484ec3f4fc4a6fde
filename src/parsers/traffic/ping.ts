// Why: ping says whether a host answers, who reports it unreachable, and (with -M do -s) where the path MTU stops large packets.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { int, lines } from '../text.js';

export type PingErrorKind =
  | 'net-unreachable'
  | 'host-unreachable'
  | 'protocol-unreachable'
  | 'port-unreachable'
  /** "Frag needed and DF set (mtu = 1280)": a router on the path reported its MTU. */
  | 'frag-needed'
  /** "Packet filtered", "Destination Net/Host Prohibited": an admin-prohibited ICMP. */
  | 'prohibited'
  | 'ttl-exceeded'
  /** "ping: local error: message too long, mtu=1436": the local route/interface MTU refused the packet. */
  | 'local-mtu'
  /** "ping: sendmsg: Network is unreachable" and other per-packet send failures. */
  | 'send-error'
  /** "no answer yet for icmp_seq=N" (-O), "Request timeout for icmp_seq N" (BSD). */
  | 'no-answer'
  | 'other';

export interface PingReply {
  seq: number | null;
  from: string;
  bytes: number | null;
  ttl: number | null;
  timeMs: number | null;
  duplicate: boolean;
}

export interface PingError {
  line: number;
  seq: number | null;
  /** Who reported it (the "From X" address); null for local errors. */
  from: string | null;
  kind: PingErrorKind;
  /** For frag-needed and local-mtu. */
  mtu: number | null;
  message: string;
}

export interface PingReport {
  /** As typed: "PING <target> (<address>) ...". */
  target: string | null;
  address: string | null;
  /** ICMP payload size (-s) and the IP packet size in parentheses: "1400(1428) bytes of data". */
  payloadBytes: number | null;
  packetBytes: number | null;
  /** With -I: "from 10.20.0.55 eth0". */
  source: string | null;
  interface: string | null;
  replies: PingReply[];
  errors: PingError[];
  summary: {
    transmitted: number | null;
    received: number | null;
    errors: number | null;
    duplicates: number | null;
    lossPercent: number | null;
    timeMs: number | null;
  } | null;
  rtt: { minMs: number | null; avgMs: number | null; maxMs: number | null; mdevMs: number | null } | null;
  /** "pipe N": the most probes that were outstanding at once (printed when > 1). */
  pipe: number | null;
}

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

const stripColon = (s: string): string => (s.endsWith(':') ? s.slice(0, -1) : s);

function dec(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,12}(?:\.\d{1,9})?$/.test(s)) return null;
  return Number(s);
}

const ICMP_KINDS: Array<[RegExp, PingErrorKind]> = [
  [/^Destination Net Unreachable/, 'net-unreachable'],
  [/^Destination Host Unreachable/, 'host-unreachable'],
  [/^Destination Protocol Unreachable/, 'protocol-unreachable'],
  [/^Destination Port Unreachable/, 'port-unreachable'],
  [/^Frag needed/, 'frag-needed'],
  [/^(?:Packet filtered|Destination (?:Net|Host) Prohibited|Communication prohibited)/, 'prohibited'],
  [/^Time to live exceeded/, 'ttl-exceeded'],
];

function icmpKind(msg: string): { kind: PingErrorKind; mtu: number | null } {
  for (const [re, kind] of ICMP_KINDS) {
    if (re.test(msg)) {
      const m = kind === 'frag-needed' ? /\(mtu = (\d{1,6})\)/.exec(msg) : null;
      return { kind, mtu: m ? int(m[1]) : null };
    }
  }
  return { kind: 'other', mtu: null };
}

export function parsePing(text: string): Parsed<PingReport> {
  if (!text.trim()) return fail('empty', 'no ping output');
  const warnings: string[] = [];
  const r: PingReport = {
    target: null,
    address: null,
    payloadBytes: null,
    packetBytes: null,
    source: null,
    interface: null,
    replies: [],
    errors: [],
    summary: null,
    rtt: null,
    pipe: null,
  };
  let header = false;
  let statsHeader = false;
  const commandErrors: Array<{ line: number; text: string }> = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const n = i + 1;
    const t = (all[i] ?? '').trim();
    if (!t) continue;

    const head = /^PING (\S{1,255}) ?\(([^)\s]{1,64})\)(?: from (\S{1,64}) (\S{1,32}):)? (\d{1,6})\((\d{1,6})\) bytes of data\.$/.exec(t);
    // iputils IPv6 "PING ::1(::1) 56 data bytes", BSD/macOS "PING x (y): 56 data bytes".
    const head6 = head ? null : /^PING (\S{1,255}) ?\(([^)\s]{1,64})\):?(?: from (\S{1,64}) (\S{1,32}):)? (\d{1,6}) data bytes$/.exec(t);
    if (head || head6) {
      const m = (head ?? head6)!;
      header = true;
      r.target = m[1] ?? null;
      r.address = m[2] ?? null;
      r.source = m[3] ?? null;
      r.interface = m[4] ?? null;
      r.payloadBytes = int(m[5]);
      r.packetBytes = head ? int(m[6]) : null;
      continue;
    }

    // "64 bytes from 172.31.40.10: icmp_seq=1 ttl=63 time=0.5 ms" (also "from name (addr):", busybox "seq=").
    const rep = /^(\d{1,6}) bytes from (\S{1,255})(?: \(([^)\s]{1,64})\))?:? (?:icmp_)?seq=(\d{1,10}) ttl=(\d{1,3})(?: time[=<](\d{1,12}(?:\.\d{1,9})?) ?ms)?(.*)$/.exec(t);
    if (rep) {
      r.replies.push({
        seq: int(rep[4]),
        from: rep[3] ?? stripColon(rep[2] ?? ''),
        bytes: int(rep[1]),
        ttl: int(rep[5]),
        timeMs: dec(rep[6]),
        duplicate: (rep[7] ?? '').includes('DUP!'),
      });
      continue;
    }

    // "From 203.0.113.1 icmp_seq=1 Destination Net Unreachable" (also "From name (addr) icmp_seq=...").
    const from = /^From (\S{1,255})(?: \(([^)\s]{1,64})\))?:? (?:icmp_)?seq=(\d{1,10}) (.+)$/.exec(t);
    if (from) {
      const msg = clip(from[4] ?? '', 300);
      const k = icmpKind(msg);
      r.errors.push({ line: n, seq: int(from[3]), from: from[2] ?? stripColon(from[1] ?? ''), kind: k.kind, mtu: k.mtu, message: msg });
      continue;
    }

    const local = /^ping: local error: (.{1,200})$/.exec(t);
    if (local) {
      const mtu = /mtu=(\d{1,6})/.exec(t);
      r.errors.push({ line: n, seq: null, from: null, kind: 'local-mtu', mtu: mtu ? int(mtu[1]) : null, message: local[1] ?? '' });
      continue;
    }
    const send = /^ping: (sendmsg|sendto): (.{1,200})$/.exec(t);
    if (send) {
      r.errors.push({ line: n, seq: null, from: null, kind: 'send-error', mtu: null, message: `${send[1]}: ${send[2]}` });
      continue;
    }
    const noAnswer = /^(?:no answer yet for icmp_seq=|Request timeout for icmp_seq )(\d{1,10})$/.exec(t);
    if (noAnswer) {
      r.errors.push({ line: n, seq: int(noAnswer[1]), from: null, kind: 'no-answer', mtu: null, message: t });
      continue;
    }

    if (/^--- \S{1,255} ping statistics ---$/.test(t)) {
      statsHeader = true;
      continue;
    }
    const sum = /^(\d{1,12}) packets transmitted, (\d{1,12}) (?:packets )?received,(.{0,200})$/.exec(t);
    if (sum) {
      const tail = sum[3] ?? '';
      const e = /\+(\d{1,12}) errors/.exec(tail);
      const d = /\+(\d{1,12}) duplicates/.exec(tail);
      const loss = /(\d{1,3}(?:\.\d{1,6})?)% packet loss/.exec(tail);
      const time = /time (\d{1,12})ms/.exec(tail);
      r.summary = {
        transmitted: int(sum[1]),
        received: int(sum[2]),
        errors: e ? int(e[1]) : 0,
        duplicates: d ? int(d[1]) : 0,
        lossPercent: loss ? dec(loss[1]) : null,
        timeMs: time ? int(time[1]) : null,
      };
      continue;
    }
    const rtt = /^(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = (\d{1,12}(?:\.\d{1,9})?)\/(\d{1,12}(?:\.\d{1,9})?)\/(\d{1,12}(?:\.\d{1,9})?)(?:\/(\d{1,12}(?:\.\d{1,9})?))? ms/.exec(t);
    if (rtt) {
      r.rtt = { minMs: dec(rtt[1]), avgMs: dec(rtt[2]), maxMs: dec(rtt[3]), mdevMs: dec(rtt[4]) };
      const pipe = /, pipe (\d{1,9})/.exec(t);
      if (pipe) r.pipe = int(pipe[1]);
      continue;
    }
    const pipe = /^pipe (\d{1,9})$/.exec(t);
    if (pipe) {
      r.pipe = int(pipe[1]);
      continue;
    }
    if (/^ping: /.test(t) || /^(?:sh|bash): /.test(t)) {
      commandErrors.push({ line: n, text: t });
      continue;
    }
    warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
  }

  const first = commandErrors[0];
  if (!header && !statsHeader && !r.summary && !r.replies.length && !r.errors.length) {
    if (first) return fail('command-error', clip(first.text, 300), first.line);
    return fail('unrecognized', 'no PING header, reply or statistics line');
  }
  for (const e of commandErrors) warnings.push(`line ${e.line}: ${clip(e.text)}`);
  return ok(r, warnings);
}

export const pingParser: Parser<PingReport> = {
  id: 'ping',
  commands: ['ping -c N [-M do -s SIZE] DST'],
  parse: parsePing,
};
