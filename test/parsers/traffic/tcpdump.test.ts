// Why: tcpdump lines the lab fixtures do not show: ICMP unreachables of every kind, native ESP, NAT-T keepalives, other timestamp modes, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tcpdumpParser, type TcpdumpCapture, type TcpdumpPacket } from '../../../src/parsers/traffic/tcpdump.js';

const s = suite('tcpdump parser');

function packets(text: string): { value: TcpdumpCapture; warnings: string[] } {
  const r = tcpdumpParser.parse(text);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) throw new Error('unreachable');
  return { value: r.value, warnings: r.warnings };
}
const one = (line: string): TcpdumpPacket => {
  const p = packets(line).value.packets[0];
  assert.ok(p, `no packet in ${line}`);
  return p!;
};

s('empty and whitespace input', () => {
  for (const t of ['', ' \n\t\n']) {
    const r = tcpdumpParser.parse(t);
    assert.is(r.ok, false);
    if (!r.ok) assert.is(r.error.code, 'empty');
  }
});

s("tcpdump's own errors are command errors", () => {
  const r = tcpdumpParser.parse('tcpdump: lan9: No such device exists\n(No such device exists)\n');
  assert.is(r.ok, false);
  if (!r.ok) {
    assert.is(r.error.code, 'command-error');
    assert.is(r.error.line, 1);
    assert.match(r.error.message, 'No such device');
  }
  const p = tcpdumpParser.parse("tcpdump: eth0: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n");
  assert.is(p.ok ? null : p.error.code, 'command-error');
  const n = tcpdumpParser.parse('sh: 1: tcpdump: not found\n');
  assert.is(n.ok ? null : n.error.code, 'command-error');
});

s('a stream chunk with only the banner, or with nothing captured, is not an error', () => {
  const a = packets('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n');
  assert.equal(a.value.packets, []);
  const b = packets('listening on eth0, link-type EN10MB (Ethernet), capture size 262144 bytes\n^C\n0 packets captured\n1 packet received by filter\n0 packets dropped by kernel\n0 packets dropped by interface\n');
  assert.equal(b.value.listening, { interface: 'eth0', linkType: 'EN10MB', linkTypeName: 'Ethernet', snapshotLength: 262144 });
  assert.equal(b.value.stats, { captured: 0, receivedByFilter: 1, droppedByKernel: 0, droppedByInterface: 0 });
  assert.equal(b.warnings, []);
});

s('ICMP unreachables: frag needed with the MTU, host, port, admin prohibited; time exceeded', () => {
  const frag = one('14:02:11.500001 IP 203.0.113.1 > 203.0.113.10: ICMP 198.51.100.20 unreachable - need to frag (mtu 1280), length 556');
  assert.is(frag.protocol, 'icmp');
  assert.is(frag.length, 556);
  assert.is(frag.icmp?.kind, 'unreachable');
  assert.equal(frag.icmp?.unreachable, { kind: 'frag-needed', address: '198.51.100.20', transport: null, port: null, protocol: null, mtu: 1280, reason: 'need to frag (mtu 1280)' });
  const host = one('14:02:11.500002 IP 10.20.0.55 > 10.20.0.55: ICMP host 10.20.0.254 unreachable, length 92');
  assert.is(host.icmp?.unreachable?.kind, 'host');
  assert.is(host.icmp?.unreachable?.address, '10.20.0.254');
  const port = one('14:02:11.500003 IP 172.31.40.10 > 10.20.0.55: ICMP 172.31.40.10 udp port 33434 unreachable, length 68');
  assert.equal([port.icmp?.unreachable?.kind, port.icmp?.unreachable?.transport, port.icmp?.unreachable?.port], ['port', 'udp', 33434]);
  const proto = one('14:02:11.500004 IP 198.51.100.20 > 203.0.113.10: ICMP 198.51.100.20 protocol 50 unreachable, length 92');
  assert.equal([proto.icmp?.unreachable?.kind, proto.icmp?.unreachable?.protocol], ['protocol', 50]);
  const filt = one('14:02:11.500005 IP 172.31.40.1 > 10.20.0.55: ICMP host 172.31.40.10 unreachable - admin prohibited filter, length 92');
  assert.is(filt.icmp?.unreachable?.kind, 'admin-prohibited');
  const ttl = one('14:02:11.500006 IP 203.0.113.1 > 10.20.0.55: ICMP time exceeded in-transit, length 36');
  assert.is(ttl.icmp?.kind, 'time-exceeded');
  const v6 = one('14:02:11.500007 IP6 2001:db8::1 > 2001:db8::55: ICMP6, packet too big, mtu 1280, length 1240');
  assert.is(v6.protocol, 'icmp6');
  assert.is(v6.icmp?.kind, 'packet-too-big');
  assert.is(v6.icmp?.unreachable?.mtu, 1280);
});

