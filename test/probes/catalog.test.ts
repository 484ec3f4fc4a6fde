// Why: the probe catalogue: the right commands per tunnel type, addresses from the incident, hostile values refused before any argv exists.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { oneShotProbes, streamProbes } from '../../src/probes/catalog.js';
import { labIncident } from '../../src/lab/lab-incident.js';
import type { Incident } from '../../src/incident/schema.js';

const s = suite('probe catalogue');
const wg = labIncident({ name: 'gw', vpn: 'wireguard', sshConfig: '/x', overlap: false });
const ss = labIncident({ name: 'gw', vpn: 'strongswan', sshConfig: '/x', overlap: false });

s('gateway A asks where the test packet goes as if it arrived on the LAN; gateway B asks for the return path', () => {
  const byId = new Map(oneShotProbes(wg).map((p) => [p.id, p]));
  assert.equal(byId.get('gwA.route-get')?.argv, ['ip', '-j', 'route', 'get', '172.31.40.10', 'from', '10.20.0.55', 'iif', 'lan0']);
  assert.equal(byId.get('gwB.route-get')?.argv, ['ip', '-j', 'route', 'get', '10.20.0.55', 'from', '172.31.40.10', 'iif', 'lan0']);
  // From the pair's source: a source-based rule on the host (`ip rule add from 10.20.0.55 lookup 50`) steers the
  // pair's TCP connect, which routes with its source bound, while a lookup without `from` (and ping) use main.
  assert.equal(byId.get('hostA.route-get')?.argv, ['ip', '-j', 'route', 'get', '172.31.40.10', 'from', '10.20.0.55']);
});

s('WireGuard probes read wg dump; strongSwan probes read SAs and connections', () => {
  const w = oneShotProbes(wg).map((p) => p.id);
  const i = oneShotProbes(ss).map((p) => p.id);
  assert.ok(w.includes('gwA.wg') && w.includes('gwB.wg'));
  assert.not.ok(w.includes('gwA.sas'));
  assert.ok(i.includes('gwA.sas') && i.includes('gwB.conns'));
  assert.not.ok(i.includes('gwA.wg'));
  assert.ok(oneShotProbes(ss).find((p) => p.id === 'gwA.sysctl')?.argv.includes('net.ipv4.conf.ipsec0.rp_filter'));
});

s('ids are unique and every probe names a parser', () => {
  for (const inc of [wg, ss]) {
    const all = [...oneShotProbes(inc), ...streamProbes(inc)];
    assert.is(new Set(all.map((p) => p.id)).size, all.length);
    assert.ok(all.every((p) => p.parser.length > 0));
  }
});

s('streams are bounded and filtered to the test pair', () => {
  for (const p of streamProbes(wg)) {
    assert.ok(p.timeoutMs > 0 && (p.maxLines ?? 0) > 0);
    if (p.argv[0] === 'tcpdump') assert.ok(p.argv.includes('10.20.0.55') && p.argv.includes('172.31.40.10'), p.id);
  }
});

s('a hostile value that slipped past the schema never reaches an argv', () => {
  const bad = (f: (i: Incident) => void) => {
    const inc = structuredClone(wg);
    f(inc);
    return inc;
  };
  assert.throws(() => oneShotProbes(bad((i) => (i.pair.destination = '1.2.3.4;reboot'))), /pair.destination/);
  assert.throws(() => oneShotProbes(bad((i) => (i.sites.b.gateway.lan_interface = '$(id)'))), /sites.b.gateway.lan_interface/);
  assert.throws(() => streamProbes(bad((i) => (i.sites.a.tunnel.interface = '-i'))), /sites.a.tunnel.interface/);
});

s.run();
