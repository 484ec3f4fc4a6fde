// Why: an interface named in the incident but absent on the gateway is reported against the right field.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { interfaceMismatches } from '../../src/engine/incident-mismatch.js';
import { evidenceOf } from '../lib/replay.js';

const s = suite('incident interface mismatches');

s('the recorded incidents match their gateways', () => {
  assert.equal(interfaceMismatches(evidenceOf('wireguard--healthy')), []);
  assert.equal(interfaceMismatches(evidenceOf('strongswan--healthy')), []);
});

s('a wrong LAN interface on site B is named with what the gateway has', () => {
  const ev = evidenceOf('wireguard--healthy');
  ev.incident.sites.b.gateway.lan_interface = 'eth9';
  const got = interfaceMismatches(ev);
  assert.is(got.length, 1);
  assert.match(got[0]!, /^sites\.b\.gateway\.lan_interface: gwB has no interface "eth9" \(it has .*lan0.*\); correct the incident file$/);
});

s.run();
