// Why: FRR route forms the lab fixtures do not show: ECMP over two tunnels, inactive/recursive/blackhole next hops, VRFs, vtysh errors, bad JSON.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { vtyshRouteParser } from '../../../src/parsers/traffic/vtysh-route.js';

const s = suite('vtysh-route parser');
const code = (t: string) => {
  const r = vtyshRouteParser.parse(t);
  return r.ok ? null : r.error.code;
};

s('empty input, vtysh and FRR errors', () => {
  assert.is(code(''), 'empty');
  assert.is(code('Exiting: failed to connect to any daemons.\n'), 'command-error');
  assert.is(code('% Unknown command: show ip rout 172.31.40.0/24\n'), 'command-error');
  assert.is(code('% Command incomplete: show ip route\n'), 'command-error');
  assert.is(code('nothing to see\n'), 'unrecognized');
});

s('ECMP over two tunnels, a losing route with an inactive recursive next hop, a VRF', () => {
  const r = vtyshRouteParser.parse(`Routing entry for 172.31.40.0/24
  Known via "bgp", distance 20, metric 0, vrf blue, best
  Last update 01:02:03 ago
  * 10.255.255.2, via vti0, weight 1
  * 10.255.255.6, via vti1, weight 1

Routing entry for 172.31.40.0/24
  Known via "static", distance 200, metric 0, vrf blue
  Last update 2d03h04m ago
    192.0.2.1 inactive (recursive), weight 1
`);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [bgp, st] = r.value.routes;
  assert.equal([bgp!.protocol, bgp!.distance, bgp!.vrf, bgp!.selected, bgp!.installed, bgp!.uptime], ['bgp', 20, 'blue', true, true, '01:02:03']);
  assert.equal(bgp!.nexthops.map((n) => [n.gateway, n.interface, n.fib, n.weight]), [['10.255.255.2', 'vti0', true, 1], ['10.255.255.6', 'vti1', true, 1]]);
  assert.equal([st!.selected, st!.installed, st!.uptime], [false, false, '2d03h04m']);
  assert.equal([st!.nexthops[0]!.gateway, st!.nexthops[0]!.active, st!.nexthops[0]!.recursive], ['192.0.2.1', false, true]);
});

s('a blackhole route', () => {
  const r = vtyshRouteParser.parse('Routing entry for 172.31.40.0/24\n  Known via "static", distance 1, metric 0, best\n  Last update 00:00:05 ago\n  * unreachable (blackhole), weight 1\n');
  assert.ok(r.ok);
  if (r.ok) assert.equal([r.value.routes[0]!.nexthops[0]!.blackhole, r.value.routes[0]!.nexthops[0]!.weight], [true, 1]);
});

s('JSON: broken, wrong shape, and wrong types never throw', () => {
  assert.is(code('{"172.31.40.0/24":[{"prefix":'), 'bad-json');
  assert.is(code('[1,2]'), 'bad-json');
  const r = vtyshRouteParser.parse('{"172.31.40.0/24":[{"prefix":7,"protocol":null,"distance":"x","nexthops":[1,{"ip":5,"fib":"yes"}]}],"x":3}');
  assert.ok(r.ok);
  if (!r.ok) return;
  const [route] = r.value.routes;
  assert.equal([route!.prefix, route!.protocol, route!.distance], ['172.31.40.0/24', '', null]);
  assert.equal(route!.nexthops.map((n) => [n.gateway, n.fib]), [[null, false]]);
  assert.is(r.warnings.length, 2);
});

s.run();
