// Why: traceroute forms the lab fixtures do not show: names, several answering routers per hop, !F/!X/!<n> marks, its own errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tracerouteParser } from '../../../src/parsers/traffic/traceroute.js';

const s = suite('traceroute parser');

s('empty input', () => {
  const r = tracerouteParser.parse('');
  assert.is(r.ok ? null : r.error.code, 'empty');
});

s('no route at all: the error after the header is a command error', () => {
  const r = tracerouteParser.parse('traceroute to 10.0.0.1 (10.0.0.1), 30 hops max, 60 byte packets\nconnect: Network is unreachable\n');
  assert.is(r.ok ? null : r.error.code, 'command-error');
  if (!r.ok) assert.is(r.error.line, 2);
  const dns = tracerouteParser.parse("nosuchhost.invalid: Temporary failure in name resolution\nCannot handle \"host\" cmdline arg `nosuchhost.invalid' on position 1 (argc 2)\n");
  assert.is(dns.ok ? null : dns.error.code, 'command-error');
});

s('names without -n, several routers in one hop, marks with an MTU or a code', () => {
  const r = tracerouteParser.parse(`traceroute to hostb.example (172.31.40.10), 30 hops max, 60 byte packets
 1  gwa.example (10.20.0.1)  0.431 ms  0.382 ms  0.369 ms
 2  198.51.100.1  1.021 ms  198.51.100.5  1.2 ms *
 3  203.0.113.1  2.1 ms !F-1280  2.0 ms !X  2.2 ms !<10>
 4  172.31.40.10  3.000 ms  2.9 ms  2.8 ms
`);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [h1, h2, h3] = r.value.hops;
  assert.equal([h1!.probes[0]!.name, h1!.probes[0]!.address, h1!.addresses], ['gwa.example', '10.20.0.1', ['10.20.0.1']]);
  assert.equal(h2!.addresses, ['198.51.100.1', '198.51.100.5']);
  assert.equal(h2!.probes.map((p) => p.address), ['198.51.100.1', '198.51.100.5', null]);
  assert.equal(h3!.probes.map((p) => [p.mark, p.markKind, p.mtu]), [['!F-1280', 'frag-needed', 1280], ['!X', 'prohibited', null], ['!<10>', 'other', null]]);
  assert.is(r.value.reachedDestination, true);
});

s('a stray line is a warning', () => {
  const r = tracerouteParser.parse('traceroute to 172.31.40.10 (172.31.40.10), 30 hops max, 60 byte packets\n 1  10.20.0.1  0.431 ms  0.382 ms  0.369 ms\nsomething odd\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.warnings.length, 1);
    assert.is(r.value.reachedDestination, false);
  }
});

s.run();
