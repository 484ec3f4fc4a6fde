// Why: the incident file the lab writes is valid, and mistakes in one get an error naming the line and field.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIncident } from '../../src/incident/load.js';
import { renderLabIncident } from '../../src/lab/lab-incident.js';

const s = suite('incident file');

const wg = renderLabIncident({ name: 'gw', vpn: 'wireguard', sshConfig: '/x/ssh_config', overlap: false, wgPublic: { gwA: 'GwEJI4d3/6RExBSeWnhzwDpjiQREQ4HGGJkJXrhypUw=', gwB: 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=' } });

s('the lab incident (both VPN types, and under the overlap fault) parses', () => {
  const r = parseIncident(wg, 'lab.yaml');
  assert.ok(r.ok, r.ok ? '' : r.error);
  if (r.ok) {
    assert.is(r.incident.pair.destination, '172.31.40.10');
    assert.is(r.incident.sites.a.tunnel.type, 'wireguard');
    assert.is(r.incident.sites.a.tunnel.peer, 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=');
  }
  const ss = parseIncident(renderLabIncident({ name: 'gw', vpn: 'strongswan', sshConfig: '/x', overlap: true }));
  assert.ok(ss.ok);
  if (ss.ok) {
    assert.is(ss.incident.sites.b.tunnel.child, 'siteA-siteB-child');
    assert.is(ss.incident.pair.destination, '10.20.0.10');
  }
});

s('a bad address is reported with its line and field', () => {
  const bad = wg.replace('destination: 172.31.40.10', 'destination: 172.31.40.300');
  const line = bad.split('\n').findIndex((l) => l.includes('172.31.40.300')) + 1;
  const r = parseIncident(bad, 'inc.yaml');
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.is(r.error, `inc.yaml:${line}: pair.destination: not an IP address`);
  }
});

s('unknown keys, a hostile interface name, broken YAML and an empty file each give one line', () => {
  const cases = [
    wg.replace('lan_interface: lan0', 'lan_interface: "lan0;reboot"'),
    wg.replace('title:', 'titel:'),
    wg + '\n  : : [\n',
    '',
    'pair: [1, 2',
    'protocol: tcp\n',
  ];
  for (const c of cases) {
    const r = parseIncident(c, 'f.yaml');
    assert.not.ok(r.ok);
    if (!r.ok) {
      assert.ok(r.error.startsWith('f.yaml'), r.error);
      assert.not.match(r.error, '\n');
    }
  }
});

s('tcp without a port is refused', () => {
  const r = parseIncident(wg.replace(/\n\s+port: 8080/, ''), 'f.yaml');
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.error, 'pair.port: protocol tcp needs a port');
});

s.run();
