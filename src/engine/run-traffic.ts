// Why: a capture filtered to the pair's hosts also catches packets that are not this run's test traffic (an earlier run's late RST/FIN, replies to another ping); they must not count as sightings.

import type { TcpdumpPacket } from '../parsers/traffic/tcpdump.js';
import { inOpenedConnection, openedConnections, type TestPair } from './tcp-connections.js';
import { answersRequest, echoRequestIds } from './echo-ids.js';

export interface RunFlows {
  /** 4-tuples (tcp-connections.ts tupleKey) of the TCP connections this run opened. */
  connections: ReadonlySet<string>;
  /** Ids of the echo requests this run's captures hold. */
  echoIds: ReadonlySet<number>;
}

/** What this run sent, from every packet of its captures (both gateways). */
export function runFlows(packets: readonly TcpdumpPacket[], pair: TestPair): RunFlows {
  return { connections: openedConnections(packets, pair), echoIds: echoRequestIds(packets, pair) };
}

/** Null when the packet may be this run's test traffic; else why it is not (a stray packet to ignore). */
export function strayReason(p: TcpdumpPacket, flows: RunFlows): string | null {
  if (p.tcp) {
    return inOpenedConnection(p, flows.connections) ? null : `TCP [${p.tcp.flags}] of a connection whose SYN this capture did not see`;
  }
  if (p.icmp?.kind === 'echo-reply') {
    return answersRequest(p, flows.echoIds) ? null : `echo reply id ${p.icmp.id ?? '?'} to no echo request of this capture`;
  }
  return null;
}
