// Why: a TCP packet is test traffic only when it belongs to a connection this run opened: its 4-tuple, either direction, matches a SYN the test source sent during the capture.

import type { TcpdumpPacket } from '../parsers/traffic/tcpdump.js';

export interface TestPair {
  source: string;
  destination: string;
  /** The test port; when set, only SYNs to it open a test connection. */
  port?: number | undefined;
}

type Tuple = Pick<TcpdumpPacket, 'src' | 'srcPort' | 'dst' | 'dstPort'>;

/** One key for both directions of a 4-tuple; null when an address or port is missing. */
export function tupleKey(p: Tuple): string | null {
  if (p.src === null || p.dst === null || p.srcPort === null || p.dstPort === null) return null;
  const a = `${p.src} ${p.srcPort}`;
  const b = `${p.dst} ${p.dstPort}`;
  return a < b ? `${a} | ${b}` : `${b} | ${a}`;
}

/** A connection's first packet: SYN without ACK (tcpdump "S", "SEW"). */
export function isOpeningSyn(p: TcpdumpPacket): boolean {
  return p.tcp !== null && p.tcp.syn && !p.tcp.ack;
}

/**
 * The 4-tuples of the connections the test source opened in these packets (all captures of one
 * run): its SYNs to the destination (and port), plus the same SYNs where NAT rewrote an address
 * or port, recognized by their initial sequence number (NAT keeps it; 32 random bits).
 */
export function openedConnections(packets: readonly TcpdumpPacket[], pair: TestPair): Set<string> {
  const opened = new Set<string>();
  const isns = new Set<number>();
  for (const p of packets) {
    if (!isOpeningSyn(p) || p.src !== pair.source || p.dst !== pair.destination) continue;
    if (pair.port !== undefined && p.dstPort !== pair.port) continue;
    const key = tupleKey(p);
    if (key === null) continue;
    opened.add(key);
    if (p.tcp?.seq != null) isns.add(p.tcp.seq);
  }
  for (const p of packets) {
    if (!isOpeningSyn(p) || p.tcp?.seq == null || !isns.has(p.tcp.seq)) continue;
    const key = tupleKey(p);
    if (key !== null) opened.add(key);
  }
  return opened;
}

/** Whether a TCP packet (SYN, SYN-ACK, FIN, RST) belongs to one of the opened connections. */
export function inOpenedConnection(p: TcpdumpPacket, opened: ReadonlySet<string>): boolean {
  const key = tupleKey(p);
  return key !== null && opened.has(key);
}
