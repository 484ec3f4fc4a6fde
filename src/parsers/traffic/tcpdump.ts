// Why: tcpdump line output shows where a test packet was last seen (LAN, tunnel, WAN in clear or encapsulated) and what ICMP said about it.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { int, lines } from '../text.js';

/** Linux cooked capture packet types as printed with `-i any`: In, Out, B(roadcast), M(ulticast), P (to another host). */
export type TcpdumpDirection = 'in' | 'out' | 'broadcast' | 'multicast' | 'other-host';

export type TcpdumpFamily = 'ip' | 'ip6' | 'arp' | 'other';

/** WireGuard has no decoder in tcpdump 4.99: it shows as 'udp' ("UDP, length 148") on port 51820. */
export type TcpdumpProtocol =
  | 'icmp'
  | 'icmp6'
  | 'tcp'
  | 'udp'
  /** ESP, native (IP protocol 50) or UDP-encapsulated (port 4500): see `esp.udpEncap`. */
  | 'esp'
  /** IKE, on port 500 or port 4500 ("NONESP-encap: isakmp: ..."). */
  | 'isakmp'
  /** The 1-byte NAT-T keepalive on port 4500. */
  | 'nat-keepalive'
  | 'gre'
  | 'arp'
  | 'other';

export type IcmpKind = 'echo-request' | 'echo-reply' | 'unreachable' | 'time-exceeded' | 'redirect' | 'packet-too-big' | 'other';

/** What an ICMP unreachable says; `frag-needed` carries the next-hop MTU (PMTUD). */
export type UnreachableKind = 'net' | 'host' | 'protocol' | 'port' | 'frag-needed' | 'admin-prohibited' | 'other';

export interface TcpdumpIcmp {
  kind: IcmpKind;
  id: number | null;
  seq: number | null;
  unreachable: {
    kind: UnreachableKind;
    /** The address the ICMP is about (the original destination). */
    address: string | null;
    /** For port unreachable: "udp" / "tcp" and the port. */
    transport: string | null;
    port: number | null;
    protocol: number | null;
    /** Next-hop MTU for frag-needed / packet too big. */
    mtu: number | null;
    /** The text after " - " (e.g. "need to frag (mtu 1280)", "admin prohibited filter"). */
    reason: string | null;
  } | null;
  /** The ICMP text without the trailing length, as printed. */
  text: string;
}

export interface TcpdumpTcp {
  /** The flags as printed between brackets: "S", "S.", ".", "P.", "F.", "R", "R.". */
  flags: string;
  syn: boolean;
  ack: boolean;
  fin: boolean;
  rst: boolean;
  psh: boolean;
  /** First sequence number (relative after the handshake); for "seq 1:82" the end is seqEnd. */
  seq: number | null;
  seqEnd: number | null;
  ackNumber: number | null;
  win: number | null;
  /** MSS option (SYN / SYN-ACK): what the MSS clamp shows. */
  mss: number | null;
  options: string | null;
  /** Application decode after the length, e.g. "HTTP: GET / HTTP/1.1". */
  payload: string | null;
}

