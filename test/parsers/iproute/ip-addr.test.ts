// Why: addresses beyond the lab's (point-to-point peers, DHCP lifetimes, secondary labels, the -4 JSON quirk) must parse.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addressesOf, ipAddr, type AddressList } from '../../../src/parsers/iproute/ip-addr.js';

const s = suite('ip-addr parser');

function list(text: string): AddressList {
  const r = ipAddr.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

const TEXT = [
  '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff',
  '    altname enp0s3',
  '    inet 192.168.1.5/24 brd 192.168.1.255 scope global dynamic noprefixroute eth0',
  '       valid_lft 86313sec preferred_lft 86313sec',
  '    inet 192.168.1.6/24 brd 192.168.1.255 scope global secondary eth0:1',
  '       valid_lft forever preferred_lft forever',
  '5: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue state UNKNOWN group default qlen 1000',
  '    link/none ',
  '    inet 10.99.0.1 peer 10.99.0.2/32 scope global wg0',
  '       valid_lft forever preferred_lft forever',
  '',
].join('\n');

s('DHCP lifetimes, flags, a secondary with a label, altname', () => {
  const eth0 = list(TEXT).interfaces[0]!;
  assert.equal(eth0.altnames, ['enp0s3']);
  assert.equal(eth0.addresses[0], {
    family: 'inet', local: '192.168.1.5', prefixlen: 24, flags: ['dynamic', 'noprefixroute'], broadcast: '192.168.1.255',
    scope: 'global', label: 'eth0', validLft: 86313, preferredLft: 86313,
  });
  assert.equal(eth0.addresses[1]!.flags, ['secondary']);
  assert.is(eth0.addresses[1]!.label, 'eth0:1');
});

s('a point-to-point address: local, peer, and the peer prefix length', () => {
  const a = list(TEXT).interfaces[1]!.addresses[0]!;
  assert.is(a.local, '10.99.0.1');
  assert.is(a.peer, '10.99.0.2');
  assert.is(a.prefixlen, 32);
});

s('JSON: peer in "address", lifetimes 4294967295 = forever, {} entries of -4 skipped', () => {
  const l = list('[{},{"ifindex":5,"ifname":"wg0","flags":["POINTOPOINT","NOARP","UP","LOWER_UP"],"mtu":1420,"operstate":"UNKNOWN","link_type":"none","addr_info":[{"family":"inet","local":"10.99.0.1","address":"10.99.0.2","prefixlen":32,"scope":"global","label":"wg0","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]');
  assert.is(l.interfaces.length, 1);
  const a = l.interfaces[0]!.addresses[0]!;
  assert.is(a.peer, '10.99.0.2');
  assert.is(a.validLft, 'forever');
});

s('addressesOf lists addresses with their interface', () => {
  assert.equal(addressesOf(list(TEXT)).map((a) => `${a.ifname} ${a.local}/${a.prefixlen}`), ['eth0 192.168.1.5/24', 'eth0 192.168.1.6/24', 'wg0 10.99.0.1/32']);
});

s('no such device, empty, garbage', () => {
  const c = ipAddr.parse('Device "eth9" does not exist.\n');
  assert.ok(!c.ok && c.error.code === 'command-error');
  const e = ipAddr.parse('');
  assert.ok(!e.ok && e.error.code === 'empty');
  const u = ipAddr.parse('eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n');
  assert.ok(!u.ok && u.error.code === 'unrecognized');
});

s.run();
