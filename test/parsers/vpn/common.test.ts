// Why: the shared duration, unit and masking helpers decide many parsed numbers; check their edges once.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_WARNINGS, clip, durationSeconds, durationSecondsWg, splitEndpoint, wgBytes } from '../../../src/parsers/vpn/common.js';
import { swanctlListSas } from '../../../src/parsers/vpn/swanctl-list-sas.js';

const s = suite('vpn parser helpers');

s('swanctl durations', () => {
  assert.is(durationSeconds('241s'), 241);
  assert.is(durationSeconds('53m'), 3180);
  assert.is(durationSeconds('1h 2m'), 3720);
  assert.is(durationSeconds('2d 3h'), 183600);
  assert.is(durationSeconds('17'), 17);
  assert.is(durationSeconds('soon'), null);
  assert.is(durationSeconds(''), null);
  assert.is(durationSeconds('9'.repeat(100_000) + 's'), null);
});

s('wg durations and units', () => {
  assert.is(durationSecondsWg('1 minute, 5 seconds'), 65);
  assert.is(durationSecondsWg('1 year, 2 days, 3 hours, 4 minutes, 5 seconds'), 31536000 + 172800 + 10800 + 240 + 5);
  assert.is(durationSecondsWg('25 seconds'), 25);
  assert.is(durationSecondsWg('a while'), null);
  assert.is(wgBytes('308 B'), 308);
  assert.is(wgBytes('12.34 KiB'), 12636);
  assert.is(wgBytes('1.00 TiB'), 1024 ** 4);
  assert.is(wgBytes('12 KB'), null);
});

s('endpoints', () => {
  assert.equal(splitEndpoint('198.51.100.20:51820'), { address: '198.51.100.20', port: 51820 });
  assert.equal(splitEndpoint('[2001:db8::1]:51820'), { address: '2001:db8::1', port: 51820 });
  assert.equal(splitEndpoint('2001:db8::1'), { address: '2001:db8::1', port: null });
});

s('warnings mask key-like runs, also across the cut', () => {
  const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
  assert.is(clip(`private key: ${key}`), 'private key: (masked)');
  assert.is(clip('enc des 0x0123456789abcdef spi 0xc1a2b3c4'), 'enc des (masked) spi 0xc1a2b3c4');
  const long = `${'x '.repeat(35)}${key} tail`;
  assert.not.ok(clip(long).includes(key.slice(0, 8)));
});

s('warnings are capped on a garbled paste', () => {
  const r = swanctlListSas.parse(`a: #1, ESTABLISHED, IKEv2, 01_i* 02_r\n${'  garbage line\n'.repeat(10_000)}`);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.warnings.length, MAX_WARNINGS + 1);
  assert.match(r.warnings[MAX_WARNINGS]!, /more warnings not shown/);
});

s.run();
