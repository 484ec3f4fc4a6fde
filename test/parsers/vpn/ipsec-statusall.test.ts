// Why: strongSwan's stroke `ipsec statusall` / `ipsec status`: the facts each real layout carries, and what it must refuse.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipsecStatusall, type StrokeStatus } from '../../../src/parsers/vpn/ipsec-statusall.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('ipsec-statusall parser');
const fixture = (dir: string, name: string) => readFileSync(join(COMMANDS_DIR, dir, `${name}.out`), 'utf8');
const parsed = (t: string): { value: StrokeStatus; warnings: string[] } => {
  const r = ipsecStatusall.parse(t);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
  return r;
};
const code = (t: string) => {
  const r = ipsecStatusall.parse(t);
  return r.ok ? null : r.error.code;
};

s('strongSwan 5.2 statusall (nokia/moler sample): connection, IKE SA, CHILD_SA with counters and selectors', () => {
  const { value, warnings } = parsed(fixture('ipsec-statusall', 'public-nokia-moler--strongswan-5.2-statusall'));
  assert.equal(warnings, []);
  assert.is(value.version, 'strongSwan 5.2.2');
  assert.is(value.listening.length, 9);
  const conn = value.connections[0]!;
  assert.equal([conn.name, conn.localAddress, conn.remoteAddress, conn.ikeVersion], ['conn1_7', '10.1.83.64', '10.1.83.4', 'IKEv2']);
  assert.equal(conn.local, [{ id: 'EA151410058.id1.nokia.com', method: 'public key' }]);
  assert.equal(conn.remote, [{ id: null, method: 'public key' }]);
  assert.equal(conn.children, [{ name: 'conn1_7', localTs: ['dynamic'], remoteTs: ['0.0.0.0/0'], mode: 'TUNNEL' }]);
  assert.equal([value.up, value.connecting], [1, 0]);
  const ike = value.ikeSas[0]!;
  assert.equal([ike.state, ike.establishedAgo, ike.version, ike.initiatorSpi, ike.responderSpi, ike.localIsInitiator, ike.rekeyIn], [
    'ESTABLISHED', '93 minutes', 2, '2c490bd4d6890edd', 'f3e4885e051cf217', true, '22 hours',
  ]);
  assert.equal(ike.remote, { address: '10.1.83.4', id: 'C=CN, ST=Some-State, L=NJ, O=Nokia, OU=virtualSeGW' });
  const c = ike.children[0]!;
  assert.equal([c.state, c.mode, c.udpEncap, c.protocol, c.reqid, c.spiIn, c.spiOut], ['INSTALLED', 'TUNNEL', true, 'ESP', null, 'c5434194', 'c94514b4']);
  assert.equal([c.proposal, c.bytesIn, c.packetsIn, c.bytesOut, c.packetsOut, c.rekeyIn], ['AES_CBC_128/HMAC_SHA1_96', 169918, 2224, 754948, 2317, '22 hours']);
  assert.equal([c.localTs, c.remoteTs], [['10.1.0.64/32'], ['0.0.0.0/0']]);
});

s('stroke status with DN identities and shunts (libreswan interop test console): masked SPIs are a warning, not SPIs', () => {
  const { value, warnings } = parsed(fixture('ipsec-statusall', 'public-libreswan-interop-04--strongswan-status-dn'));
  assert.equal(value.shunted.map((x) => [x.name, x.localTs, x.type]), [['Bypass LAN 192.0.2.0/24', ['192.0.2.0/24'], 'PASS'], ['Bypass LAN 192.1.2.0/24', ['192.1.2.0/24'], 'PASS']]);
  const ike = value.ikeSas[0]!;
  assert.is(ike.local.id, 'C=CA, ST=Ontario, L=Toronto, O=Libreswan, OU=Test Department, CN=east.testing.libreswan.org, E=user-east@testing.libreswan.org');
  assert.is(ike.remote.address, '192.1.2.45');
  const c = ike.children[0]!;
  assert.equal([c.reqid, c.protocol, c.spiIn, c.spiOut, c.localTs, c.remoteTs], [1, 'ESP', null, null, ['192.0.2.0/24'], ['192.0.1.0/24']]);
  assert.equal(warnings, ['line 6: CHILD_SA SPIs not hexadecimal: ESP SPIs: SPISPI_i SPISPI_o']);
});

s('ipsec status with an IKE SA and no CHILD_SA (apache/cloudstack#4038)', () => {
  const { value } = parsed(fixture('ipsec-statusall', 'public-cloudstack-4038--ipsec-status'));
  assert.equal(value.ikeSas.map((x) => [x.name, x.uniqueId, x.state, x.local.id, x.children.length]), [['yyy-to-xxx', 51, 'ESTABLISHED', '30.71.172.92', 0]]);
  assert.is(value.version, null);
});

