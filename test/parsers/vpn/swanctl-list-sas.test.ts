// Why: swanctl --list-sas variants the lab fixtures do not show: CONNECTING SAs, several children, VIPs, IPComp, marks, IPv6, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { swanctlListSas } from '../../../src/parsers/vpn/swanctl-list-sas.js';

const s = suite('swanctl-list-sas parser');

const MANY = `hq-branch: #7, ESTABLISHED, IKEv2, 1f2e3d4c5b6a7988_i 8899aabbccddeeff_r*
  local  'hq.example.net' @ 2001:db8::1[4500]
  remote 'branch7' @ 2001:db8:7::1[4500] EAP: 'alice' [10.9.0.7]
  AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
  established 3723s ago, rekeying in 1h 2m, reauth in 2d, expires in 9000s
  active:  CHILD_REKEY
  lan: #12, reqid 3, INSTALLED, TUNNEL, ESP:AES_CBC-256/HMAC_SHA2_256_128/ESN
    installed 120s ago, rekeying in 3000s, expires in 3480s
    in  c1a2b3c4/5f00 (0x2a/0xffffffff), 1048576 bytes,  1024 packets,    10s ago
    out c5d6e7f8/6f00 (0x2a/0xffffffff),   2048 bytes,    16 packets
    local  10.20.0.0/24 10.21.0.0/24
    remote 172.31.40.0/24 172.31.41.0/24[tcp/443]
  lan: #13, reqid 3, REKEYED, TRANSPORT, AH:HMAC_SHA2_256_128
    installed 4000s ago
    in  c0000001,      0 bytes,     0 packets
    out c0000002,      0 bytes,     0 packets
    local  2001:db8::1/128
    remote 2001:db8:7::1/128
pending: #8, CONNECTING, IKEv2, 0123456789abcdef_i* 0000000000000000_r
  local  '%any' @ 203.0.113.10[500]
  remote '%any' @ 192.0.2.99[500]
  queued:  IKE_VENDOR IKE_INIT IKE_NATD IKE_CERT_PRE IKE_AUTH
`;

s('several IKE SAs and children, VIPs, EAP, IPComp, marks, IPv6, durations', () => {
  const r = swanctlListSas.parse(MANY);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [hq, pending] = r.value.ikeSas;
  assert.is(hq!.localIsInitiator, false);
  assert.equal(hq!.local, { id: 'hq.example.net', address: '2001:db8::1', port: 4500, vips: [] });
  assert.equal(hq!.remote, { id: 'branch7', address: '2001:db8:7::1', port: 4500, vips: ['10.9.0.7'], eapId: 'alice' });
  assert.is(hq!.establishedSecondsAgo, 3723);
  assert.is(hq!.rekeySeconds, 3720);
  assert.is(hq!.reauthSeconds, 172800);
  assert.is(hq!.expireSeconds, 9000);
  assert.equal(hq!.tasksActive, ['CHILD_REKEY']);
  const [a, b] = hq!.children;
  assert.is(a!.uniqueId, 12);
  assert.is(a!.reqid, 3);
  assert.is(a!.udpEncap, false);
  assert.is(a!.proposal, 'AES_CBC-256/HMAC_SHA2_256_128/ESN');
  assert.equal(a!.in, { spi: 'c1a2b3c4', cpi: '5f00', mark: '0x2a/0xffffffff', bytes: 1048576, packets: 1024, lastPacketSecondsAgo: 10 });
  assert.is(a!.out.lastPacketSecondsAgo, null);
  assert.equal(a!.localTs, ['10.20.0.0/24', '10.21.0.0/24']);
  assert.equal(a!.remoteTs, ['172.31.40.0/24', '172.31.41.0/24[tcp/443]']);
  assert.is(b!.state, 'REKEYED');
  assert.is(b!.mode, 'TRANSPORT');
  assert.is(b!.protocol, 'AH');
  assert.is(b!.rekeySeconds, null);
  assert.is(pending!.state, 'CONNECTING');
  assert.is(pending!.establishedSecondsAgo, null);
  assert.is(pending!.responderSpi, '0000000000000000');
  assert.is(pending!.localIsInitiator, true);
  assert.equal(pending!.tasksQueued, ['IKE_VENDOR', 'IKE_INIT', 'IKE_NATD', 'IKE_CERT_PRE', 'IKE_AUTH']);
  assert.equal(pending!.children, []);
});

s('older swanctl (5.2): "spi_i:spi_r", no port, child "#reqid", "installed N ago"', () => {
  const text = `gw: #1, ESTABLISHED, IKEv2, 4c2b1b3c3e5b2a6f:6a8d9c0b2a1f4e3d
  local  'moon' @ 192.0.2.1
  remote 'sun' @ 192.0.2.2
  AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048
  established 60s ago, rekeying in 14000s
  net: #1, INSTALLED, TUNNEL, ESP:AES_CBC-128/HMAC_SHA1_96
    installed 60 ago, rekeying in 3000s, expires in 3540s
    in  cf8a2d9e,    100 bytes,     1 packets,    5s ago
    out c4b0f5f2,    100 bytes,     1 packets,    5s ago
    local  10.1.0.0/16
    remote 10.2.0.0/16
`;
  const r = swanctlListSas.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const ike = r.value.ikeSas[0]!;
  assert.is(ike.initiatorSpi, '4c2b1b3c3e5b2a6f');
  assert.is(ike.localIsInitiator, null);
  assert.is(ike.local.port, null);
  assert.is(ike.local.address, '192.0.2.1');
  const c = ike.children[0]!;
  assert.is(c.uniqueId, null);
  assert.is(c.reqid, 1);
  assert.is(c.installedSecondsAgo, 60);
});

s('error forms, empty and foreign output', () => {
  const e = swanctlListSas.parse("connecting to 'unix:///var/run/charon.vici' failed: Connection refused\nError: connecting to 'default' URI failed: Connection refused\n");
  assert.equal(e.ok ? null : e.error.code, 'command-error');
  const m = swanctlListSas.parse('\n');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = swanctlListSas.parse('Security Associations (1 up, 0 connecting):\n');
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});

s('an unknown line inside a child is a warning, not a failure', () => {
  const r = swanctlListSas.parse("a: #1, ESTABLISHED, IKEv2, 01_i* 02_r\n  c: #1, reqid 1, INSTALLED, TUNNEL, ESP:AES_GCM_16-256\n    something new 42\n");
  assert.ok(r.ok);
  if (r.ok) assert.is(r.warnings.length, 1);
});

s.run();
