// Why: ip route get's refusals are routing verdicts the gates switch on; pin them and the variants fixtures lack.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipRouteGet, type RouteGet } from '../../../src/parsers/iproute/ip-route-get.js';

const s = suite('ip-route-get parser');

function route(text: string): Extract<RouteGet, { kind: 'route' }> {
  const r = ipRouteGet.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  if (r.value.kind !== 'route') throw new Error('expected a route');
  return r.value;
}

s('empty and whitespace output is "empty"', () => {
  for (const t of ['', ' \n\t\n']) {
    const r = ipRouteGet.parse(t);
    assert.is(r.ok, false);
    if (!r.ok) assert.is(r.error.code, 'empty');
  }
});

s('each kernel refusal is a typed unroutable verdict, not a failure', () => {
  const cases: Array<[string, string, string]> = [
    ['No route to host', 'no-route-to-host', 'EHOSTUNREACH'],
    ['Network is unreachable', 'network-unreachable', 'ENETUNREACH'],
    ['Permission denied', 'prohibited', 'EACCES'],
    ['Invalid argument', 'invalid', 'EINVAL'],
    ['Invalid cross-device link', 'rp-filter', 'EXDEV'],
  ];
  for (const [msg, reason, errno] of cases) {
    const r = ipRouteGet.parse(`RTNETLINK answers: ${msg}\n`);
    assert.ok(r.ok, msg);
    if (r.ok) assert.equal(r.value, { kind: 'unroutable', reason, errno, message: `RTNETLINK answers: ${msg}` });
  }
});

s('ip_forward=0 ("No route to host") is told apart from no route at all ("Network is unreachable")', () => {
  const a = ipRouteGet.parse('RTNETLINK answers: No route to host\n');
  const b = ipRouteGet.parse('RTNETLINK answers: Network is unreachable\n');
  assert.ok(a.ok && a.value.kind === 'unroutable' && a.value.reason === 'no-route-to-host');
  assert.ok(b.ok && b.value.kind === 'unroutable' && b.value.reason === 'network-unreachable');
});

s('usage errors and other RTNETLINK answers are command errors', () => {
  for (const t of [
    'Cannot find device "eth9"\n',
    'Error: any valid prefix is expected rather than "300.1.1.1".\n',
    'RTNETLINK answers: Operation not supported\n',
    'bash: ip: command not found\n',
  ]) {
    const r = ipRouteGet.parse(t);
    assert.is(r.ok, false, t);
    if (!r.ok) assert.is(r.error.code, 'command-error', t);
  }
});

s('local and broadcast answers carry their type and cache flags', () => {
  const l = route('local 10.20.0.1 dev lo src 10.20.0.1 uid 0 \n    cache <local> \n');
  assert.is(l.type, 'local');
  assert.is(l.dev, 'lo');
  assert.equal(l.cache, ['local']);
  const b = route('broadcast 10.20.0.255 dev lan0 src 10.20.0.1 uid 0 \n    cache <local,brd> \n');
  assert.is(b.type, 'broadcast');
  assert.equal(b.cache, ['local', 'brd']);
});

s('a learnt path MTU in the cache line is read (gate mtu)', () => {
  const r = route('172.31.40.10 via 203.0.113.1 dev wan0 src 203.0.113.10 uid 0 \n    cache expires 597sec mtu 1280 \n');
  assert.is(r.mtu, 1280);
  assert.is(r.expires, 597);
  assert.is(r.via, '203.0.113.1');
});

s('-d prints the type and table main; mark is kept', () => {
  const d = route('unicast 172.31.40.10 dev wg0 table main src 10.99.0.1 uid 0 \n    cache \n');
  assert.is(d.type, 'unicast');
  assert.is(d.table, 'main');
  const m = route('172.31.40.10 dev wg0 src 10.99.0.1 mark 5 uid 0 \n    cache \n');
  assert.is(m.mark, '5');
  assert.is(m.uid, 0);
});

s('IPv6 answers (no cache line, pref) parse', () => {
  const r = route('local ::1 from :: dev lo table local proto kernel src ::1 metric 0 pref medium\n');
  assert.is(r.type, 'local');
  assert.is(r.from, '::');
  assert.is(r.table, 'local');
  assert.is(r.metric, 0);
  assert.is(r.pref, 'medium');
  assert.is(r.cache, undefined);
});

s('JSON route metrics: mtu and advmss', () => {
  const r = route('[{"dst":"192.0.2.5","dev":"lan0","prefsrc":"172.31.40.1","flags":[],"uid":0,"cache":[],"metrics":[{"mtu":1280,"advmss":1200}]}]\n');
  assert.is(r.mtu, 1280);
  assert.is(r.advmss, 1200);
  assert.is(r.src, '172.31.40.1');
});

s('text and JSON of the same answer agree', () => {
  const t = route('172.31.40.10 from 10.20.0.55 via 203.0.113.1 dev wan0 \n    cache iif lan0 \n');
  const j = route('[{"dst":"172.31.40.10","from":"10.20.0.55","gateway":"203.0.113.1","dev":"wan0","flags":[],"cache":[],"iif":"lan0"}]');
  assert.equal(JSON.parse(JSON.stringify(t)), JSON.parse(JSON.stringify(j)));
});

s('broken JSON: bad-json; text that is no route: unrecognized', () => {
  for (const t of ['[{"dst":"172.31.40.10","dev":"wg', '[{"dst":7,"dev":"wg0"}]', '{}']) {
    const r = ipRouteGet.parse(t);
    assert.is(r.ok, false, t);
    if (!r.ok) assert.is(r.error.code, 'bad-json', t);
  }
  const r = ipRouteGet.parse('Welcome to Ubuntu 22.04 LTS\n');
  assert.is(r.ok, false);
  if (!r.ok) assert.is(r.error.code, 'unrecognized');
});

s('unknown words are warnings, not failures', () => {
  const r = ipRouteGet.parse('172.31.40.10 dev wg0 src 10.99.0.1 frobnicate uid 0 \n    cache \n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /frobnicate/);
  }
});

s.run();