s('two IKE SAs, a responder, reauthentication, idle counters; each CHILD_SA under its own IKE SA (ocochard/bsdrp-website, strongswan-ipsec-mediation-feature.md)', () => {
  const { value, warnings } = parsed(`Security Associations (2 up, 0 connecting):
        peer[3]: ESTABLISHED 4 minutes ago, 10.0.0.2[r2@bsdrp.net]...2.2.2.5[r6@bsdrp.net]
        peer[3]: IKEv2 SPIs: da048fcc6b5080bd_i 474b56c815483bcf_r*, pre-shared key reauthentication in 49 minutes
        peer[3]: IKE proposal: AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072
        peer{2}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: cdec034c_i ced4f737_o
        peer{2}:  AES_CBC_128/HMAC_SHA2_256_128, 0 bytes_i (0 pkts, 284s ago), 0 bytes_o (0 pkts, 284s ago), rekeying in 11 minutes
        peer{2}:   192.168.1.0/24 === 192.168.7.0/24
      medsrv[2]: ESTABLISHED 4 minutes ago, 10.0.0.2[r2@medsrv.org]...2.2.2.4[r4@medsrv.org]
      medsrv[2]: IKEv2 SPIs: f7878154750454f8_i* 2077002ffa7ceaf9_r, pre-shared key reauthentication in 46 minutes
      medsrv[2]: IKE proposal: AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072
`);
  assert.equal(warnings, []);
  const [peer, med] = value.ikeSas;
  assert.equal([peer!.localIsInitiator, peer!.reauthIn, peer!.rekeyIn, peer!.children.length], [false, '49 minutes', null, 1]);
  assert.equal([peer!.children[0]!.bytesIn, peer!.children[0]!.packetsOut, peer!.children[0]!.reqid, peer!.children[0]!.rekeyIn], [0, 0, 1, '11 minutes']);
  assert.equal([med!.localIsInitiator, med!.children.length], [true, 0]);
});

s('a CREATED IKE SA with no addresses yet (same page, `ipsec status peer`)', () => {
  const { value } = parsed('Security Associations (2 up, 0 connecting):\n        peer[1]: CREATED, %any[%any]...%any[%any]\n');
  assert.equal([value.ikeSas[0]!.state, value.ikeSas[0]!.establishedAgo, value.ikeSas[0]!.local], ['CREATED', null, { address: '%any', id: '%any' }]);
});

s('a GRE transport connection and a connection to %any (lines from netdata/netdata#3296, FDio/vpp#3374)', () => {
  const { value } = parsed(`Connections:
s2s_dut1_ipsec_gre:  192.168.150.9...192.168.150.16  IKEv2, dpddelay=30s
s2s_dut1_ipsec_gre:   local:  [dut2.com] uses pre-shared key authentication
s2s_dut1_ipsec_gre:   remote: [dut1.com] uses pre-shared key authentication
     ch_vti0:  %any...%any  IKEv2
     ch_vti0:   child:  192.168.122.0/24 === dynamic TUNNEL
`);
  assert.equal(value.connections.map((c) => [c.name, c.localAddress, c.remoteAddress, c.remote[0]?.id ?? null, c.children.map((x) => [x.localTs, x.remoteTs])]), [
    ['s2s_dut1_ipsec_gre', '192.168.150.9', '192.168.150.16', 'dut1.com', []],
    ['ch_vti0', '%any', '%any', null, [[['192.168.122.0/24'], ['dynamic']]]],
  ]);
});

s('two IKE SAs of one connection, each keeps its own CHILD_SA (same page, through Cisco NAT)', () => {
  const { value } = parsed(fixture('ipsec-statusall', 'public-bsdrp-mediation--status-two-ike-sas'));
  assert.equal(value.ikeSas.map((x) => [x.uniqueId, x.children.map((c) => [c.uniqueId, c.reqid, c.spiIn, c.spiOut])]), [
    [3, [[2, 1, 'cd81f3e1', 'c209fd2f']]],
    [1, [[1, 1, 'cd43f0d6', 'ccc64d56']]],
  ]);
});

s('a terminal-wrapped plugins line stays in the header (same page, statusall on FreeBSD)', () => {
  const { value, warnings } = parsed(fixture('ipsec-statusall', 'public-bsdrp-mediation--statusall-freebsd'));
  assert.equal(warnings, []);
  assert.equal([value.version, value.listening, value.connections.map((c) => c.name)], ['strongSwan 5.5.1', ['192.168.1.2', '10.0.0.2'], ['medsrv', 'peer']]);
});

s('no SA at all: zero counts, no IKE SA', () => {
  const { value } = parsed('Security Associations (0 up, 0 connecting):\n  none\n');
  assert.equal([value.up, value.connecting, value.ikeSas], [0, 0, []]);
});

s('errors and other commands\' output are refused', () => {
  assert.is(code(''), 'empty');
  assert.is(code("failed to connect to stroke socket '/var/run/charon.ctl': No such file or directory\n"), 'command-error');
  // swanctl --list-sas (VICI), libreswan's `ipsec status` and trafficstatus are other commands.
  assert.is(code(fixture('swanctl-list-sas', 'runbook--task9')), 'unrecognized');
  assert.is(code(`000 "westnet-eastnet": 192.0.1.0/24===192.1.2.45<192.1.2.45>[@west]...192.1.2.23<192.1.2.23>[@east]===192.0.2.0/24; erouted; eroute owner: #3
000 #3: "westnet-eastnet":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); REKEY in XXs; newest IPSEC; eroute owner; isakmp#1; idle;
`), 'unrecognized');
  assert.is(code(`006 #3: "westnet-eastnet", type=ESP, add_time=1234567890, inBytes=84, outBytes=84, id='@east'\n`), 'unrecognized');
});

s.run();
