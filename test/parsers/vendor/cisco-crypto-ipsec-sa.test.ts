// Why: the facts the one-sided checks will read from a pasted Cisco `show crypto ipsec sa`: selectors as CIDR, the
// encaps/decaps counters, peers, SPIs and SA state, on the ASA and IOS layouts; plus errors and foreign text.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ciscoCryptoIpsecSa, type CiscoIpsecSas } from '../../../src/parsers/vendor/cisco-crypto-ipsec-sa.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('cisco-crypto-ipsec-sa parser');

const fixture = (dir: string, name: string) => readFileSync(join(COMMANDS_DIR, dir, `${name}.out`), 'utf8');
const ASA = fixture('cisco-crypto-ipsec-sa', 'public-ntc-templates--asa-l2l-and-ra');
const IOS = fixture('cisco-crypto-ipsec-sa', 'public-genieparser--iosxe-flat');
const DETAIL = fixture('cisco-crypto-ipsec-sa', 'public-genieparser--iosxe-detail-gcm');

function flows(text: string): CiscoIpsecSas['flows'] {
  const r = ciscoCryptoIpsecSa.parse(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.ok ? r.value.flows : [];
}

s('ASA: one flow per crypto-map entry, selectors as CIDR, NAT-T endpoints, SPIs both ways', () => {
  const f = flows(ASA);
  assert.equal(
    f.map((x) => [x.interface, x.cryptoMap, x.seqNum, x.local?.cidr, x.remote?.cidr, x.currentPeer]),
    [
      ['outside2', 'def', null, '0.0.0.0/0', '172.20.0.21/32', '172.20.0.21'],
      ['COLO', 'COLO-MAP', 2, '172.16.122.32/28', '172.30.1.153/32', '8.8.8.8'],
      ['COLO', 'COLO-MAP', 3, '172.20.122.32/28', '10.160.4.0/24', '8.8.4.4'],
    ],
  );
  const l2l = f[1]!;
  assert.equal(l2l.localEndpoint, { address: '172.16.248.119', port: 4500 });
  assert.equal(l2l.remoteEndpoint, { address: '8.8.8.8', port: 4500 });
  assert.is(l2l.currentOutboundSpi, '0x50023ddc');
  assert.is(l2l.currentInboundSpi, '0x32f752ff');
  assert.equal(l2l.inbound.map((sa) => [sa.spi, sa.status, sa.remainingKb, sa.remainingSeconds]), [['0x32f752ff', 'ACTIVE', 2699423, 25461]]);
  assert.equal(l2l.outbound.map((sa) => sa.spi), ['0x50023ddc']);
  assert.ok(l2l.inbound[0]!.settings.includes('NAT-T-Encaps'));
  assert.is(l2l.transform, 'esp-aes-256 esp-md5-hmac no compression');
  assert.is(l2l.accessList, 'access-list 2 extended permit ip 172.16.122.32 255.255.255.240 host 172.30.1.153');
});

s('ASA remote access: decaps move while encaps stay flat (what "TX moves, RX flat" reads from the far side)', () => {
  const ra = flows(ASA)[0]!;
  assert.equal([ra.counters.encaps, ra.counters.encrypt, ra.counters.decaps, ra.counters.decrypt], [0, 0, 1145, 1145]);
  assert.equal([ra.counters.sendErrors, ra.counters.recvErrors], [0, 0]);
  assert.is(ra.dynamicPeerIp, '10.135.1.5');
  assert.is(ra.counters.other['pre-frag failures'], 1);
  assert.equal(ra.inbound[0]!.remainingSeconds, 548);
  assert.is(ra.inbound[0]!.remainingKb, null);
});

s('IOS without indentation: several idents under one crypto map, an ident with no SA, PFS', () => {
  const f = flows(IOS);
  assert.equal(
    f.map((x) => [x.interface, x.local?.cidr, x.remote?.cidr, x.peerPort, x.currentOutboundSpi, x.inbound.length, x.outbound.length]),
    [
      ['GigabitEthernet3', '20.20.20.0/24', '10.10.10.0/24', 500, '0x397c36ee', 1, 1],
      ['GigabitEthernet3', '40.40.40.0/24', '30.30.30.0/24', 500, null, 0, 0],
      ['Tunnel0', '0.0.0.0/0', '0.0.0.0/0', 500, '0x2e8482f8', 1, 1],
    ],
  );
  assert.equal([f[0]!.pfs, f[0]!.dhGroup, f[0]!.transform], [false, null, 'esp-256-aes esp-sha256-hmac']);
  assert.equal(f[0]!.inbound[0], { spi: '0x658f7c11', protocol: 'esp', transform: 'esp-256-aes esp-sha256-hmac', settings: ['Tunnel'], status: 'ACTIVE', remainingKb: 4607999, remainingSeconds: 83191 });
  assert.is(f[1]!.transform, null);
  assert.equal(f[0]!.counters.encaps, 4);
  assert.is(f[2]!.localAddr, '2.2.2.2');
});

s('detail form: decaps and decrypt differ, the extra counters are kept by name', () => {
  const [f] = flows(DETAIL);
  assert.equal([f!.counters.decaps, f!.counters.decrypt, f!.counters.verify], [12, 915, 915]);
  assert.is(f!.counters.other['pkts replay failed (rcv)'], 0);
  assert.is(f!.counters.other['pkts invalid sa (rcv)'], 0);
  assert.is(f!.inbound[0]!.transform, 'esp-gcm');
  assert.equal(f!.inbound[0]!.settings, ['Tunnel', 'esn']);
});

s('newer IOS-XE lines: PFS with a PQC suffix, lifetime in hours and minutes, a seven-digit SPI, a protected VRF', () => {
  const pqc = ciscoCryptoIpsecSa.parse(fixture('cisco-crypto-ipsec-sa', 'public-genieparser--iosxe-detail-pqc'));
  assert.ok(pqc.ok);
  if (!pqc.ok) return;
  assert.equal(pqc.warnings, []);
  assert.equal(pqc.value.flows.map((f) => [f.remote?.cidr, f.remote?.protocol, f.pfs, f.dhGroup, f.currentOutboundSpi]), [
    ['22.51.51.123/32', 47, true, null, '0x746d481c'],
    ['21.50.50.122/32', 47, true, null, '0x031ca189'],
  ]);
  assert.equal(pqc.value.flows[1]!.outbound[0]!.settings, ['Transport']);
  const peer = ciscoCryptoIpsecSa.parse(fixture('cisco-crypto-ipsec-sa', 'public-genieparser--iosxe-peer-vrf-pfs'));
  assert.ok(peer.ok);
  if (!peer.ok) return;
  assert.equal(peer.warnings, []);
  const [f] = peer.value.flows;
  assert.equal([f!.protectedVrf, f!.pfs, f!.dhGroup, f!.counters.encaps, f!.counters.decaps], ['VRF_CLOUD_11', true, 'group20', null, 768]);
  assert.equal(f!.inbound.map((sa) => [sa.spi, sa.remainingSeconds, sa.remainingKb, sa.transform]), [['0x46959245', 4200, null, 'esp-gcm 256']]);
});

s('a pasted prompt line changes nothing', () => {
  const plain = ciscoCryptoIpsecSa.parse(ASA);
  assert.equal(ciscoCryptoIpsecSa.parse(`ciscoasa# show crypto ipsec sa\n${ASA}`), plain);
  assert.equal(ciscoCryptoIpsecSa.parse(`R1#sh cry ipsec sa\n${ASA}`), plain);
});

s('IPv6 prefix-length selectors and a non-contiguous mask', () => {
  const v6 = flows('interface: Tunnel0\n    Crypto map tag: Tunnel0-head-0, local addr 2001:db8:1::1\n   local  ident (addr/mask/prot/port): (::/0/0/0)\n   remote ident (addr/mask/prot/port): (2001:db8:2::/64/0/0)\n   current_peer 2001:db8:2::1 port 500\n');
  assert.equal([v6[0]!.local?.cidr, v6[0]!.remote?.cidr], ['::/0', '2001:db8:2::/64']);
  const odd = flows('interface: outside\n    Crypto map tag: M, seq num: 1, local addr: 192.0.2.1\n      local ident (addr/mask/prot/port): (10.0.0.0/255.0.255.0/6/443)\n');
  assert.equal(odd[0]!.local, { address: '10.0.0.0', mask: '255.0.255.0', cidr: null, protocol: 6, port: 443 });
});

s('errors, no SAs, empty and foreign output', () => {
  const inv = ciscoCryptoIpsecSa.parse("% Invalid input detected at '^' marker.\n");
  assert.ok(!inv.ok && inv.error.code === 'command-error');
  const none = ciscoCryptoIpsecSa.parse('There are no ipsec sas\n');
  assert.ok(none.ok && none.value.flows.length === 0 && none.warnings.length === 1);
  const empty = ciscoCryptoIpsecSa.parse('  \n');
  assert.ok(!empty.ok && empty.error.code === 'empty');
  const swan = ciscoCryptoIpsecSa.parse(fixture('swanctl-list-sas', 'lab-strongswan--gwa'));
  assert.ok(!swan.ok && swan.error.code === 'unrecognized');
});

s.run();
