// Why: route tables come in shapes the lab does not print: multipath, metrics, reject types, dump errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipRouteShow, routesCovering, type RouteTable } from '../../../src/parsers/iproute/ip-route-show.js';

const s = suite('ip-route-show parser');

function table(text: string): RouteTable {
  const r = ipRouteShow.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

s('empty text is "empty"; an empty JSON table is an empty list', () => {
  const r = ipRouteShow.parse('');
  assert.ok(!r.ok && r.error.code === 'empty');
  assert.equal(table('[]\n').routes, []);
});

s('multipath routes keep their next hops (text and JSON)', () => {
  const t = table('192.0.2.128/25 \n\tnexthop via 172.31.40.10 dev lan0 weight 1 \n\tnexthop via 198.51.100.1 dev wan0 weight 2 \n');
  assert.is(t.routes.length, 1);
  assert.equal(t.routes[0]!.nexthops, [
    { flags: [], via: '172.31.40.10', dev: 'lan0', weight: 1 },
    { flags: [], via: '198.51.100.1', dev: 'wan0', weight: 2 },
  ]);
  const j = table('[{"dst":"192.0.2.128/25","flags":[],"nexthops":[{"gateway":"172.31.40.10","dev":"lan0","weight":1,"flags":[]},{"gateway":"198.51.100.1","dev":"wan0","weight":2,"flags":[]}]}]');
  assert.equal(JSON.parse(JSON.stringify(j)), JSON.parse(JSON.stringify(t)));
});

s('route metrics: mtu lock and advmss', () => {
  const r = table('192.0.2.0/24 dev lan0 proto static scope link metric 50 mtu lock 1280 advmss 1200 \n').routes[0]!;
  assert.is(r.mtu, 1280);
  assert.is(r.mtuLock, true);
  assert.is(r.advmss, 1200);
  assert.is(r.metric, 50);
  assert.is(r.proto, 'static');
});

s('reject route types', () => {
  const t = table('unreachable 192.0.2.1 \nprohibit 192.0.2.2 \nblackhole 192.0.2.3 \nthrow 192.0.2.4 \nunreachable 2001:db8::/32 dev lo metric 1024 error -113 pref medium\n');
  assert.equal(t.routes.map((r) => [r.type, r.dst]), [
    ['unreachable', '192.0.2.1'], ['prohibit', '192.0.2.2'], ['blackhole', '192.0.2.3'], ['throw', '192.0.2.4'], ['unreachable', '2001:db8::/32'],
  ]);
  assert.is(t.routes[4]!.error, -113);
});

s('an IPv6 next hop for an IPv4 route ("via inet6")', () => {
  const r = table('default via inet6 fe80::1 dev eth0 proto bgp metric 20 onlink \n').routes[0]!;
  assert.is(r.via, 'fe80::1');
  assert.is(r.viaFamily, 'inet6');
  assert.equal(r.flags, ['onlink']);
});

s('dump errors are command errors, also after the "[" of the JSON form', () => {
  for (const t of [
    'Error: ipv4: FIB table does not exist.\nDump terminated\n',
    '[Error: ipv4: FIB table does not exist.\nDump terminated\n',
    'Cannot find device "wg9"\n',
  ]) {
    const r = ipRouteShow.parse(t);
    assert.ok(!r.ok && r.error.code === 'command-error', t);
  }
});

s('a line that is no route is a warning beside the others', () => {
  const r = ipRouteShow.parse('default via 10.20.0.1 dev eth0 \nhello world\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.routes.length, 1);
    assert.is(r.warnings.length, 1);
  }
});

s('routesCovering: most specific first, default last', () => {
  const t = table('default via 203.0.113.1 dev wan0 \n172.31.40.0/24 dev wg0 scope link \n10.20.0.0/24 dev lan0 proto kernel scope link src 10.20.0.1 \n');
  assert.equal(routesCovering(t, '172.31.40.10').map((r) => r.dst), ['172.31.40.0/24', 'default']);
  assert.equal(routesCovering(t, '8.8.8.8').map((r) => r.dst), ['default']);
  assert.equal(routesCovering(t, 'not-an-ip'), []);
});

s.run();
