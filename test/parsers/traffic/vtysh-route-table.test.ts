// Why: the table form of `show ip route` (no json) was refused outright; these real outputs pin what it now says.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vtyshRouteParser, type VtyshRouteReport } from '../../../src/parsers/traffic/vtysh-route.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('vtysh-route parser, table form');
const fixture = (name: string) => readFileSync(join(COMMANDS_DIR, 'vtysh-route', `${name}.out`), 'utf8');
const parsed = (t: string): { value: VtyshRouteReport; warnings: string[] } => {
  const r = vtyshRouteParser.parse(t);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`);
  return r;
};

s('FRR on FreeBSD (FRRouting/frr#9188): kernel routes, a kernel route beaten by the connected one', () => {
  const { value, warnings } = parsed(fixture('public-frr-9188--table-kernel-connected'));
  assert.equal(warnings, []);
  assert.is(value.found, true);
  assert.is(value.routes.length, 13);
  const def = value.routes[0]!;
  assert.equal([def.prefix, def.protocol, def.distance, def.metric, def.selected, def.installed, def.uptime], ['0.0.0.0/0', 'kernel', 0, 0, true, true, '00:00:09']);
  assert.equal([def.nexthops[0]!.gateway, def.nexthops[0]!.interface, def.nexthops[0]!.directlyConnected], ['192.168.122.1', 'vtnet0', false]);
  const both = value.routes.filter((r) => r.prefix === '192.168.122.0/24');
  assert.equal(both.map((r) => [r.protocol, r.selected, r.distance, r.metric]), [['kernel', false, 0, 0], ['connected', true, 0, 1]]);
  assert.equal([both[1]!.nexthops[0]!.directlyConnected, both[1]!.nexthops[0]!.interface, both[1]!.nexthops[0]!.gateway], [true, 'vtnet0', null]);
});

s('vrf all (FRRouting/frr#11768): each route carries the VRF of its header; connected routes print no [distance/metric]', () => {
  const { value } = parsed(fixture('public-frr-11768--table-vrf-all'));
  assert.equal(value.routes.map((r) => [r.prefix, r.vrf, r.distance]), [['4.5.6.7/32', 'BLUE', null], ['0.0.0.0/0', 'default', 0], ['192.168.119.0/24', 'default', null]]);
  assert.is(value.routes[1]!.metric, 100);
});

s('ECMP continuation line (FRRouting/frr#8143) joins the route above; the paste\'s elision lines are warnings, not routes', () => {
  const { value, warnings } = parsed(fixture('public-frr-8143--table-ecmp-connected'));
  assert.is(value.routes.length, 2);
  const r = value.routes[1]!;
  assert.equal(r.nexthops.map((n) => [n.interface, n.fib, n.directlyConnected]), [['adsl2', true, true], ['adsl1', true, true]]);
  assert.equal(warnings, ['line 6: unrecognized: ......', 'line 10: unrecognized: ......']);
});

s('no codes legend (FRRouting/frr#2127): BGP over IPv6 link-local next hops', () => {
  const { value } = parsed(fixture('public-frr-2127--table-bgp-no-legend'));
  assert.equal(value.routes.slice(0, 2).map((r) => [r.protocol, r.distance, r.metric, r.nexthops[0]!.gateway, r.nexthops[0]!.interface]), [
    ['bgp', 20, 0, 'fe80::5200:ff:fe02:4', 'ens3'],
    ['bgp', 20, 0, 'fe80::5200:ff:fe04:4', 'ens4'],
  ]);
});

s('inactive next hop over a VTI, src column, a losing OSPF route (lines from FRRouting/frr#5185)', () => {
  const { value, warnings } = parsed(`O   0.0.0.0/0 [110/10] via 192.168.86.5, vti-vti0 inactive, 00:00:08
K>* 0.0.0.0/0 [0/0] via 192.168.122.1, eth1, src 192.168.122.34, 00:00:41
O>* 10.250.50.0/30 [110/11] via 192.168.86.5, vti-vti0, 00:00:09
O   172.27.25.0/24 [110/20] via 192.168.86.5, vti-vti0, 00:00:09
C>* 172.27.25.0/24 is directly connected, eth0, 00:00:41
`);
  assert.equal(warnings, []);
  const [ospfDef, kernDef, ospf, ospfLost, conn] = value.routes;
  assert.equal([ospfDef!.selected, ospfDef!.installed, ospfDef!.nexthops[0]!.active, ospfDef!.nexthops[0]!.interface], [false, false, false, 'vti-vti0']);
  assert.equal([kernDef!.nexthops[0]!.interface, kernDef!.nexthops[0]!.gateway, kernDef!.uptime], ['eth1', '192.168.122.1', '00:00:41']);
  assert.equal([ospf!.protocol, ospf!.distance, ospf!.metric, ospf!.selected, ospf!.installed], ['ospf', 110, 11, true, true]);
  assert.equal([ospfLost!.selected, conn!.selected, conn!.protocol], [false, true, 'connected']);
});

s('a local route with a space in the selected column (telekom/das-schiff-network-operator#139)', () => {
  const { value } = parsed(`Codes: K - kernel route, C - connected, L - local, S - static,
       R - RIP, O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,
       T - Table, v - VNC, V - VNC-Direct, A - Babel, D - SHARP,
       F - PBR, f - OpenFabric, t - Table-Direct,
       > - selected route, * - FIB route, q - queued, r - rejected, b - backup
       t - trapped, o - offload failure

L * 172.22.172.128/32 is directly connected, dum.cluster, 00:08:39
`);
  assert.equal(value.routes.map((r) => [r.prefix, r.protocol, r.selected, r.installed, r.nexthops[0]!.interface, r.uptime]), [
    ['172.22.172.128/32', 'local', false, true, 'dum.cluster', '00:08:39'],
  ]);
});

s('the table form has the very shape the JSON form produces', () => {
  const table = parsed(fixture('public-frr-2127--table-bgp-no-legend')).value.routes[0]!;
  const json = parsed(readFileSync(join(COMMANDS_DIR, 'vtysh-route', 'lab-strongswan--gwa-static-json.out'), 'utf8')).value.routes[0]!;
  assert.equal(Object.keys(table).sort(), Object.keys(json).sort());
  assert.equal(Object.keys(table.nexthops[0]!).sort(), Object.keys(json.nexthops[0]!).sort());
});

s('the detail form and errors still go where they went', () => {
  const detail = vtyshRouteParser.parse(fixture('lab-strongswan--gwa-static'));
  assert.ok(detail.ok && detail.value.routes.length > 0);
  const err = vtyshRouteParser.parse('% Unknown command: show ip rout\n');
  assert.is(err.ok ? null : err.error.code, 'command-error');
  const legendOnly = vtyshRouteParser.parse('Codes: K - kernel route, C - connected, S - static, R - RIP,\n       > - selected route, * - FIB route\n\n');
  assert.ok(legendOnly.ok && legendOnly.value.found === false && legendOnly.value.routes.length === 0);
});

s.run();
