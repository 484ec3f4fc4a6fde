// Why: wg dump variants the lab fixtures do not show: raw keys, no handshake, several interfaces, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { wgDump } from '../../../src/parsers/vpn/wg-dump.js';

const s = suite('wg-dump parser');

// Test keys (not lab keys): what `wg show wg0 dump` prints before any redaction.
const PRIV = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const PSK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
const PUB = 'HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=';
const PEER = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const PEER2 = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';

s('raw private and preshared keys are redacted in the parse', () => {
  const text = `${PRIV}\t${PUB}\t51820\t0xca6c\n${PEER}\t${PSK}\t198.51.100.20:51820\t172.31.40.0/24\t1795738900\t4084\t4560\toff\n`;
  const r = wgDump.parse(text);
  assert.ok(r.ok);
  assert.not.ok(JSON.stringify(r).includes(PRIV));
  assert.not.ok(JSON.stringify(r).includes(PSK));
  if (!r.ok) return;
  const i = r.value.interfaces[0]!;
  assert.is(i.name, null);
  assert.is(i.privateKey, '(redacted)');
  assert.is(i.fwmark, '0xca6c');
  assert.is(i.peers[0]!.hasPresharedKey, true);
  assert.is(i.peers[0]!.presharedKey, '(redacted)');
  assert.is(i.peers[0]!.persistentKeepaliveSeconds, null);
});

s('a peer that never handshook, with no endpoint and no allowed IPs', () => {
  const r = wgDump.parse(`(redacted)\t${PUB}\t51820\toff\n${PEER}\t(none)\t(none)\t(none)\t0\t0\t0\t25\n`);
  assert.ok(r.ok);
  if (!r.ok) return;
  const p = r.value.interfaces[0]!.peers[0]!;
  assert.is(p.latestHandshake, null);
  assert.is(p.endpoint, null);
  assert.equal(p.allowedIps, []);
  assert.is(p.rxBytes, 0);
  assert.is(p.hasPresharedKey, false);
  assert.is(p.persistentKeepaliveSeconds, 25);
});

s('`wg show all dump` with two interfaces groups peers by name', () => {
  const text = [
    `wg0\t(redacted)\t${PUB}\t51820\toff`,
    `wg0\t${PEER}\t(none)\t198.51.100.20:51820\t172.31.40.0/24,10.99.0.2/32\t1795738900\t1\t2\t25`,
    `wg1\t(none)\t(none)\t0\toff`,
    `wg1\t${PEER2}\t(none)\t[2001:db8::9]:4500\t0.0.0.0/0\t0\t0\t0\toff`,
    '',
  ].join('\n');
  const r = wgDump.parse(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  assert.equal(r.value.interfaces.map((i) => [i.name, i.peers.length]), [['wg0', 1], ['wg1', 1]]);
  assert.is(r.value.interfaces[1]!.privateKey, null);
  assert.is(r.value.interfaces[1]!.publicKey, null);
  assert.is(r.value.interfaces[1]!.peers[0]!.endpointAddress, '2001:db8::9');
  assert.equal(r.value.interfaces[0]!.peers[0]!.allowedIps, ['172.31.40.0/24', '10.99.0.2/32']);
});

s('error forms, empty and foreign output', () => {
  const e = wgDump.parse('Unable to access interface: No such device\n');
  assert.equal(e.ok ? null : e.error.code, 'command-error');
  const m = wgDump.parse('');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = wgDump.parse('interface: wg0\n  listening port: 51820\n');
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});

s.run();
