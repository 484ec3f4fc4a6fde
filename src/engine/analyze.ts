// Why: pure: a recording in, evidence out: parsed probes, where the test packet was seen, counter deltas, traffic results.

import type { Incident } from '../incident/schema.js';
import type { EvidenceLine } from '../checks/types.js';
import type { Role } from '../probes/catalog.js';
import type { Parsed } from '../parsers/result.js';
import { parserById } from '../parsers/registry.js';
import { parsePing, type PingReport } from '../parsers/traffic/ping.js';
import { parseTcpdump, type TcpdumpPacket } from '../parsers/traffic/tcpdump.js';
import { parseConntrack, type ConntrackFacts } from '../parsers/firewall/conntrack.js';
import { ipLinkStats } from '../parsers/iproute/ip-link-stats.js';
import { wgDump } from '../parsers/vpn/wg-dump.js';
import { swanctlListSas } from '../parsers/vpn/swanctl-list-sas.js';
import type { CounterSample, RecordedCommand, Recording } from './recording.js';
import { runFlows, strayReason, type RunFlows } from './run-traffic.js';

export interface ProbeResult<T = unknown> {
  id: string;
  role: Role;
  /** The host as the incident names it (ssh alias, namespace or "local"). */
  host: string;
  /** The command as a person would type it. */
  command: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  parsed: Parsed<T> | null;
}

export type Point = 'lanA' | 'tunA' | 'wanA' | 'lanB' | 'tunB' | 'wanB';
export const POINTS: readonly Point[] = ['lanA', 'tunA', 'wanA', 'tunB', 'lanB', 'wanB'];

/** What one capture point saw of the test flow. */
export interface Sighting {
  point: Point;
  role: 'gwA' | 'gwB';
  host: string;
  command: string;
  /** Packets toward the destination / from the destination. */
  requests: number;
  replies: number;
  /** ICMP errors (unreachable, frag-needed) seen there. */
  icmpErrors: number;
  firstRequest: string | null;
  firstReply: string | null;
  firstIcmpError: string | null;
  /** Packets between the pair that are not this run's test traffic (a TCP packet of a connection it did not open, an echo reply to no captured request), left out of requests and replies. */
  ignored: number;
  /** The first of them as printed, with why it was ignored. */
  firstIgnored: string | null;
  /** The same test packets split by protocol: the pair's TCP connection and its ICMP echo (absent on sightings built by hand in tests). */
  byProto?: Record<'tcp' | 'icmp', ProtoSighting>;
}

/** One protocol's test packets at a point. */
export interface ProtoSighting {
  requests: number;
  replies: number;
  /** TCP only: SYN-ACKs from the destination (the handshake's answer). */
  synAcks: number;
  /** TCP only: resets from the destination. */
  resets: number;
  firstRequest: string | null;
  firstReply: string | null;
  /** The first request's addresses and ports as captured (after any NAT at that point). */
  firstTuple: { src: string; srcPort: number | null; dst: string; dstPort: number | null; icmpId: number | null } | null;
}

export interface CounterDelta {
  role: 'gwA' | 'gwB';
  host: string;
  samples: number;
  /** Tunnel interface packets/bytes moved while traffic flowed (ip -s link). */
  tunnel: { rxPackets: number; txPackets: number; rxBytes: number; txBytes: number } | null;
  /** WireGuard transfer or child SA bytes moved (outer/ESP view). */
  vpn: { rxBytes: number; txBytes: number } | null;
  command: string;
}

export interface Evidence {
  incident: Incident;
  probes: Record<string, ProbeResult>;
  unreachable: Role[];
  sightings: Partial<Record<Point, Sighting>>;
  counters: Partial<Record<'gwA' | 'gwB', CounterDelta>>;
  ping: ProbeResult<PingReport> | null;
  tcp: ProbeResult | null;
  mtu: Array<{ size: number; result: ProbeResult<PingReport> }>;
  conntrackEvents: Partial<Record<'gwA' | 'gwB', ProbeResult<ConntrackFacts>>>;
  /** One side only: the tunnel's outer packets on gwA's WAN, to and from the far peer (absent when not captured). */
  outer?: OuterSighting | null;
}

/** gwA's WAN capture of the tunnel's outer packets (ESP, IKE/NAT-T, WireGuard) with the far peer. */
export interface OuterSighting {
  toPeer: number;
  fromPeer: number;
  /** Source addresses of packets that came back (another address than the peer's means a NAT or a second box). */
  fromAddresses: string[];
  firstOut: EvidenceLine | null;
  firstBack: EvidenceLine | null;
}


/** The host name to quote for a role, from the incident. */
export function hostOf(inc: Incident, role: Role): string {
  const t =
    role === 'gwA' ? inc.sites.a.gateway.target : role === 'gwB' ? inc.sites.b.gateway.target : role === 'hostA' ? inc.sites.a.host?.target : inc.sites.b.host?.target;
  if (!t) return role;
  if ('ssh' in t) return t.ssh;
  if ('netns' in t) return `netns:${t.netns}`;
  if ('none' in t) return `${inc.sites.b.name} (no login)`;
  return 'local';
}

