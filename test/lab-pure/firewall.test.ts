// Why: the gateways' ruleset is the runbook's Task 10 shape, and each fault variant changes exactly one thing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { healthyFirewall, renderFirewall } from '../../src/lab/firewall.js';

const s = suite('lab firewall');

s('healthy gwA: forward policy drop, established accepted, LAN<->VPN both ways, NAT only LAN->WAN', () => {
  const nft = renderFirewall(healthyFirewall('gwA', 'wg0'));
  assert.match(nft, 'type filter hook forward priority filter; policy drop;');
  assert.match(nft, 'ct state established,related counter accept');
  assert.match(nft, 'iifname "lan0" oifname "wg0" ip saddr 10.20.0.0/24 ip daddr 172.31.40.0/24 counter accept');
  assert.match(nft, 'iifname "wg0" oifname "lan0" ip saddr 172.31.40.0/24 ip daddr 10.20.0.0/24 counter accept');
  const nat = nft.slice(nft.indexOf('table ip nat'));
  assert.match(nat, 'oifname "wan0" ip saddr 10.20.0.0/24 counter masquerade');
  assert.not.match(nat, 'wg0', 'no NAT touches tunnel traffic');
  assert.ok(nft.startsWith('flush ruleset\n'), 'a whole ruleset replaces the old one');
});

s('healthy gwB mirrors gwA with the sites swapped', () => {
  const nft = renderFirewall(healthyFirewall('gwB', 'ipsec0'));
  assert.match(nft, 'iifname "lan0" oifname "ipsec0" ip saddr 172.31.40.0/24 ip daddr 10.20.0.0/24');
  assert.match(nft, 'iifname "ipsec0" oifname "lan0" ip saddr 10.20.0.0/24 ip daddr 172.31.40.0/24');
});

s('forward-drop variant removes only the LAN -> VPN accept', () => {
  const healthy = renderFirewall(healthyFirewall('gwA', 'wg0')).split('\n');
  const broken = renderFirewall({ ...healthyFirewall('gwA', 'wg0'), lanToTunnel: false }).split('\n');
  const removed = healthy.filter((l) => !broken.includes(l));
  assert.equal(removed.length, 1);
  assert.match(removed[0]!, 'oifname "wg0"');
  assert.equal(broken.filter((l) => !healthy.includes(l)), []);
});

s('nat-on-tunnel variant adds one SNAT to the WAN address on the tunnel', () => {
  const nft = renderFirewall({ ...healthyFirewall('gwA', 'wg0'), snatOnTunnel: true });
  assert.match(nft, 'oifname "wg0" counter snat ip to 203.0.113.10');
});

s.run();
