// Why: pure: what the test pair's own traffic did (connected or not, answered or not) and where its packets were last seen, the facts every verdict must agree with.

import type { EvidenceLine, Gate } from '../checks/types.js';
import type { Incident } from '../incident/schema.js';
import type { Evidence, Point, ProbeResult, ProtoSighting, Sighting } from './analyze.js';

/**
 * works: the pair's own test completed (TCP: connected and the transfer finished; ICMP: echo answered).
 * partial: TCP connected but the transfer did not finish (small packets pass, large ones stall).
 * fails: the pair's packets did not make the round trip (no connect, no echo reply).
 * unknown: not measured (no host could send it, or the sender lacks the tool).
 */
export type PairStatus = 'works' | 'partial' | 'fails' | 'unknown';

export interface PairOutcome {
  protocol: 'tcp' | 'icmp';
  status: PairStatus;
  /** The host that sent the test traffic, as the incident names it; null when none did. */
  from: string | null;
  /** One line: what was sent and what happened, in the operator's terms. */
  summary: string;
  /** For a tcp pair, what its ICMP echo did beside the TCP test (null for an icmp pair or when no ping ran). */
  echo: 'answered' | 'unanswered' | null;
  /** TCP: whether the handshake completed (null when it cannot be told). */
  connected: boolean | null;
  evidence: EvidenceLine[];
  /** The pair's first packet as gateway A's LAN saw it: "tcp 10.20.0.55:33118 -> 172.31.40.10:8080" (null when not captured). */
  flow?: string | null;
}

/** One capture point of the "seen at" table: the pair's packets toward the destination and back. */
export interface SeenAtRow {
  point: Point;
  host: string;
  iface: string;
  /** Packets of the pair's protocol toward the destination / from it. */
  toward: number;
  back: number;
  firstToward: string | null;
  firstBack: string | null;
}

/** Where the pair's packets were last seen, and the gate that owns the step after it. */
export interface LastSeen {
  gate: Exclude<Gate, 'mtu'>;
  /** "request at tunA (gwA wg0), not at tunB", in words. */
  text: string;
  evidence: EvidenceLine[];
}

/** Order of the points along the request's path; replies walk it backwards. The WAN points show clear-text leaks only. */
const PATH: readonly Point[] = ['lanA', 'tunA', 'tunB', 'lanB'];
const TABLE_ORDER: readonly Point[] = ['lanA', 'tunA', 'wanA', 'wanB', 'tunB', 'lanB'];
/** The gate that owns the step into a point of the request's path. */
const GATE_INTO: Record<string, Exclude<Gate, 'mtu'>> = { tunA: 2, tunB: 3, lanB: 4 };

const CURL_LINE = /^(\d{3}) (\d+)(?: ([\d.]+))?\s*$/m;
/** curl exit codes: 6 name not resolved, 7 could not connect, 28 timed out, 52 empty reply, 56 receive failure. */
const CURL_WHY: Record<number, string> = { 6: 'the name did not resolve', 7: 'could not connect (refused, or no route)', 28: 'timed out', 35: 'TLS handshake failed', 52: 'the server closed with no reply', 56: 'the connection broke while receiving' };

export function pairProtocol(inc: Incident): 'tcp' | 'icmp' {
  return inc.pair.protocol === 'tcp' && inc.pair.port ? 'tcp' : 'icmp';
}

function firstLine(p: ProbeResult): string {
  const l = `${p.stdout}\n${p.stderr}`.split('\n').map((x) => x.trim()).find((x) => x && (CURL_LINE.test(x) || /packets transmitted|received/.test(x)));
  return l ?? (`${p.stdout}\n${p.stderr}`.split('\n').map((x) => x.trim()).find(Boolean) ?? `(no output, exit ${p.exitCode ?? '?'})`);
}

function quoted(p: ProbeResult, line: string): EvidenceLine {
  return { host: p.host, command: p.command, line };
}

function missingTool(p: ProbeResult): boolean {
  return p.exitCode === 127 || (/command not found|: not found$/m.test(p.stderr) && !p.stdout.trim());
}

function echoOf(ev: Evidence): { answered: boolean; line: string } | null {
  const p = ev.ping;
  if (!p || missingTool(p)) return null;
  const s = p.parsed?.ok ? p.parsed.value.summary : null;
  const received = s?.received ?? (/\b(\d+) (?:packets )?received\b/.exec(p.stdout)?.[1] !== undefined ? Number(/\b(\d+) (?:packets )?received\b/.exec(p.stdout)![1]) : null);
  const transmitted = s?.transmitted ?? null;
  if (received === null) return null;
  return { answered: received > 0, line: `${transmitted ?? '?'} echo requests, ${received} replies` };
}