function commandText(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function probeResult<T>(inc: Incident, c: RecordedCommand, parse: ((s: string) => Parsed<T>) | null): ProbeResult<T> {
  return {
    id: c.id,
    role: c.role,
    host: hostOf(inc, c.role),
    command: commandText(c.argv),
    exitCode: c.exitCode,
    stdout: c.stdout,
    stderr: c.stderr,
    // Some commands print their error on stderr only: parse that when stdout is empty.
    parsed: parse ? parse(c.stdout.trim() ? c.stdout : c.stderr) : null,
  };
}

/** One gateway's `tcpdump -i any` capture, parsed. */
interface Capture {
  role: 'gwA' | 'gwB';
  argv: string[];
  text: string;
  packets: TcpdumpPacket[];
}

function capture(role: 'gwA' | 'gwB', argv: string[], raw: string): Capture {
  const text = raw.replace(/\r/g, '');
  const parsed = parseTcpdump(text);
  return { role, argv, text, packets: parsed.ok ? parsed.value.packets : [] };
}

/** The three points of one gateway's `tcpdump -i any` capture, told apart by interface. */
function sightings(inc: Incident, c: Capture, flows: RunFlows): Sighting[] {
  const site = inc.sites[c.role === 'gwA' ? 'a' : 'b'];
  const side = c.role === 'gwA' ? 'A' : 'B';
  const at: Array<[Point, string | undefined]> = [
    [`lan${side}` as Point, site.gateway.lan_interface],
    [`tun${side}` as Point, site.tunnel.interface],
    [`wan${side}` as Point, site.gateway.wan_interface],
  ];
  return at
    .filter((x): x is [Point, string] => x[1] !== undefined)
    .map(([point, ifname]) => sighting(inc, point, c, flows, c.packets.filter((p) => p.interface === ifname)));
}

function sighting(inc: Incident, point: Point, c: Capture, flows: RunFlows, packets: TcpdumpPacket[]): Sighting {
  const dst = inc.pair.destination;
  const isIcmpError = (p: TcpdumpPacket) => p.icmp !== null && p.icmp.kind !== 'echo-request' && p.icmp.kind !== 'echo-reply';
  const flow = packets.filter((p) => (p.dst === dst || p.src === dst) && !isIcmpError(p));
  const stray = flow.map((p) => ({ p, why: strayReason(p, flows) })).filter((x) => x.why !== null);
  const strayPackets = new Set(stray.map((x) => x.p));
  const test = flow.filter((p) => !strayPackets.has(p));
  const requests = test.filter((p) => p.dst === dst);
  const replies = test.filter((p) => p.src === dst);
  const errors = packets.filter(isIcmpError);
  const firstStray = stray[0];
  return {
    point,
    role: c.role,
    host: hostOf(inc, c.role),
    command: commandText(c.argv),
    requests: requests.length,
    replies: replies.length,
    icmpErrors: errors.length,
    firstRequest: requests[0] ? lineOf(c.text, requests[0]) : null,
    firstReply: replies[0] ? lineOf(c.text, replies[0]) : null,
    firstIcmpError: errors[0] ? lineOf(c.text, errors[0]) : null,
    ignored: stray.length,
    firstIgnored: firstStray ? `${lineOf(c.text, firstStray.p)} (ignored: ${firstStray.why})` : null,
    byProto: { tcp: protoSighting(c.text, requests.filter((p) => p.tcp), replies.filter((p) => p.tcp)), icmp: protoSighting(c.text, requests.filter((p) => p.icmp), replies.filter((p) => p.icmp)) },
  };
}

function protoSighting(text: string, requests: TcpdumpPacket[], replies: TcpdumpPacket[]): ProtoSighting {
  return {
    requests: requests.length,
    replies: replies.length,
    synAcks: replies.filter((p) => p.tcp?.syn && p.tcp.ack).length,
    resets: replies.filter((p) => p.tcp?.rst).length,
    firstRequest: requests[0] ? lineOf(text, requests[0]) : null,
    firstReply: replies[0] ? lineOf(text, replies[0]) : null,
    firstTuple: requests[0]?.src && requests[0].dst ? { src: requests[0].src, srcPort: requests[0].srcPort, dst: requests[0].dst, dstPort: requests[0].dstPort, icmpId: requests[0].icmp?.id ?? null } : null,
  };
}

function outerSighting(inc: Incident, c: Capture): OuterSighting {
  const peer = inc.sites.b.gateway.wan_address;
  const out = c.packets.filter((p) => p.dst === peer);
  const back = c.packets.filter((p) => p.dst !== peer && p.src !== null);
  const host = hostOf(inc, 'gwA');
  const command = commandText(c.argv);
  return {
    toPeer: out.length,
    fromPeer: back.length,
    fromAddresses: [...new Set(back.map((p) => p.src!))],
    firstOut: out[0] ? { host, command, line: lineOf(c.text, out[0]) } : null,
    firstBack: back[0] ? { host, command, line: lineOf(c.text, back[0]) } : null,
  };
}

function lineOf(text: string, p: TcpdumpPacket): string {
  return (text.split('\n')[p.line - 1] ?? '').trim();
}

function linkTotals(s: CounterSample): { rxPackets: number; txPackets: number; rxBytes: number; txBytes: number } | null {
  const r = ipLinkStats.parse(s.link);
  const l = r.ok ? r.value.links[0] : undefined;
  if (!l?.rx || !l.tx) return null;
  return { rxPackets: l.rx.packets, txPackets: l.tx.packets, rxBytes: l.rx.bytes, txBytes: l.tx.bytes };
}

function vpnTotals(s: CounterSample): { rxBytes: number; txBytes: number } | null {
  if (s.vpnArgv[0] === 'wg') {
    const r = wgDump.parse(s.vpn);
    if (!r.ok) return null;
    const peers = r.value.interfaces.flatMap((i) => i.peers);
    return { rxBytes: peers.reduce((a, p) => a + (p.rxBytes ?? 0), 0), txBytes: peers.reduce((a, p) => a + (p.txBytes ?? 0), 0) };
  }
  if (s.vpnArgv[0] === 'swanctl') {
    const r = swanctlListSas.parse(s.vpn);
    if (!r.ok) return s.vpn.trim() ? null : { rxBytes: 0, txBytes: 0 };
    const kids = r.value.ikeSas.flatMap((i) => i.children);
    return { rxBytes: kids.reduce((a, c) => a + (c.in.bytes ?? 0), 0), txBytes: kids.reduce((a, c) => a + (c.out.bytes ?? 0), 0) };
  }
  return null;
}

function delta(inc: Incident, role: 'gwA' | 'gwB', samples: CounterSample[]): CounterDelta {
  const first = samples[0];
  const last = samples[samples.length - 1];
  const diff = <T extends Record<string, number>>(a: T | null, b: T | null): T | null => {
    if (!a || !b) return null;
    const out = {} as Record<string, number>;
    for (const k of Object.keys(a)) out[k] = Math.max(0, (b[k] ?? 0) - (a[k] ?? 0));
    return out as T;
  };
  return {
    role,
    host: hostOf(inc, role),
    samples: samples.length,
    tunnel: first && last ? diff(linkTotals(first), linkTotals(last)) : null,
    vpn: first && last ? diff(vpnTotals(first), vpnTotals(last)) : null,
    command: [commandText(['ip', '-s', '-j', 'link', 'show', 'dev', inc.sites[role === 'gwA' ? 'a' : 'b'].tunnel.interface ?? '?']), ...(first?.vpnArgv.length ? [commandText(first.vpnArgv)] : [])].join('; '),
  };
}

export function analyze(inc: Incident, rec: Recording): Evidence {
  const probes: Record<string, ProbeResult> = {};
  for (const c of Object.values(rec.probes)) {
    const parser = c.parser ? parserById(c.parser) : undefined;
    probes[c.id] = probeResult(inc, c, parser ? (s) => parser.parse(s) : null);
  }
  const seen: Partial<Record<Point, Sighting>> = {};
  const conntrackEvents: Evidence['conntrackEvents'] = {};
  const captures: Capture[] = [];
  let outer: OuterSighting | null = null;
  for (const s of Object.values(rec.streams)) {
    const text = s.chunks.map((c) => c.data).join('');
    if (s.id === 'gwA.outer') outer = outerSighting(inc, capture('gwA', s.argv, text));
    else if (s.parser === 'tcpdump' && (s.role === 'gwA' || s.role === 'gwB')) captures.push(capture(s.role, s.argv, text));
    if (s.parser === 'conntrack' && (s.role === 'gwA' || s.role === 'gwB')) {
      conntrackEvents[s.role] = probeResult(inc, { id: s.id, role: s.role, argv: s.argv, exitCode: null, stdout: text.replace(/\r/g, ''), stderr: '', startedAt: 0, durationMs: 0 }, parseConntrack);
    }
  }
  // Which connections and echo requests are this run's is decided over both gateways' captures at once.
  const flows = runFlows(captures.flatMap((c) => c.packets), inc.pair);
  for (const c of captures) for (const x of sightings(inc, c, flows)) seen[x.point] = x;
  const counters: Evidence['counters'] = {};
  for (const role of ['gwA', 'gwB'] as const) {
    const samples = rec.counters[role];
    if (samples?.length) counters[role] = delta(inc, role, samples);
  }
  const mtu = Object.values(rec.traffic)
    .filter((c) => c.id.startsWith('mtu-'))
    .map((c) => ({ size: Number(c.id.slice(4)), result: probeResult(inc, { ...c, stdout: c.stdout + c.stderr, stderr: '' }, parsePing) }))
    .sort((a, b) => b.size - a.size);
  const ping = rec.traffic.ping ? probeResult(inc, { ...rec.traffic.ping, stdout: rec.traffic.ping.stdout + rec.traffic.ping.stderr, stderr: '' }, parsePing) : null;
  const tcp = rec.traffic['tcp-connect'] ? probeResult(inc, rec.traffic['tcp-connect'], null) : null;
  return { incident: inc, probes, unreachable: rec.unreachable, sightings: seen, counters, ping, tcp, mtu, conntrackEvents, ...(outer ? { outer } : {}) };
}
