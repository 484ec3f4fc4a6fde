// Why: swanctl --list-conns variants the lab fixtures do not show: several addresses, certificates, EAP, byte rekeying, PASS children, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { swanctlListConns } from '../../../src/parsers/vpn/swanctl-list-conns.js';

const s = suite('swanctl-list-conns parser');

const TEXT = `rw: IKEv1/2, reauthentication every 10800s, no rekeying
  local:  192.0.2.1
  local:  2001:db8::1
  remote: %any
  local public key authentication:
    id: moon.strongswan.org
    certs: C=CH, O=strongSwan Project, CN=moon.strongswan.org
  remote EAP-MSCHAPV2 authentication:
    eap_id: %any
    groups: staff admins
  net: TUNNEL, rekeying every 3600s or 1000000 bytes or 500 packets
    local:  10.1.0.0/16 dynamic
    remote: dynamic
    interface: xfrm7
    priority: 100
  bypass-lan: PASS, no rekeying
    local:  10.1.0.0/16
    remote: 10.1.0.0/16
legacy: IKEv1, reauthentication every 28800s, dpd delay 30s
  local:  %any
  remote: 198.51.100.20
  local pre-shared key authentication:
  remote pre-shared key authentication:
  legacy-child: TUNNEL, rekeying every 3600s, dpd action is restart
    local:  0.0.0.0/0
    remote: 0.0.0.0/0
`;

s('two connections with certificates, EAP, PASS and byte-limited rekeying', () => {
  const r = swanctlListConns.parse(TEXT);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [rw, legacy] = r.value.connections;
  assert.is(rw!.version, 'IKEv1/2');
  assert.is(rw!.reauthSeconds, 10800);
  assert.is(rw!.rekeySeconds, null);
  assert.is(rw!.dpdDelaySeconds, null);
  assert.equal(rw!.localAddrs, ['192.0.2.1', '2001:db8::1']);
  assert.equal(rw!.remoteAddrs, ['%any']);
  assert.is(rw!.localAuth[0]!.method, 'public key');
  assert.is(rw!.localAuth[0]!.id, 'moon.strongswan.org');
  assert.is(rw!.localAuth[0]!.certs.length > 0, true);
  assert.is(rw!.remoteAuth[0]!.method, 'EAP-MSCHAPV2');
  assert.is(rw!.remoteAuth[0]!.eapId, '%any');
  assert.equal(rw!.remoteAuth[0]!.groups, ['staff', 'admins']);
  const [net, pass] = rw!.children;
  assert.equal([net!.rekeySeconds, net!.rekeyBytes, net!.rekeyPackets], [3600, 1000000, 500]);
  assert.equal(net!.localTs, ['10.1.0.0/16', 'dynamic']);
  assert.is(net!.interface, 'xfrm7');
  assert.is(net!.priority, 100);
  assert.is(net!.dpdAction, null);
  assert.is(pass!.mode, 'PASS');
  assert.is(pass!.rekeySeconds, null);
  assert.is(legacy!.version, 'IKEv1');
  assert.is(legacy!.dpdDelaySeconds, 30);
  assert.is(legacy!.localAuth[0]!.id, null);
  assert.is(legacy!.children[0]!.dpdAction, 'restart');
  assert.equal(legacy!.children[0]!.remoteTs, ['0.0.0.0/0']);
});

s('error forms, empty and foreign output', () => {
  const e = swanctlListConns.parse("connecting to 'unix:///var/run/charon.vici' failed: Permission denied\nError: connecting to 'default' URI failed: Permission denied\n");
  assert.equal(e.ok ? null : e.error.code, 'command-error');
  const m = swanctlListConns.parse('');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = swanctlListConns.parse("siteA-siteB: #1, ESTABLISHED, IKEv2, 01_i* 02_r\n");
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});

s.run();
