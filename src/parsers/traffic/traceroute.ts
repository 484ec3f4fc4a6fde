// Why: traceroute shows the path a packet takes: into the tunnel (next hop the peer gateway) or out to the internet (the "wrong exit").

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { int, lines } from '../text.js';

/** What a "!X" marker after an RTT says (Linux traceroute's ICMP unreachable annotations). */
export type TracerouteMarkKind =
  | 'host-unreachable'
  | 'net-unreachable'
  | 'protocol-unreachable'
  | 'source-route-failed'
  | 'frag-needed'
  | 'prohibited'
  | 'precedence-violation'
  | 'precedence-cutoff'
  | 'other';

export interface TracerouteProbe {
  /** Who answered; null for "*" (no answer). */
  address: string | null;
  /** The name printed without -n ("gw.example (10.20.0.1)"). */
  name: string | null;
  rttMs: number | null;
  /** "!H", "!N", "!X", "!F-1280", "!<10>" as printed. */
  mark: string | null;
  markKind: TracerouteMarkKind | null;
  /** The MTU in "!F-1280". */
  mtu: number | null;
}

export interface TracerouteHop {
  hop: number;
  probes: TracerouteProbe[];
  /** Distinct answering addresses, in order. */
  addresses: string[];
  /** Every probe was "*". */
  silent: boolean;
}

export interface TracerouteReport {
  target: string | null;
  address: string | null;
  maxHops: number | null;
  packetBytes: number | null;
  hops: TracerouteHop[];
  /** The last hop answered from the destination address. */
  reachedDestination: boolean;
}

const MARKS: Record<string, TracerouteMarkKind> = {
  '!H': 'host-unreachable',
  '!N': 'net-unreachable',
  '!P': 'protocol-unreachable',
  '!S': 'source-route-failed',
  '!F': 'frag-needed',
  '!X': 'prohibited',
  '!V': 'precedence-violation',
  '!C': 'precedence-cutoff',
};

/** The command's own complaints: bad name, no route, no permission, bad option. */
const ERROR_LINE =
  /^(?:traceroute6?:|connect:|send:|sendto:|Cannot handle|Bad option|Extra arg|Unknown option|(?:sh|bash):)|Name or service not known|Temporary failure in name resolution|Network is unreachable|Operation not permitted|command not found/;

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

function rtt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,9}(?:\.\d{1,6})?$/.test(s)) return null;
  return Number(s);
}

function mark(p: TracerouteProbe, tok: string): void {
  p.mark = tok;
  const f = /^!F-?(\d{1,6})$/.exec(tok);
  if (f) {
    p.markKind = 'frag-needed';
    p.mtu = int(f[1]);
    return;
  }
  p.markKind = MARKS[tok] ?? 'other';
}

/** The hop line after its number: "10.20.0.1  0.431 ms  0.382 ms !H  *". */
function parseProbes(rest: string): TracerouteProbe[] | null {
  const toks = rest.split(/\s+/).filter(Boolean);
  const probes: TracerouteProbe[] = [];
  let addr: string | null = null;
  let name: string | null = null;
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] ?? '';
    if (tok === '*') {
      probes.push({ address: null, name: null, rttMs: null, mark: null, markKind: null, mtu: null });
      continue;
    }
    if (tok.startsWith('!')) {
      const last = probes[probes.length - 1];
      if (!last) return null;
      mark(last, tok);
      continue;
    }
    if (toks[i + 1] === 'ms') {
      const v = rtt(tok);
      if (v === null || addr === null) return null;
      probes.push({ address: addr, name, rttMs: v, mark: null, markKind: null, mtu: null });
      i++;
      continue;
    }
    const next = toks[i + 1];
    if (next !== undefined && next.startsWith('(') && next.endsWith(')') && next.length > 2) {
      name = tok;
      addr = next.slice(1, -1);
      i++;
      continue;
    }
    // "[AS64500]" (-A) and "<MPLS:...>" (-e) decorations.
    if (tok.startsWith('[') || tok.startsWith('<')) continue;
    if (tok.length > 255 || !/^[0-9A-Za-z.:_%-]+$/.test(tok)) return null;
    addr = tok;
    name = null;
  }
  return probes.length ? probes : null;
}

export function parseTraceroute(text: string): Parsed<TracerouteReport> {
  if (!text.trim()) return fail('empty', 'no traceroute output');
  const warnings: string[] = [];
  const r: TracerouteReport = { target: null, address: null, maxHops: null, packetBytes: null, hops: [], reachedDestination: false };
  let header = false;
  const errors: Array<{ line: number; text: string }> = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const n = i + 1;
    const t = (all[i] ?? '').trim();
    if (!t) continue;
    const h = /^traceroute6? to (\S{1,255}) \(([^)\s]{1,64})\), (\d{1,4}) hops max, (\d{1,6}) byte packets$/.exec(t);
    if (h) {
      header = true;
      r.target = h[1] ?? null;
      r.address = h[2] ?? null;
      r.maxHops = int(h[3]);
      r.packetBytes = int(h[4]);
      continue;
    }
    const hop = /^(\d{1,4}) +(\S.*)$/.exec(t);
    if (hop) {
      const probes = parseProbes(hop[2] ?? '');
      if (probes) {
        const addresses: string[] = [];
        for (const p of probes) if (p.address !== null && !addresses.includes(p.address)) addresses.push(p.address);
        r.hops.push({ hop: int(hop[1]) ?? 0, probes, addresses, silent: addresses.length === 0 });
        continue;
      }
    }
    if (ERROR_LINE.test(clip(t, 400))) errors.push({ line: n, text: t });
    else warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
  }
  const first = errors[0];
  // "connect: Network is unreachable" may follow the header line: still the command failing.
  if (first && !r.hops.length) return fail('command-error', clip(first.text, 300), first.line);
  if (!header && !r.hops.length) return fail('unrecognized', 'no traceroute header or hop line');
  for (const e of errors) warnings.push(`line ${e.line}: ${clip(e.text)}`);
  const last = r.hops[r.hops.length - 1];
  r.reachedDestination = r.address !== null && last !== undefined && last.addresses.includes(r.address);
  return ok(r, warnings);
}

export const tracerouteParser: Parser<TracerouteReport> = {
  id: 'traceroute',
  commands: ['traceroute -n DST'],
  parse: parseTraceroute,
};
