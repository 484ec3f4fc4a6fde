// Why: neighbour entries beyond the lab's (IPv6 routers, permanent and proxy entries, JSON null flags) read the same everywhere.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipNeigh, unresolved, type NeighbourTable } from '../../../src/parsers/iproute/ip-neigh.js';

const s = suite('ip-neigh parser');

function table(text: string): NeighbourTable {
  const r = ipNeigh.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

s('IPv6 router, permanent and proxy entries', () => {
  const n = table([
    'fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router STALE',
    '10.20.0.1 dev eth0 lladdr 52:54:00:ab:cd:ef PERMANENT',
    '10.20.0.5 dev eth0 proxy',
    '',
  ].join('\n')).neighbours;
  assert.equal(n[0], { dst: 'fe80::1', state: ['STALE'], router: true, proxy: false, flags: [], dev: 'eth0', lladdr: '52:54:00:12:34:56' });
  assert.equal(n[1]!.state, ['PERMANENT']);
  assert.is(n[2]!.proxy, true);
  assert.equal(n[2]!.state, []);
});

s('JSON flags print as null; present means set', () => {
  const n = table('[{"dst":"fe80::1","dev":"eth0","lladdr":"52:54:00:12:34:56","router":null,"state":["STALE"]}]').neighbours[0]!;
  assert.is(n.router, true);
  assert.is(n.proxy, false);
});

s('-s: probes after the glued "used a/b/cprobes N"', () => {
  const n = table('10.20.0.254 dev eth0  ref 1 used 0/63/0probes 4 INCOMPLETE \n').neighbours[0]!;
  assert.is(n.probes, 4);
  assert.equal(n.state, ['INCOMPLETE']);
});

s('unresolved: FAILED and INCOMPLETE', () => {
  const n = table('10.20.0.254 dev eth0 FAILED \n10.20.0.253 dev eth0 INCOMPLETE \n10.20.0.1 dev eth0 lladdr 3a:01:c3:62:56:38 REACHABLE \n').neighbours;
  assert.equal(n.map(unresolved), [true, true, false]);
});

s('empty, errors, garbage', () => {
  const e = ipNeigh.parse(' \n');
  assert.ok(!e.ok && e.error.code === 'empty');
  const c = ipNeigh.parse('Cannot find device "eth9"\n');
  assert.ok(!c.ok && c.error.code === 'command-error');
  const u = ipNeigh.parse('? (10.20.0.1) at 3a:01:c3:62:56:38 [ether] on eth0\n');
  assert.ok(!u.ok && u.error.code === 'unrecognized');
  const j = ipNeigh.parse('{"dst":"10.20.0.1"}');
  assert.ok(!j.ok && j.error.code === 'bad-json');
});

s.run();
