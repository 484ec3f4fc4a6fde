// Why: nstat's forms (text with or without -a, --json) give one counter map; absent counters read as 0.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { counter, nstat, type NstatCounters } from '../../../src/parsers/iproute/nstat.js';

const s = suite('nstat parser');

function counters(text: string): NstatCounters {
  const r = nstat.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

s('text and JSON agree', () => {
  const t = counters('#kernel\nIpExtInNoRoutes                 3                  0.0\nTcpExtIPReversePathFilter       36                 1.5\n');
  const j = counters('{"kernel":{"IpExtInNoRoutes":3,"TcpExtIPReversePathFilter":36}}');
  assert.equal(t, j);
  assert.is(counter(t, 'TcpExtIPReversePathFilter'), 36);
});

s('a counter nstat left out (no -z) reads as 0', () => {
  assert.is(counter(counters('#kernel\nIpInReceives 5 0.0\n'), 'TcpExtIPReversePathFilter'), 0);
  assert.is(counter(counters('#kernel\nIpInReceives 5 0.0\n'), 'constructor'), 0);
});

s('odd lines are warnings; a missing header is a warning', () => {
  const r = nstat.parse('IpInReceives 5 0.0\nthis is not a counter line\n');
  assert.ok(r.ok);
  if (r.ok) assert.is(r.warnings.length, 2);
});

s('empty, errors, garbage, broken JSON', () => {
  const e = nstat.parse('');
  assert.ok(!e.ok && e.error.code === 'empty');
  const c = nstat.parse('nstat: invalid option -- \'q\'\n');
  assert.ok(!c.ok && c.error.code === 'command-error');
  const u = nstat.parse('Ip: Forwarding DefaultTTL\nIp: 1 64\n');
  assert.ok(!u.ok && u.error.code === 'unrecognized');
  const j = nstat.parse('{"kernel":{"IpInRec');
  assert.ok(!j.ok && j.error.code === 'bad-json');
});

s.run();
