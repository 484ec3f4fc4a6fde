// Why: libreswan's `ipsec trafficstatus` in its 3.x (006-prefixed) and 5.x layouts, and what it must refuse.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipsecTrafficstatus, type LibreswanTrafficStatus } from '../../../src/parsers/vpn/ipsec-trafficstatus.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('ipsec-trafficstatus parser');
const fixture = (dir: string, name: string) => readFileSync(join(COMMANDS_DIR, dir, `${name}.out`), 'utf8');
const parsed = (t: string): { value: LibreswanTrafficStatus; warnings: string[] } => {
  const r = ipsecTrafficstatus.parse(t);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
  return r;
};
const code = (t: string) => {
  const r = ipsecTrafficstatus.parse(t);
  return r.ok ? null : r.error.code;
};

s('two Child SAs with byte counts (dennisstritzke/ipsec_exporter#17)', () => {
  const { value, warnings } = parsed(fixture('ipsec-trafficstatus', 'public-ipsec-exporter-17--trafficstatus'));
  assert.equal(warnings, []);
  assert.equal(value.sas.map((x) => [x.serial, x.connection, x.type, x.addTime, x.inBytes, x.outBytes, x.id]), [
    [6, '<Connection-Name>', 'ESP', 1554666951, 659216, 17850, '<ID>'],
    [4, '<Connection-Name>', 'ESP', 1554666819, 2628777, 49400, '<ID>'],
  ]);
});

s('an instance of a template connection with its peer address and maxBytes (libreswan/libreswan#857)', () => {
  const sa = parsed(fixture('ipsec-trafficstatus', 'public-libreswan-857--whack-trafficstatus-instance')).value.sas[0]!;
  assert.equal([sa.connection, sa.instance, sa.peer, sa.maxBytes, sa.id, sa.inBytes], ['authenticated', 1, '192.1.3.209', '2^32B', '@road', 84]);
});

s('a lease and zero inbound bytes (libreswan/libreswan#518): the line that showed the lost return traffic', () => {
  const sa = parsed(`006 #2: "roadnet-eastnet-ipv4-psk-ikev2"[1] 192.1.2.254, type=ESP, add_time=1234567890, inBytes=0, outBytes=0, id='@road', lease=192.0.2.1/32\n`).value.sas[0]!;
  assert.equal([sa.peer, sa.inBytes, sa.outBytes, sa.lease, sa.id], ['192.1.2.254', 0, 0, ['192.0.2.1/32'], '@road']);
});

s('5.x layout without the 006 prefix, and without byte counts (libreswan/libreswan#2854, NetBSD)', () => {
  const { value, warnings } = parsed(`#2: "rise-set", type=ESP, add_time=1234567890, id='@rise'\n`);
  assert.equal(warnings, []);
  assert.equal(value.sas.map((x) => [x.serial, x.connection, x.inBytes, x.outBytes, x.id]), [[2, 'rise-set', null, null, '@rise']]);
});

s('errors and other commands\' output are refused', () => {
  assert.is(code(''), 'empty');
  assert.is(code('whack: Pluto is not running (no "/run/pluto/pluto.ctl")\n'), 'command-error');
  assert.is(code(fixture('ipsec-statusall', 'public-nokia-moler--strongswan-5.2-statusall')), 'unrecognized');
  // libreswan's own `ipsec status` carries the same "#N: "name"" start, but no type=.
  assert.is(code(`000 #3: "westnet-eastnet":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); REKEY in XXs; newest IPSEC; eroute owner; isakmp#1; idle;
000 #3: "westnet-eastnet" esp.ESPSPIi@192.1.2.23 esp.ESPSPIi@192.1.2.45 tun.0@192.1.2.23 tun.0@192.1.2.45 Traffic: ESPin=84B ESPout=84B ESPmax=0B
`), 'unrecognized');
});

s.run();
