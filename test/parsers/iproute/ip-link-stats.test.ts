// Why: counters come from several iproute2 generations (overrun vs missed, -h, -o, "stats" vs "stats64"); all must read the same.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipLinkStats, type LinkStatsList } from '../../../src/parsers/iproute/ip-link-stats.js';

const s = suite('ip-link-stats parser');

function links(text: string): LinkStatsList {
  const r = ipLinkStats.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

s('older iproute2: "RX: bytes  packets  errors  dropped overrun mcast"', () => {
  const l = links([
    '4: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
    '    link/none ',
    '    RX: bytes  packets  errors  dropped overrun mcast   ',
    '    1234       10       0       0       0       0       ',
    '    TX: bytes  packets  errors  dropped carrier collsns ',
    '    5678       20       0       3       0       0       ',
    '',
  ].join('\n')).links[0]!;
  assert.equal(l.rx, { bytes: 1234, packets: 10, errors: 0, dropped: 0, over_errors: 0, multicast: 0 });
  assert.equal(l.tx, { bytes: 5678, packets: 20, errors: 0, dropped: 3, carrier_errors: 0, collisions: 0 });
  assert.is(l.adminUp, true);
});

s('an interface that is down', () => {
  const l = links('6: wg1: <POINTOPOINT,NOARP> mtu 1420 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/none \n').links[0]!;
  assert.is(l.adminUp, false);
  assert.is(l.lowerUp, false);
  assert.is(l.state, 'DOWN');
});

s('ip -h values are read approximately, with a warning', () => {
  const r = ipLinkStats.parse([
    '2: lan0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
    '    link/ether c6:c5:e8:e5:b0:b2 brd ff:ff:ff:ff:ff:ff link-netnsid 1',
    '    RX:  bytes packets errors dropped  missed   mcast           ',
    '         1.10k      14      0       0       0       0 ',
    '    TX:  bytes packets errors dropped carrier collsns           ',
    '           908      12      0       0       0       0 ',
    '',
  ].join('\n'));
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.links[0]!.rx!.bytes, 1100);
    assert.is(r.value.links[0]!.link, 'if2');
    assert.is(r.warnings.length, 1);
  }
});

s('ip -o -s: one line per interface, joined with backslashes', () => {
  const l = links('2: lan0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether c6:c5:e8:e5:b0:b2 brd ff:ff:ff:ff:ff:ff link-netnsid 1\\    RX:  bytes packets errors dropped  missed   mcast           \\          1104      14      0       0       0       0 \\    TX:  bytes packets errors dropped carrier collsns           \\           908      12      0       0       0       0 \n').links[0]!;
  assert.is(l.rx!.packets, 14);
  assert.is(l.tx!.bytes, 908);
  assert.is(l.address, 'c6:c5:e8:e5:b0:b2');
});

s('older JSON keeps the counters under "stats"', () => {
  const l = links('[{"ifindex":4,"ifname":"vti0","flags":["POINTOPOINT","NOARP","UP","LOWER_UP"],"mtu":1436,"operstate":"UNKNOWN","link_type":"ipip","address":"203.0.113.10","link_pointtopoint":true,"broadcast":"198.51.100.20","stats":{"rx":{"bytes":82912,"packets":612,"errors":0,"dropped":0,"over_errors":0,"multicast":0},"tx":{"bytes":74488,"packets":581,"errors":0,"dropped":0,"carrier_errors":0,"collisions":0}}}]').links[0]!;
  assert.is(l.rx!.bytes, 82912);
  assert.is(l.peer, '198.51.100.20');
});

s('without -s: the interface, and a warning that there are no counters', () => {
  const r = ipLinkStats.parse('5: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/none \n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.links[0]!.rx, undefined);
    assert.match(r.warnings.join(' '), /no counters/);
  }
});

s('no such device, empty, garbage', () => {
  const c = ipLinkStats.parse('Device "nope" does not exist.\n');
  assert.ok(!c.ok && c.error.code === 'command-error');
  const e = ipLinkStats.parse('');
  assert.ok(!e.ok && e.error.code === 'empty');
  const u = ipLinkStats.parse('RX packets 10 bytes 1234\n');
  assert.ok(!u.ok && u.error.code === 'unrecognized');
});

s.run();
