// Why: tcpdump outputs people paste (names without -n, ARP in every link form, -v two-line packets, old ICMP6 echo, ip-proto-N) read as what they say.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTcpdump, type TcpdumpCapture } from '../../../src/parsers/traffic/tcpdump.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('tcpdump on public outputs');

function fixture(name: string): { value: TcpdumpCapture; warnings: string[] } {
  const r = parseTcpdump(readFileSync(join(COMMANDS_DIR, 'tcpdump', `${name}.out`), 'utf8'));
  if (!r.ok) throw new Error(`parse failed: ${r.error.code} ${r.error.message}`);
  return { value: r.value, warnings: r.warnings };
}

s('without -n, "name.https" splits into the host and a service-name port (number null), with a warning', () => {
  const { value, warnings } = fixture('public-c4cs-183--names-https');
  const p = value.packets[0]!;
  assert.is(p.src, '10.0.2.15');
  assert.is(p.srcPort, 59170);
  assert.is(p.dst, 'bud02s22-in-f196.1e100.net');
  assert.is(p.dstPort, null);
  assert.is(p.dstService, 'https');
  assert.is(value.packets[1]!.src, 'bud02s22-in-f196.1e100.net');
  assert.is(value.packets[1]!.srcService, 'https');
  assert.is(warnings.length, 5);
  assert.match(warnings[0]!, 'service name "https"');
});

s('"name.51820" and "10.0.0.1.isakmp" split too; a name before a portless protocol stays whole', () => {
  const r = parseTcpdump('10:00:00.000001 IP web01.51820 > 10.0.0.1.isakmp: UDP, length 148\n10:00:00.000002 IP x.example.net > y.example.net: ICMP echo request, id 1, seq 2, length 64\n');
  assert.ok(r.ok);
  if (!r.ok) return;
  const [a, b] = r.value.packets;
  assert.equal([a!.src, a!.srcPort, a!.srcService], ['web01', 51820, undefined]);
  assert.equal([a!.dst, a!.dstPort, a!.dstService], ['10.0.0.1', null, 'isakmp']);
  assert.equal([b!.src, b!.srcPort, b!.dst, b!.dstPort], ['x.example.net', null, 'y.example.net', null]);
});

s('ARP replies whose MAC is followed by "(oui Unknown)" read as replies with sender and MAC', () => {
  const { value } = fixture('public-tcpdump-756--esp-arp-oui');
  const arp = value.packets.filter((p) => p.family === 'arp');
  assert.equal(arp.map((p) => p.arp), [
    { op: 'request', target: '175.179.211.124', sender: '133.163.104.246', mac: null },
    { op: 'reply', target: null, sender: '175.179.211.124', mac: '02:50:f3:00:0b:00' },
  ]);
});

s('ARP in the short -e form and behind an 802.1Q tag reads as ARP, with the VLAN', () => {
  const { value, warnings } = fixture('public-sonic-mgmt-4049--arp-e-vlan');
  assert.is(value.packets.length, 4);
  const [req, rep] = value.packets;
  assert.is(req!.family, 'arp');
  assert.is(req!.link?.vlan, 1000);
  assert.is(req!.link?.ethertype, 'ARP');
  assert.equal(req!.arp, { op: 'request', target: '192.168.0.1', sender: '192.168.0.4', mac: null });
  assert.is(rep!.link?.srcMac, '64:3a:ea:c1:73:f8');
  assert.equal(rep!.arp, { op: 'reply', target: null, sender: '192.168.0.1', mac: '64:3a:ea:c1:73:f8' });
  assert.equal(warnings, []);
});

s('-vv ARP ("Ethernet (len 6), IPv4 (len 4), ...") with hex dumps: two ARP packets, no warnings for the hex lines', () => {
  const { value, warnings } = fixture('public-arping-50--arp-vv-vlan-hex');
  assert.is(value.packets.length, 2);
  assert.is(value.packets[0]!.epoch, 1645976679.181471);
  assert.equal(value.packets[0]!.arp, { op: 'request', target: '10.10.217.1', sender: '0.0.0.0', mac: null });
  assert.equal(value.packets[1]!.arp, { op: 'reply', target: null, sender: '10.10.217.1', mac: 'e4:3e:c6:45:4f:e8' });
  assert.is(value.packets[1]!.link?.vlan, 217);
  assert.equal(warnings, []);
});

s('-v two-line IPv4 packet: protocol, addresses, ports and the IP protocol number from the header', () => {
  const { value, warnings } = fixture('public-tcpdump-391--v-two-line');
  assert.is(value.packets.length, 1);
  const p = value.packets[0]!;
  assert.is(p.protocol, 'tcp');
  assert.is(p.ipProtocol, 6);
  assert.equal([p.src, p.srcPort, p.dst, p.dstPort], ['64.164.127.51', 52846, '192.168.0.10', 80]);
  assert.is(p.tcp?.seqEnd, 188);
  assert.is(p.length, 188);
  assert.equal(warnings, []);
});

s('-v IPv6 on one line with a checksum verdict: the echo is read', () => {
  const r = parseTcpdump('15:35:38.787845 IP6 (hlim 57, next-header ICMPv6 (58) payload length: 64) 2001:db8::2 > 2001:4c08:2012::191: [icmp6 sum ok] ICMP6, echo request, seq 205\n');
  assert.ok(r.ok);
  if (!r.ok) return;
  const p = r.value.packets[0]!;
  assert.equal([p.protocol, p.ipProtocol, p.src, p.dst, p.icmp?.kind, p.icmp?.seq, p.icmp?.id], ['icmp6', 58, '2001:db8::2', '2001:4c08:2012::191', 'echo-request', 205, null]);
});

s('older "ICMP6, echo request, seq N" (no id) keeps the echo kind and seq, id null', () => {
  const { value } = fixture('public-icmplib-27--icmp6-seq-names');
  const p = value.packets[0]!;
  assert.is(p.dst, 'lax17s15-in-x0e.1e100.net');
  assert.is(p.dstPort, null);
  assert.equal({ kind: p.icmp?.kind, id: p.icmp?.id, seq: p.icmp?.seq }, { kind: 'echo-request', id: null, seq: 0 });
  assert.is(value.packets.filter((x) => x.icmp?.kind === 'echo-request').length, 4);
});

s('"ip-proto-1" (a later fragment) keeps the protocol number', () => {
  const { value } = fixture('public-tcp-ip-deep-dive--mtu-ip-proto');
  const frags = value.packets.filter((p) => p.info === 'ip-proto-1');
  assert.is(frags.length, 2);
  for (const f of frags) {
    assert.is(f.ipProtocol, 1);
    assert.is(f.protocol, 'other');
    assert.is(f.icmp, null);
  }
  assert.is(frags[0]!.interface, 'ens32');
  // IPv6's "ip-proto-N LEN" form keeps the length.
  const r = parseTcpdump('11:44:40.862572 IP6 2001:db8::1 > 2001:db8::2: ip-proto-138 16\n');
  assert.ok(r.ok && r.value.packets[0]!.ipProtocol === 138 && r.value.packets[0]!.length === 16);
});

s.run();