export interface TcpdumpPacket {
  /** 1-based line in the input. */
  line: number;
  /** The timestamp as printed (null with -t). */
  timestamp: string | null;
  /** With -tttt. */
  date: string | null;
  /** Seconds since midnight when the time is HH:MM:SS[.frac]. */
  secondsOfDay: number | null;
  /** Seconds since the epoch with -tt. */
  epoch: number | null;
  /** Capture interface, printed with `-i any`. */
  interface: string | null;
  direction: TcpdumpDirection | null;
  /** Link-layer header with -e. */
  /** Link-layer header with -e; `vlan` is the 802.1Q tag ("vlan 217, p 0, ethertype ARP"), `ethertype` then the inner one. */
  link: { srcMac: string | null; dstMac: string | null; ethertype: string; frameLength: number | null; vlan?: number } | null;
  family: TcpdumpFamily;
  src: string | null;
  srcPort: number | null;
  /** Without -n the port may print as a service name ("host.https", "x.netbios-dgm"): kept here, `srcPort` then null. */
  srcService?: string;
  dst: string | null;
  dstPort: number | null;
  dstService?: string;
  protocol: TcpdumpProtocol;
  /** The IP protocol number when tcpdump printed it: "ip-proto-N" (a later fragment, or a protocol it does not decode) or -v's "proto TCP (6)". */
  ipProtocol?: number;
  /** The protocol's "length N" (payload length for TCP/UDP/ESP, ICMP length). */
  length: number | null;
  icmp: TcpdumpIcmp | null;
  tcp: TcpdumpTcp | null;
  esp: { spi: string; seq: number | null; udpEncap: boolean } | null;
  arp: { op: 'request' | 'reply' | 'other'; target: string | null; sender: string | null; mac: string | null } | null;
  /** Everything after "src > dst: " (or after the ARP/other prefix), as printed. */
  info: string;
  /** Internal while parsing: a -v IPv4 header line whose packet follows on the next, indented line. */
  verboseHeader?: boolean;
}

export interface TcpdumpCapture {
  packets: TcpdumpPacket[];
  /** "listening on lan0, link-type EN10MB (Ethernet), snapshot length 262144 bytes". */
  listening: { interface: string; linkType: string; linkTypeName: string | null; snapshotLength: number | null } | null;
  /** The closing counters, printed when tcpdump stops (absent when a stream was cut). */
  stats: { captured: number | null; receivedByFilter: number | null; droppedByKernel: number | null; droppedByInterface: number | null };
}

const DIRECTIONS: Record<string, TcpdumpDirection> = { In: 'in', Out: 'out', B: 'broadcast', M: 'multicast', P: 'other-host' };

