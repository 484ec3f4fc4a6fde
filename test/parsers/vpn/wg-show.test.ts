// Why: wg show variants the lab fixtures do not show: several interfaces, no handshake, units, shown keys, colour, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wgShow } from '../../../src/parsers/vpn/wg-show.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('wg-show parser');

// A private/preshared key as `WG_HIDE_KEYS=never wg show` would print it (test value, not a lab key).
const PRIV = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PSK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';

const TWO = `interface: wg0
  public key: HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=
  private key: (hidden)
  listening port: 51820
  fwmark: 0xca6c

peer: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=
  preshared key: (hidden)
  endpoint: [2001:db8::2]:51820
  allowed ips: 172.31.40.0/24, 10.99.0.2/32
  latest handshake: 1 minute, 5 seconds ago
  transfer: 1.50 MiB received, 2.00 GiB sent
  persistent keepalive: every 1 second

peer: TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=
  allowed ips: (none)

interface: wg1
  public key: gN65BkIKy1eCE9pP1wdc8ROUtkHLF2PfAqYdyYBz6EA=
  private key: (hidden)
  listening port: 51821
`;

s('several interfaces, a peer without handshake, units and keepalive', () => {
  const r = wgShow.parse(TWO);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [wg0, wg1] = r.value.interfaces;
  assert.is(r.value.interfaces.length, 2);
  assert.is(wg0!.fwmark, '0xca6c');
  assert.is(wg0!.privateKey, '(redacted)');
  const [p1, p2] = wg0!.peers;
  assert.is(p1!.hasPresharedKey, true);
  assert.is(p1!.presharedKey, '(redacted)');
  assert.is(p1!.endpointAddress, '2001:db8::2');
  assert.is(p1!.endpointPort, 51820);
  assert.is(p1!.latestHandshakeSecondsAgo, 65);
  assert.is(p1!.rxBytes, 1572864);
  assert.is(p1!.txBytes, 2147483648);
  assert.is(p1!.persistentKeepaliveSeconds, 1);
  assert.is(p2!.latestHandshakeSecondsAgo, null);
  assert.is(p2!.endpoint, null);
  assert.equal(p2!.allowedIps, []);
  assert.is(p2!.rxBytes, null);
  assert.is(wg1!.listeningPort, 51821);
  assert.equal(wg1!.peers, []);
});

s('keys shown with WG_HIDE_KEYS=never never reach the parse', () => {
  const text = `interface: wg0\n  public key: HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=\n  private key: ${PRIV}\n  listening port: 51820\n\npeer: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n  preshared key: ${PSK}\n  allowed ips: 10.0.0.0/8\n  privat key: ${PRIV}\n`;
  const r = wgShow.parse(text);
  assert.ok(r.ok);
  const json = JSON.stringify(r);
  assert.not.ok(json.includes(PRIV), 'private key in the parse');
  assert.not.ok(json.includes(PSK), 'preshared key in the parse');
  assert.not.ok(json.includes(PRIV.slice(0, 20)), 'part of the private key in a warning');
  if (r.ok) {
    assert.is(r.value.interfaces[0]!.privateKey, '(redacted)');
    assert.is(r.value.interfaces[0]!.peers[0]!.presharedKey, '(redacted)');
    assert.is(r.warnings.length, 1);
  }
});

s('coloured output from a terminal reads the same', () => {
  const text = '\x1b[32m\x1b[1minterface\x1b[0m: \x1b[32mwg0\x1b[0m\n  \x1b[1mlistening port\x1b[0m: 51820\n\n\x1b[33m\x1b[1mpeer\x1b[0m: \x1b[33mxTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\x1b[0m\n  \x1b[1mlatest handshake\x1b[0m: 2 \x1b[36mhours\x1b[0m, 1 \x1b[36msecond\x1b[0m ago\n  \x1b[1mtransfer\x1b[0m: 308 \x1b[36mB\x1b[0m received, 400 \x1b[36mB\x1b[0m sent\n';
  const r = wgShow.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  const p = r.value.interfaces[0]!.peers[0]!;
  assert.is(p.latestHandshakeSecondsAgo, 7201);
  assert.is(p.rxBytes, 308);
  assert.is(p.txBytes, 400);
});

s('a clock that went backwards leaves the handshake unknown, with a warning', () => {
  const r = wgShow.parse('interface: wg0\npeer: xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n  latest handshake: (System clock wound backward; connection problems may ensue.)\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.interfaces[0]!.peers[0]!.latestHandshakeSecondsAgo, null);
    assert.is(r.warnings.length, 1);
  }
});

s('error forms, empty and foreign output', () => {
  const e = wgShow.parse('Unable to access interface: No such device\n');
  assert.equal(e.ok ? null : e.error.code, 'command-error');
  const p = wgShow.parse('Unable to access interface: Operation not permitted\n');
  assert.equal(p.ok ? null : p.error.code, 'command-error');
  const u = wgShow.parse('Invalid subcommand: `shwo\'\nUsage: wg <cmd> [<args>]\n');
  assert.equal(u.ok ? null : u.error.code, 'command-error');
  const m = wgShow.parse(' \n\n');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = wgShow.parse('default via 203.0.113.1 dev wan0\n');
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});


s('a Cisco "interface: Tunnel2" block is not a WireGuard interface; a bare "interface: wg0" still is', () => {
  // The far-side `show crypto ipsec sa detail` fixture starts with "interface: Tunnel2" and nothing WireGuard after it.
  const cisco = readFileSync(join(COMMANDS_DIR, 'cisco-crypto-ipsec-sa', 'public-genieparser--iosxe-detail-gcm.out'), 'utf8');
  const r = wgShow.parse(cisco);
  assert.not.ok(r.ok, 'foreign interface block read as WireGuard');
  if (!r.ok) assert.is(r.error.code, 'unrecognized');
  // `wg show wg0` on an interface with no private key prints the header line alone: still WireGuard.
  const bare = wgShow.parse('interface: wg0\n');
  assert.ok(bare.ok);
  if (bare.ok) assert.equal(bare.value.interfaces.map((i) => i.name), ['wg0']);
});

s.run();