s('native ESP, NAT-T keepalive, IKE on 500, WireGuard as plain UDP on IPv6', () => {
  const esp = one('14:02:11.600001 IP 203.0.113.10 > 198.51.100.20: ESP(spi=0xc1a2b3c4,seq=0x1f), length 116');
  assert.equal(esp.esp, { spi: '0xc1a2b3c4', seq: 31, udpEncap: false });
  assert.is(esp.protocol, 'esp');
  assert.is(esp.length, 116);
  const ka = one('14:02:11.600002 IP 203.0.113.10.4500 > 198.51.100.20.4500: isakmp-nat-keep-alive');
  assert.equal([ka.protocol, ka.srcPort, ka.dstPort], ['nat-keepalive', 4500, 4500]);
  const ike = one('14:02:11.600003 IP 203.0.113.10.500 > 198.51.100.20.500: isakmp: parent_sa ikev2_init[I]');
  assert.is(ike.protocol, 'isakmp');
  const wg = one('14:02:11.600004 IP6 2001:db8::10.51820 > 2001:db8::20.51820: UDP, length 148');
  assert.equal([wg.family, wg.src, wg.srcPort, wg.dst, wg.dstPort, wg.protocol, wg.length], ['ip6', '2001:db8::10', 51820, '2001:db8::20', 51820, 'udp', 148]);
});

s('TCP reset and flags', () => {
  const rst = one('14:02:11.700001 IP 172.31.40.10.8080 > 10.20.0.55.41000: Flags [R.], seq 0, ack 3536368006, win 0, length 0');
  assert.equal([rst.tcp?.rst, rst.tcp?.ack, rst.tcp?.syn, rst.tcp?.seq, rst.tcp?.ackNumber, rst.tcp?.win, rst.tcp?.mss], [true, true, false, 0, 3536368006, 0, null]);
  const clamp = one('14:02:11.700002 IP 10.20.0.55.41000 > 172.31.40.10.8080: Flags [S], seq 1, win 64240, options [mss 1360,sackOK,TS val 1 ecr 0,nop,wscale 10], length 0');
  assert.is(clamp.tcp?.mss, 1360);
});

s('timestamp modes: -t (none), -tt (epoch), -tttt (date)', () => {
  const none = one('IP 10.20.0.55 > 172.31.40.10: ICMP echo request, id 7, seq 1, length 64');
  assert.equal([none.timestamp, none.secondsOfDay, none.icmp?.id], [null, null, 7]);
  const ep = one('1732665400.123456 IP 10.20.0.55 > 172.31.40.10: ICMP echo reply, id 7, seq 1, length 64');
  assert.equal([ep.timestamp, ep.epoch, ep.secondsOfDay], ['1732665400.123456', 1732665400.123456, null]);
  const dated = one('2026-11-27 14:02:11.102938 IP 10.20.0.55 > 172.31.40.10: ICMP echo request, id 3812, seq 1, length 64');
  assert.equal([dated.date, dated.timestamp, dated.secondsOfDay], ['2026-11-27', '14:02:11.102938', 50531.102938]);
});

s('ARP replies and -i any directions', () => {
  const arp = one('14:02:11.800001 lan0  Out ARP, Reply 10.20.0.1 is-at 72:56:d9:99:e4:83, length 28');
  assert.equal([arp.interface, arp.direction, arp.family], ['lan0', 'out', 'arp']);
  assert.equal(arp.arp, { op: 'reply', target: null, sender: '10.20.0.1', mac: '72:56:d9:99:e4:83' });
  const p = one('14:02:11.800002 wan0  P   IP 203.0.113.99 > 203.0.113.10: ICMP echo request, id 1, seq 1, length 64');
  assert.is(p.direction, 'other-host');
});

s('unknown and verbose lines become warnings, not failures', () => {
  const r = packets('14:02:11.102938 IP 10.20.0.55 > 172.31.40.10: ICMP echo request, id 3812, seq 1, length 64\nsomething else entirely\n14:02:11.2 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 84)\n');
  assert.is(r.value.packets.length, 2);
  assert.is(r.warnings.length, 2);
  assert.match(r.warnings[0]!, 'line 2');
  assert.match(r.warnings[1]!, 'verbose');
});

s.run();