const clip = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n)}...` : s);

/** A packet line or null. */
function parsePacket(raw: string, lineNo: number, warnings: string[]): TcpdumpPacket | null {
  let rest = raw;
  let timestamp: string | null = null;
  let date: string | null = null;
  let secondsOfDay: number | null = null;
  let epoch: number | null = null;

  const tod = /^(?:(\d{4}-\d{2}-\d{2}) )?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? /.exec(rest);
  const ep = tod ? null : /^(\d{1,12})\.(\d{1,9}) /.exec(rest);
  if (tod) {
    date = tod[1] ?? null;
    const h = int(tod[2]) ?? 0;
    const m = int(tod[3]) ?? 0;
    const sec = int(tod[4]) ?? 0;
    secondsOfDay = Number(`${h * 3600 + m * 60 + sec}${tod[5] ? `.${tod[5]}` : ''}`);
    timestamp = tod[0].slice(date ? 11 : 0, -1);
    rest = rest.slice(tod[0].length);
  } else if (ep) {
    timestamp = ep[0].slice(0, -1);
    epoch = Number(timestamp);
    rest = rest.slice(ep[0].length);
  }

  let iface: string | null = null;
  let direction: TcpdumpDirection | null = null;
  const dir = /^(\S{1,32}) +(In|Out|B|M|P) +/.exec(rest);
  if (dir) {
    iface = dir[1] ?? null;
    direction = DIRECTIONS[dir[2] ?? ''] ?? null;
    rest = rest.slice(dir[0].length);
  }

  let link: TcpdumpPacket['link'] = null;
  const cooked = /^ifindex \d{1,10} (?:([0-9a-f]{2}(?::[0-9a-f]{2}){5}) )?ethertype ([^\s(]{1,40}) \((0x[0-9a-f]{4})\), length (\d{1,9}): /.exec(rest);
  const ether = cooked ? null : /^([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > ([0-9a-f]{2}(?::[0-9a-f]{2}){5}), ethertype ([^\s(]{1,40}) \((0x[0-9a-f]{4})\), length (\d{1,9}): /.exec(rest);
  // The short -e form without the ethertype number: "MAC > MAC, ARP, length 42: ", "MAC > MAC, 802.1Q, length 64: ".
  const short = cooked || ether ? null : /^([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > ([0-9a-f]{2}(?::[0-9a-f]{2}){5}), ([A-Za-z0-9.]{1,20}), length (\d{1,9}): /.exec(rest);
  if (cooked) {
    link = { srcMac: cooked[1] ?? null, dstMac: null, ethertype: cooked[2] ?? '', frameLength: int(cooked[4]) };
    rest = rest.slice(cooked[0].length);
  } else if (ether) {
    link = { srcMac: ether[1] ?? null, dstMac: ether[2] ?? null, ethertype: ether[3] ?? '', frameLength: int(ether[5]) };
    rest = rest.slice(ether[0].length);
  } else if (short) {
    link = { srcMac: short[1] ?? null, dstMac: short[2] ?? null, ethertype: short[3] ?? '', frameLength: int(short[4]) };
    rest = rest.slice(short[0].length);
  }
  if (link && link.ethertype === '802.1Q') {
    // "vlan 217, p 0, ethertype ARP, ..." (the inner ethertype may carry its number: "ethertype IPv4 (0x0800), ").
    const tag = /^vlan (\d{1,4}), p \d, ethertype ([^\s,(]{1,40})(?: \(0x[0-9a-f]{4}\))?, /.exec(rest);
    if (tag) {
      link.vlan = int(tag[1]) ?? undefined;
      link.ethertype = tag[2] ?? '';
      rest = rest.slice(tag[0].length);
    }
  }

  let family: TcpdumpFamily;
  if (link) {
    family = link.ethertype === 'IPv4' ? 'ip' : link.ethertype === 'IPv6' ? 'ip6' : link.ethertype === 'ARP' ? 'arp' : 'other';
  } else if (rest.startsWith('IP ')) {
    family = 'ip';
    rest = rest.slice(3);
  } else if (rest.startsWith('IP6 ')) {
    family = 'ip6';
    rest = rest.slice(4);
  } else if (rest.startsWith('ARP, ')) {
    family = 'arp';
    rest = rest.slice(5);
  } else if (timestamp !== null || iface !== null) {
    family = 'other';
  } else {
    return null;
  }

  const pkt: TcpdumpPacket = {
    line: lineNo,
    timestamp,
    date,
    secondsOfDay: Number.isFinite(secondsOfDay) ? secondsOfDay : null,
    epoch: Number.isFinite(epoch) ? epoch : null,
    interface: iface,
    direction,
    link,
    family,
    src: null,
    srcPort: null,
    dst: null,
    dstPort: null,
    protocol: family === 'arp' ? 'arp' : 'other',
    length: null,
    icmp: null,
    tcp: null,
    esp: null,
    arp: null,
    info: rest,
  };

  if (family === 'arp') {
    // -v adds the hardware and protocol types before the operation.
    const hw = /^Ethernet \(len 6\), IPv4 \(len 4\), /.exec(rest);
    if (hw) rest = rest.slice(hw[0].length);
    pkt.info = rest;
    pkt.arp = parseArp(rest);
    pkt.length = trailingLength(rest);
    return pkt;
  }
  if (family === 'other') return pkt;

  // -v: "IP (tos 0x0, ttl 64, ..., proto TCP (6), length 97)" then the packet on the next, indented line (IPv4);
  // "IP6 (hlim 64, next-header ICMPv6 (58) payload length: 64) SRC > DST: ..." on one line (IPv6).
  if (rest.startsWith('(')) {
    const close = closingParen(rest);
    if (close < 0) {
      warnings.push(`line ${lineNo}: unbalanced -v header: ${clip(raw)}`);
      return pkt;
    }
    const header = rest.slice(1, close);
    const proto = /(?:proto|next-header) [^\s(]{1,20} \((\d{1,3})\)/.exec(header);
    if (proto) pkt.ipProtocol = int(proto[1]) ?? undefined;
    rest = rest.slice(close + 1).trimStart();
    pkt.info = rest;
    if (!rest) {
      pkt.verboseHeader = true;
      return pkt;
    }
  }
  readAddresses(pkt, rest, raw, lineNo, warnings);
  return pkt;
}

/** Index of the ")" that closes the "(" at 0, or -1. */
function closingParen(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Details that carry no ports: the addresses before them are bare hosts, even when a name has dots. */
const PORTLESS = /^(?:ICMP|HBH ICMP6|ESP\(|AH\(|IPComp|GRE|ip-proto-|IGMP|igmp|VRRP|OSPF|PIM|CARP|IP6? |frag \(|\[icmp6 sum)/;

/** "SRC > DST: DETAIL" into the packet (also the indented second line of a -v packet). */
function readAddresses(pkt: TcpdumpPacket, rest: string, raw: string, lineNo: number, warnings: string[]): void {
  const gt = rest.indexOf(' > ');
  const colon = gt < 0 ? -1 : rest.indexOf(': ', gt + 3);
  if (gt < 0 || colon < 0 || rest.slice(0, gt).includes(' ')) {
    warnings.push(`line ${lineNo}: IP packet without "src > dst: " (verbose output?): ${clip(raw)}`);
    return;
  }
  let detail = rest.slice(colon + 2);
  // -v checksum verdicts before the protocol: "[icmp6 sum ok] ICMP6, ...", "[udp sum ok] ...", "[bad udp cksum 0x1234 -> 0x5678!] ...".
  const sum = /^\[(?:[a-z0-9]{1,8} sum ok|bad [a-z0-9]{1,8} cksum [^\]]{0,40})\] /.exec(detail);
  if (sum) detail = detail.slice(sum[0].length);
  const portless = PORTLESS.test(detail);
  const src = splitPort(rest.slice(0, gt), portless);
  const dst = splitPort(rest.slice(gt + 3, colon), portless);
  pkt.src = src.addr;
  pkt.srcPort = src.port;
  pkt.dst = dst.addr;
  pkt.dstPort = dst.port;
  for (const [side, x] of [['src', src], ['dst', dst]] as const) {
    if (x.service === null) continue;
    if (side === 'src') pkt.srcService = x.service;
    else pkt.dstService = x.service;
    warnings.push(`line ${lineNo}: ${side} port printed as the service name "${x.service}" (port number unknown; run tcpdump with -nn)`);
  }
  pkt.info = detail;
  readDetail(pkt, detail);
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const SERVICE = /^[A-Za-z][A-Za-z0-9-]{0,30}$/;

/**
 * "10.20.0.55.43394" -> address + port; IPv6 "fe80::1.546" too. Without -n: "web01.51820" (name, port),
 * "host.example.net.https" or "10.0.0.1.isakmp" (service name, port unknown). Before a portless protocol
 * (ICMP, ESP...) a name is whole: "lax17s15-in-x0e.1e100.net".
 */
function splitPort(s: string, portless: boolean): { addr: string; port: number | null; service: string | null } {
  const whole = { addr: s, port: null, service: null };
  if (portless || IPV4.test(s)) return whole;
  const dot = s.lastIndexOf('.');
  if (dot <= 0) return whole;
  const head = s.slice(0, dot);
  const tail = s.slice(dot + 1);
  if (s.includes(':')) {
    // IPv6 literal: exactly one dot, before the port.
    if (head.includes('.')) return whole;
    const port = int(tail);
    return port !== null && port <= 65535 ? { addr: head, port, service: null } : whole;
  }
  const port = /^\d{1,5}$/.test(tail) ? int(tail) : null;
  if (port !== null && port <= 65535) return { addr: head, port, service: null };
  if (SERVICE.test(tail)) return { addr: head, port: null, service: tail };
  return whole;
}

function trailingLength(s: string): number | null {
  const m = /, length (\d{1,9})$/.exec(s);
  return m ? int(m[1]) : null;
}

function readDetail(pkt: TcpdumpPacket, d: string): void {
  if (d.startsWith('ICMP ')) {
    pkt.protocol = 'icmp';
    const len = /, length (\d{1,9})$/.exec(d);
    pkt.length = len ? int(len[1]) : null;
    pkt.icmp = parseIcmp(len ? d.slice(5, d.length - len[0].length) : d.slice(5));
    return;
  }
  const i6 = d.startsWith('ICMP6, ') ? 7 : d.startsWith('HBH ICMP6, ') ? 11 : -1;
  if (i6 >= 0) {
    pkt.protocol = 'icmp6';
    const len = /, length (\d{1,9})$/.exec(d);
    pkt.length = len ? int(len[1]) : null;
    pkt.icmp = parseIcmp6(len ? d.slice(i6, d.length - len[0].length) : d.slice(i6));
    return;
  }
  if (d.startsWith('Flags [')) {
    pkt.protocol = 'tcp';
    parseTcp(pkt, d);
    return;
  }
  if (d.startsWith('UDP, ')) {
    pkt.protocol = 'udp';
    const m = /^UDP, (?:bad )?length (\d{1,9})/.exec(d);
    pkt.length = m ? int(m[1]) : trailingLength(d);
    return;
  }
  const esp = /^(UDP-encap: )?ESP\(spi=(0x[0-9a-f]{1,8}),seq=0x([0-9a-f]{1,8})\)/.exec(d);
  if (esp) {
    pkt.protocol = 'esp';
    pkt.esp = { spi: esp[2] ?? '', seq: esp[3] ? parseInt(esp[3], 16) : null, udpEncap: esp[1] !== undefined };
    pkt.length = trailingLength(d);
    return;
  }
  if (d.startsWith('isakmp-nat-keep-alive')) {
    pkt.protocol = 'nat-keepalive';
    return;
  }
  if (d.startsWith('NONESP-encap: isakmp') || d.startsWith('isakmp')) {
    pkt.protocol = 'isakmp';
    return;
  }
  const ipp = /^ip-proto-(\d{1,3})(?: (\d{1,9}))?$/.exec(d);
  if (ipp) {
    pkt.ipProtocol = int(ipp[1]) ?? undefined;
    pkt.length = ipp[2] ? int(ipp[2]) : null;
    return;
  }
  if (d.startsWith('GRE')) {
    pkt.protocol = 'gre';
    pkt.length = trailingLength(d);
    return;
  }
  pkt.length = trailingLength(d);
}

function parseIcmp(t: string): TcpdumpIcmp {
  const echo = /^echo (request|reply), (?:id (\d{1,9}), )?seq (\d{1,9})$/.exec(t);
  if (echo) return { kind: echo[1] === 'request' ? 'echo-request' : 'echo-reply', id: echo[2] ? int(echo[2]) : null, seq: int(echo[3]), unreachable: null, text: t };
  const u = t.indexOf(' unreachable');
  if (u > 0) {
    const head = t.slice(0, u).split(' ');
    const after = t.slice(u + ' unreachable'.length);
    const reason = after.startsWith(' - ') ? after.slice(3) : null;
    let kind: UnreachableKind = 'other';
    let address: string | null = null;
    let transport: string | null = null;
    let port: number | null = null;
    let protocol: number | null = null;
    if (head.length === 2 && (head[0] === 'net' || head[0] === 'host')) {
      kind = head[0];
      address = head[1] ?? null;
    } else if (head.length === 3 && head[1] === 'protocol') {
      kind = 'protocol';
      address = head[0] ?? null;
      protocol = int(head[2]);
    } else if (head.length === 4 && head[2] === 'port') {
      kind = 'port';
      address = head[0] ?? null;
      transport = head[1] ?? null;
      port = int(head[3]);
    } else if (head.length === 1) {
      address = head[0] ?? null;
    }
    let mtu: number | null = null;
    if (reason !== null) {
      if (reason.startsWith('need to frag')) {
        kind = 'frag-needed';
        const m = /^need to frag \(mtu (\d{1,6})\)/.exec(reason);
        mtu = m ? int(m[1]) : null;
      } else if (reason.startsWith('admin prohibited')) {
        kind = 'admin-prohibited';
      } else if (head.length === 1) {
        kind = 'other';
      }
    }
    return { kind: 'unreachable', id: null, seq: null, unreachable: { kind, address, transport, port, protocol, mtu, reason }, text: t };
  }
  if (t.startsWith('time exceeded') || t.endsWith('time exceeded') || t.startsWith('time exceeded-#')) {
    return { kind: 'time-exceeded', id: null, seq: null, unreachable: null, text: t };
  }
  if (t.startsWith('redirect')) return { kind: 'redirect', id: null, seq: null, unreachable: null, text: t };
  return { kind: 'other', id: null, seq: null, unreachable: null, text: t };
}

function parseIcmp6(t: string): TcpdumpIcmp {
  const echo = /^echo (request|reply), (?:id (\d{1,9}), )?seq (\d{1,9})$/.exec(t);
  if (echo) return { kind: echo[1] === 'request' ? 'echo-request' : 'echo-reply', id: echo[2] ? int(echo[2]) : null, seq: int(echo[3]), unreachable: null, text: t };
  const ptb = /^packet too big, mtu (\d{1,6})$/.exec(t);
  if (ptb) return { kind: 'packet-too-big', id: null, seq: null, unreachable: { kind: 'frag-needed', address: null, transport: null, port: null, protocol: null, mtu: int(ptb[1]), reason: t }, text: t };
  if (t.startsWith('destination unreachable')) {
    const m = /^destination unreachable, unreachable (route|address|port|prohibited) (.{1,100})$/.exec(t);
    const what = m?.[1];
    const kind: UnreachableKind = what === 'route' ? 'net' : what === 'address' ? 'host' : what === 'port' ? 'port' : what === 'prohibited' ? 'admin-prohibited' : 'other';
    return { kind: 'unreachable', id: null, seq: null, unreachable: { kind, address: m?.[2] ?? null, transport: null, port: null, protocol: null, mtu: null, reason: null }, text: t };
  }
  if (t.startsWith('time exceeded')) return { kind: 'time-exceeded', id: null, seq: null, unreachable: null, text: t };
  return { kind: 'other', id: null, seq: null, unreachable: null, text: t };
}

function parseTcp(pkt: TcpdumpPacket, d: string): void {
  const close = d.indexOf(']');
  const flags = close > 7 ? d.slice(7, close) : '';
  // The header ends at the first ", length N"; an application decode may follow after ": ".
  const lm = /, length (\d{1,9})/.exec(d);
  const header = lm ? d.slice(0, lm.index) : d;
  let payload: string | null = null;
  if (lm) {
    pkt.length = int(lm[1]);
    const after = d.slice(lm.index + lm[0].length);
    if (after.startsWith(': ')) payload = after.slice(2);
  }
  const seq = /, seq (\d{1,10})(?::(\d{1,10}))?/.exec(header);
  const ack = /, ack (\d{1,10})/.exec(header);
  const win = /, win (\d{1,10})/.exec(header);
  const optStart = header.indexOf('options [');
  const optEnd = optStart < 0 ? -1 : header.indexOf(']', optStart);
  const options = optStart < 0 ? null : header.slice(optStart + 9, optEnd < 0 ? header.length : optEnd);
  const mss = options === null ? null : /(?:^|,)mss (\d{1,5})/.exec(options);
  pkt.tcp = {
    flags,
    syn: flags.includes('S'),
    ack: flags.includes('.'),
    fin: flags.includes('F'),
    rst: flags.includes('R'),
    psh: flags.includes('P'),
    seq: seq ? int(seq[1]) : null,
    seqEnd: seq?.[2] ? int(seq[2]) : null,
    ackNumber: ack ? int(ack[1]) : null,
    win: win ? int(win[1]) : null,
    mss: mss ? int(mss[1]) : null,
    options,
    payload,
  };
}

function parseArp(t: string): TcpdumpPacket['arp'] {
  const req = /^Request who-has (\S{1,64}) (?:\(\S{1,40}\) )?tell (\S{1,64}),/.exec(t);
  if (req) return { op: 'request', target: req[1] ?? null, sender: req[2] ?? null, mac: null };
  const rep = /^Reply (\S{1,64}) is-at ([^\s,]{1,40})(?: \([^)]{0,40}\))?,/.exec(t);
  if (rep) return { op: 'reply', target: null, sender: rep[1] ?? null, mac: rep[2] ?? null };
  return { op: 'other', target: null, sender: null, mac: null };
}

const META_IGNORED = [/^(?:tcpdump: )?verbose output suppressed/, /^tcpdump: data link type \S+$/];

export function parseTcpdump(text: string): Parsed<TcpdumpCapture> {
  if (!text.trim()) return fail('empty', 'no tcpdump output');
  const warnings: string[] = [];
  const out: TcpdumpCapture = {
    packets: [],
    listening: null,
    stats: { captured: null, receivedByFilter: null, droppedByKernel: null, droppedByInterface: null },
  };
  const errors: Array<{ line: number; text: string }> = [];
  let meta = false;
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const l = all[i] ?? '';
    const n = i + 1;
    const t = l.trim();
    if (!t || t === '^C') continue;
    if (META_IGNORED.some((r) => r.test(t))) {
      meta = true;
      continue;
    }
    const listen = /^(?:tcpdump: )?listening on (\S{1,64}), link-type (\S{1,40})(?: \(([^)]{0,80})\))?, (?:snapshot length|capture size) (\d{1,10}) bytes$/.exec(t);
    if (listen) {
      out.listening = { interface: listen[1] ?? '', linkType: listen[2] ?? '', linkTypeName: listen[3] ?? null, snapshotLength: int(listen[4]) };
      continue;
    }
    const stat = /^(\d{1,18}) packets? (captured|received by filter|dropped by kernel|dropped by interface)$/.exec(t);
    if (stat) {
      const v = int(stat[1]);
      if (stat[2] === 'captured') out.stats.captured = v;
      else if (stat[2] === 'received by filter') out.stats.receivedByFilter = v;
      else if (stat[2] === 'dropped by kernel') out.stats.droppedByKernel = v;
      else out.stats.droppedByInterface = v;
      continue;
    }
    if (t.startsWith('tcpdump: ')) {
      if (t.startsWith('tcpdump: WARNING')) warnings.push(`line ${n}: ${clip(t)}`);
      else errors.push({ line: n, text: t });
      continue;
    }
    // -x/-X hex dump lines belong to the packet above them.
    if (/^\s+0x[0-9a-f]{4}:  /.test(l)) continue;
    const prev = out.packets[out.packets.length - 1];
    if (prev?.verboseHeader) {
      delete prev.verboseHeader;
      if (/^\s/.test(l)) {
        readAddresses(prev, t, l, n, warnings);
        continue;
      }
      warnings.push(`line ${prev.line}: verbose (-v) header without its packet line`);
    }
    const pkt = parsePacket(l, n, warnings);
    if (pkt) out.packets.push(pkt);
    else if (/(?:^|: )tcpdump: (?:not found|command not found)|^(?:sh|bash): .*tcpdump/.test(clip(t, 200))) errors.push({ line: n, text: t });
    else warnings.push(`line ${n}: unrecognized: ${clip(t)}`);
  }
  const last = out.packets[out.packets.length - 1];
  if (last?.verboseHeader) {
    delete last.verboseHeader;
    warnings.push(`line ${last.line}: verbose (-v) header without its packet line`);
  }
  const first = errors[0];
  if (first && !out.packets.length && !out.listening) return fail('command-error', clip(first.text, 300), first.line);
  for (const e of errors) warnings.push(`line ${e.line}: ${clip(e.text)}`);
  if (!out.packets.length && !out.listening && out.stats.captured === null && !meta) {
    return fail('unrecognized', 'no tcpdump packet, listening or statistics line');
  }
  return ok(out, warnings);
}

export const tcpdumpParser: Parser<TcpdumpCapture> = {
  id: 'tcpdump',
  commands: ['tcpdump -l -n [-i IF] [-e] [-tttt]'],
  parse: parseTcpdump,
};
