// Why: only packets of the connections and echo requests this run opened count as test traffic; a stale RST/FIN/SYN-ACK of another tuple does not.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseTcpdump, type TcpdumpPacket } from '../../src/parsers/traffic/tcpdump.js';
import { inOpenedConnection, openedConnections, tupleKey } from '../../src/engine/tcp-connections.js';
import { echoRequestIds } from '../../src/engine/echo-ids.js';
import { runFlows, strayReason } from '../../src/engine/run-traffic.js';

const s = suite('run traffic: connections and echo ids of this run');

const PAIR = { source: '10.20.0.55', destination: '172.31.40.10', port: 8080 };

function packets(...lines: string[]): TcpdumpPacket[] {
  const r = parseTcpdump(lines.join('\n'));
  if (!r.ok) throw new Error(r.error.message);
  assert.is(r.value.packets.length, lines.length);
  return r.value.packets;
}

function one(line: string): TcpdumpPacket {
  return packets(line)[0]!;
}

// Lines from the recordings (wireguard--mtu-blackhole, wireguard--nat-on-tunnel), shortened where the options do not matter.
const SYN = '01:21:55.259103 lan0  In  IP 10.20.0.55.35918 > 172.31.40.10.8080: Flags [S], seq 1444690410, win 64240, options [mss 1460,sackOK,TS val 2731874225 ecr 0,nop,wscale 10], length 0';
const SYN_ACK = '01:21:55.259660 wg0   In  IP 172.31.40.10.8080 > 10.20.0.55.35918: Flags [S.], seq 3088940161, ack 1444690411, win 65160, options [mss 1460,sackOK,TS val 1972916132 ecr 2731874225,nop,wscale 10], length 0';
const FIN = '01:21:57.260228 lan0  In  IP 10.20.0.55.35918 > 172.31.40.10.8080: Flags [F.], seq 84, ack 1, win 63, length 0';
const RST_SAME = '01:21:57.300000 wg0   In  IP 172.31.40.10.8080 > 10.20.0.55.35918: Flags [R], seq 3088940162, win 0, length 0';
const RST_OTHER = '01:21:57.300000 wg0   Out IP 10.20.0.55.60124 > 172.31.40.10.8080: Flags [R], seq 3661195684, win 0, length 0';
const NAT_SYN_LAN = '01:21:27.343346 lan0  In  IP 10.20.0.55.60124 > 172.31.40.10.8080: Flags [S], seq 3661195683, win 64240, length 0';
const NAT_SYN_TUN = '01:21:27.343399 wg0   Out IP 203.0.113.10.60124 > 172.31.40.10.8080: Flags [S], seq 3661195683, win 64240, length 0';

s('the tuple key is the same in both directions and differs for another port', () => {
  const [syn, synAck, fin] = packets(SYN, SYN_ACK, FIN);
  assert.ok(tupleKey(syn!));
  assert.is(tupleKey(syn!), tupleKey(synAck!));
  assert.is(tupleKey(syn!), tupleKey(fin!));
  assert.is.not(tupleKey(syn!), tupleKey(one(RST_OTHER)));
  assert.is(tupleKey({ src: '10.20.0.55', srcPort: null, dst: '172.31.40.10', dstPort: 8080 }), null);
});

s('a SYN from the source opens its tuple: its SYN-ACK, FIN and RST match, a RST of another tuple does not', () => {
  const opened = openedConnections(packets(SYN), PAIR);
  assert.equal([...opened], [tupleKey(one(SYN))]);
  for (const l of [SYN, SYN_ACK, FIN, RST_SAME]) assert.ok(inOpenedConnection(one(l), opened), l);
  assert.not.ok(inOpenedConnection(one(RST_OTHER), opened));
});

s('nothing is opened without a SYN from the source: SYN-ACK, FIN or RST alone open nothing', () => {
  assert.equal([...openedConnections(packets(SYN_ACK, FIN, RST_SAME, RST_OTHER), PAIR)], []);
});

s('a SYN to another port, or from another host, is not the test connection', () => {
  const otherPort = SYN.replace('172.31.40.10.8080', '172.31.40.10.22');
  const otherHost = SYN.replace('10.20.0.55.35918', '10.20.0.99.35918');
  assert.equal([...openedConnections(packets(otherPort, otherHost), PAIR)], []);
  // Without a test port, any SYN of the source to the destination is a test connection.
  assert.is(openedConnections(packets(otherPort), { source: PAIR.source, destination: PAIR.destination }).size, 1);
});

s('after source NAT the same SYN (same initial sequence number) opens the translated tuple too', () => {
  const opened = openedConnections(packets(NAT_SYN_LAN, NAT_SYN_TUN), PAIR);
  assert.is(opened.size, 2);
  assert.ok(inOpenedConnection(one(NAT_SYN_TUN), opened));
  const natReply = '01:21:27.344000 wg0   In  IP 172.31.40.10.8080 > 203.0.113.10.60124: Flags [S.], seq 1, ack 3661195684, win 65160, length 0';
  assert.ok(inOpenedConnection(one(natReply), opened));
  // A translated-looking SYN with another sequence number is someone else's.
  const foreign = NAT_SYN_TUN.replace('seq 3661195683', 'seq 12345').replace('.60124 ', '.60125 ');
  assert.is(openedConnections(packets(NAT_SYN_LAN, foreign), PAIR).size, 1);
});

s('echo replies count only with the id of a captured request', () => {
  const req = '01:21:55.366262 lan0  In  IP 10.20.0.55 > 172.31.40.10: ICMP echo request, id 27065, seq 1, length 64';
  const rep = '01:21:55.367205 wg0   In  IP 172.31.40.10 > 10.20.0.55: ICMP echo reply, id 27065, seq 1, length 64';
  const stale = '01:21:55.367205 wg0   In  IP 172.31.40.10 > 10.20.0.55: ICMP echo reply, id 9088, seq 3, length 64';
  assert.equal([...echoRequestIds(packets(req, rep, stale), PAIR)], [27065]);
  const flows = runFlows(packets(req, SYN), PAIR);
  assert.is(strayReason(one(req), flows), null);
  assert.is(strayReason(one(rep), flows), null);
  assert.match(strayReason(one(stale), flows) ?? '', /^echo reply id 9088 /);
});

s('strayReason: TCP of the opened connection is kept, any other TCP is named as stray; ICMP errors are not judged', () => {
  const flows = runFlows(packets(SYN), PAIR);
  for (const l of [SYN, SYN_ACK, FIN, RST_SAME]) assert.is(strayReason(one(l), flows), null, l);
  assert.match(strayReason(one(RST_OTHER), flows) ?? '', /^TCP \[R\] of a connection whose SYN this capture did not see$/);
  const fragNeeded = '01:21:55.265580 lan0  Out IP 172.31.40.1 > 172.31.40.10: ICMP 10.20.0.55 unreachable - need to frag (mtu 1420), length 556';
  assert.is(strayReason(one(fragNeeded), flows), null);
});

s.run();
