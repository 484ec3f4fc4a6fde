// Why: FRR route JSON as people paste it keeps "offloaded" (hardware FIB) and "tag", which the diagnosis can quote.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVtyshRoute } from '../../../src/parsers/traffic/vtysh-route.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('vtysh-route on public outputs');

s('JSON "offloaded": true and "tag": 1 are kept on the route', () => {
  const r = parseVtyshRoute(readFileSync(join(COMMANDS_DIR, 'vtysh-route', 'public-sonic-buildimage-21112--json-offloaded-tag.out'), 'utf8'));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const rt = r.value.routes[0]!;
  assert.is(rt.prefix, '2.0.0.0/24');
  assert.is(rt.offloaded, true);
  assert.is(rt.tag, 1);
  assert.is(rt.table, 254);
  assert.is(rt.nexthops[0]!.gateway, '46.1.1.3');
  assert.is(rt.nexthops[0]!.interface, 'Vlan100');
});

s('a route JSON without the keys gets no offloaded/tag fields (nothing invented)', () => {
  const r = parseVtyshRoute('{"10.0.0.1/32":[{"prefix":"10.0.0.1/32","protocol":"static","distance":1,"metric":0,"nexthops":[]}]}');
  assert.ok(r.ok && r.value.routes[0]!.offloaded === undefined && r.value.routes[0]!.tag === undefined);
});

s.run();