/** The pair's SYN-ACKs seen on site A's side: the handshake's answer came back through gateway A. */
function synAckAtA(ev: Evidence): boolean | null {
  const s = ev.sightings.lanA?.byProto?.tcp;
  return s ? s.synAcks > 0 : null;
}

/** The 5-tuple of the pair's first packet on gateway A's LAN. */
function flowOf(ev: Evidence, protocol: 'tcp' | 'icmp'): string | null {
  const t = ev.sightings.lanA?.byProto?.[protocol]?.firstTuple;
  if (!t) return null;
  return protocol === 'tcp' ? `tcp ${t.src}:${t.srcPort ?? '?'} -> ${t.dst}:${t.dstPort ?? '?'}` : `icmp echo ${t.src} -> ${t.dst}${t.icmpId !== null ? ` id ${t.icmpId}` : ''}`;
}

export function pairOutcome(ev: Evidence): PairOutcome {
  const o = measured(ev);
  return { ...o, flow: flowOf(ev, o.protocol) };
}

function measured(ev: Evidence): PairOutcome {
  const inc = ev.incident;
  const protocol = pairProtocol(inc);
  const dst = inc.pair.destination;
  const echo = echoOf(ev);
  if (protocol === 'icmp') {
    const p = ev.ping;
    if (!p) return { protocol, status: 'unknown', from: null, summary: `no echo was sent to ${dst}: no host could send it`, echo: null, connected: null, evidence: [] };
    if (!echo) return { protocol, status: 'unknown', from: p.host, summary: `the echo from ${p.host} to ${dst} gave no readable result (exit ${p.exitCode ?? '?'})`, echo: null, connected: null, evidence: [quoted(p, firstLine(p))] };
    return {
      protocol,
      status: echo.answered ? 'works' : 'fails',
      from: p.host,
      summary: `ICMP echo from ${p.host} to ${dst}: ${echo.answered ? 'answered' : 'no reply'} (${echo.line})`,
      echo: null,
      connected: null,
      evidence: [quoted(p, firstLine(p))],
    };
  }
  const t = ev.tcp;
  const target = `${dst}:${inc.pair.port}`;
  const echoWords = echo ? `; ICMP echo ${echo.answered ? 'answered' : 'not answered'} (${echo.line})` : '';
  const echoField = echo ? (echo.answered ? 'answered' : 'unanswered') : null;
  const echoEvidence = echo && ev.ping ? [quoted(ev.ping, firstLine(ev.ping))] : [];
  if (!t) return { protocol, status: 'unknown', from: null, summary: `no TCP connect to ${target} was tried: no host could send it${echoWords}`, echo: echoField, connected: null, evidence: echoEvidence };
  if (missingTool(t)) return { protocol, status: 'unknown', from: t.host, summary: `the TCP test could not run on ${t.host} (curl missing: exit ${t.exitCode ?? '?'})${echoWords}`, echo: echoField, connected: null, evidence: [quoted(t, firstLine(t)), ...echoEvidence] };
  const m = CURL_LINE.exec(t.stdout);
  const code = m ? m[1]! : null;
  const bytes = m ? Number(m[2]) : null;
  const connectTime = m?.[3] !== undefined ? Number(m[3]) : null;
  const exit = t.exitCode;
  const answered = code !== null && code !== '000';
  // The handshake: curl's own time_connect when it printed one, else an HTTP answer, else the SYN-ACK in gateway A's LAN capture.
  const connected = connectTime !== null ? connectTime > 0 : answered ? true : exit === 7 ? false : synAckAtA(ev);
  const why = exit !== null && exit !== 0 ? (CURL_WHY[exit] ?? `curl exit ${exit}`) : null;
  const evidence = [quoted(t, firstLine(t)), ...echoEvidence];
  if (exit === 0 && answered) {
    return { protocol, status: 'works', from: t.host, summary: `TCP to ${target} from ${t.host}: connected, answered ${code}, ${bytes} bytes received${echoWords}`, echo: echoField, connected: true, evidence };
  }
  if (exit === null && !m) {
    return { protocol, status: 'unknown', from: t.host, summary: `the TCP test to ${target} from ${t.host} gave no readable result${echoWords}`, echo: echoField, connected, evidence };
  }
  if (connected) {
    return { protocol, status: 'partial', from: t.host, summary: `TCP to ${target} from ${t.host}: connected, but the transfer did not finish (${why ?? 'no answer'}${bytes !== null ? `, ${bytes} bytes received` : ''})${echoWords}`, echo: echoField, connected, evidence };
  }
  const resets = ev.sightings.lanA?.byProto?.tcp.resets ?? 0;
  const refused = resets > 0 ? ' (the destination side answered with a reset)' : '';
  return { protocol, status: 'fails', from: t.host, summary: `TCP to ${target} from ${t.host}: did not connect: ${why ?? 'no answer'}${refused}${echoWords}`, echo: echoField, connected, evidence };
}

