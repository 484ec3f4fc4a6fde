// Why: an ICMP echo reply is test traffic only when it answers an echo request captured in this run (a reply carries its request's id).

import type { TcpdumpPacket } from '../parsers/traffic/tcpdump.js';
import type { TestPair } from './tcp-connections.js';

/** The ids of the echo requests of the pair in these packets (all captures of one run), before and after NAT. */
export function echoRequestIds(packets: readonly TcpdumpPacket[], pair: TestPair): Set<number> {
  const ids = new Set<number>();
  for (const p of packets) {
    if (p.icmp?.kind !== 'echo-request' || p.icmp.id === null) continue;
    if (p.dst === pair.destination || p.src === pair.source) ids.add(p.icmp.id);
  }
  return ids;
}

/** Whether an echo reply answers one of those requests. */
export function answersRequest(p: TcpdumpPacket, ids: ReadonlySet<number>): boolean {
  return p.icmp?.kind === 'echo-reply' && p.icmp.id !== null && ids.has(p.icmp.id);
}
