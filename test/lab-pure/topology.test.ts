// Why: the lab's plan is consistent: every link end is addressed in a shared subnet, names are per lab, lab prefixes stay in namespaces.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ipaddr from 'ipaddr.js';
import { addressing, links, nsName, NODES, SITE_A, SITE_B, MGMT } from '../../src/lab/topology.js';

const s = suite('lab topology');

function addrsOf(node: string): Array<{ dev: string; cidr: string }> {
  const plan = addressing() as Record<string, string[]>;
  return (plan[node] ?? [])
    .map((l) => /^addr add (\S+) dev (\S+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ cidr: m[1]!, dev: m[2]! }));
}

s('every veth link has both ends addressed in the same subnet', () => {
  for (const l of links()) {
    const a = addrsOf(l.a).find((x) => x.dev === l.aIf);
    const b = addrsOf(l.b).find((x) => x.dev === l.bIf);
    assert.ok(a && b, `link ${l.a}:${l.aIf} - ${l.b}:${l.bIf} is addressed`);
    const [net, len] = ipaddr.parseCIDR(a!.cidr);
    assert.ok(ipaddr.parse(b!.cidr.split('/')[0]!).match(net, len), `${a!.cidr} and ${b!.cidr} share a subnet`);
  }
});

s('the seed addresses of the design are used', () => {
  assert.equal(addrsOf('hostA').map((a) => a.cidr)[0], '10.20.0.55/24');
  assert.equal(addrsOf('gwB').find((a) => a.dev === 'wan0')?.cidr, '198.51.100.20/24');
  assert.is(SITE_A.lan, '10.20.0.0/24');
  assert.is(SITE_B.host, '172.31.40.10');
});

s('the wan router has no default route (private prefixes stay unroutable)', () => {
  const wan = (addressing() as Record<string, string[]>).wan ?? [];
  assert.not.ok(wan.some((l) => l.startsWith('route add default')));
});

s('namespace names carry the lab name; management /30s do not overlap', () => {
  assert.equal(NODES.map((n) => nsName('gw', n)), ['gw-jump', 'gw-hostA', 'gw-gwA', 'gw-wan', 'gw-gwB', 'gw-hostB']);
  const nets = Object.values(MGMT).map((m) => ipaddr.parseCIDR(`${m.nodeAddr}/30`));
  for (let i = 0; i < nets.length; i++)
    for (let j = i + 1; j < nets.length; j++) assert.not.ok(nets[i]![0].match(nets[j]![0], 30));
});

s.run();