function ifaceOf(inc: Incident, point: Point): string {
  const site = point.endsWith('A') ? inc.sites.a : inc.sites.b;
  const k = point.slice(0, 3);
  return (k === 'lan' ? site.gateway.lan_interface : k === 'tun' ? site.tunnel.interface : site.gateway.wan_interface) ?? '?';
}

function counts(s: Sighting, protocol: 'tcp' | 'icmp'): Pick<ProtoSighting, 'requests' | 'replies' | 'firstRequest' | 'firstReply'> {
  return s.byProto?.[protocol] ?? s;
}

/** The "seen at" table: one row per capture point that ran, in path order, counting the pair's own protocol. */
export function seenAt(ev: Evidence): SeenAtRow[] {
  const protocol = pairProtocol(ev.incident);
  return TABLE_ORDER.flatMap((point) => {
    const s = ev.sightings[point];
    if (!s) return [];
    const c = counts(s, protocol);
    return [{ point, host: s.host, iface: ifaceOf(ev.incident, point), toward: c.requests, back: c.replies, firstToward: c.firstRequest, firstBack: c.firstReply }];
  });
}

function where(r: SeenAtRow): string {
  return `${r.point} (${r.host} ${r.iface})`;
}

function line(ev: Evidence, r: SeenAtRow, text: string | null): EvidenceLine[] {
  const s = ev.sightings[r.point];
  return s && text ? [{ host: s.host, command: s.command, line: text }] : [];
}

/** The last point on the pair's path where its packets were seen, and the gate of the step after it; null when no capture point ran. */
export function lastSeen(ev: Evidence, rows: readonly SeenAtRow[] = seenAt(ev)): LastSeen | null {
  const l = lastOnPath(ev, rows);
  if (!l) return null;
  // The pair's own packets on a WAN capture left a gateway outside the tunnel, in clear.
  const leaks = rows.filter((r) => r.point.startsWith('wan') && r.toward + r.back > 0);
  if (!leaks.length) return l;
  const words = leaks.map((r) => `${r.toward ? `${r.toward} toward` : ''}${r.toward && r.back ? ' and ' : ''}${r.back ? `${r.back} back` : ''} on ${where(r)}`).join('; ');
  return { ...l, text: `${l.text}; in clear outside the tunnel: ${words}`, evidence: [...l.evidence, ...leaks.flatMap((r) => line(ev, r, r.firstToward ?? r.firstBack))] };
}

function lastOnPath(ev: Evidence, rows: readonly SeenAtRow[]): LastSeen | null {
  const onPath = PATH.map((p) => rows.find((r) => r.point === p)).filter((r): r is SeenAtRow => r !== undefined);
  if (!onPath.length) return null;
  let last: SeenAtRow | null = null;
  for (const r of onPath) if (r.toward > 0) last = r;
  if (!last) {
    const first = onPath[0]!;
    return { gate: 1, text: `no request seen at any capture point, from ${where(first)} on`, evidence: [] };
  }
  const i = onPath.indexOf(last);
  const next = onPath[i + 1];
  if (next) return { gate: GATE_INTO[next.point] ?? 4, text: `request last seen at ${where(last)}, not at ${where(next)}`, evidence: line(ev, last, last.firstToward) };
  // The request got as far as the captures reach; follow the reply back.
  const back = [...onPath].reverse();
  const firstBack = back.find((r) => r.back > 0);
  if (!firstBack) return { gate: 4, text: `request seen as far as ${where(last)}; no reply seen anywhere`, evidence: line(ev, last, last.firstToward) };
  let lastBack = firstBack;
  for (const r of back.slice(back.indexOf(firstBack))) if (r.back > 0) lastBack = r;
  const j = back.indexOf(lastBack);
  const nextBack = back[j + 1];
  if (nextBack) return { gate: 4, text: `reply last seen at ${where(lastBack)}, not at ${where(nextBack)}`, evidence: line(ev, lastBack, lastBack.firstBack) };
  return { gate: 4, text: `request and reply seen at every capture point, the reply back to ${where(lastBack)}`, evidence: line(ev, lastBack, lastBack.firstBack) };
}
