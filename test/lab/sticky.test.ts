// Why: a fault injected at `lab up` must stay until healed: charon re-installing routes once addresses settle would heal it behind the trainee's back.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gated } from '../lib/skip.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { pingOk } from '../../src/lab/probe.js';
import { SITE_B, VPN_TYPES } from '../../src/lab/topology.js';
import { reopen, runner } from './helpers.js';

const why = labUnavailable();
const s = suite('lab faults stay');
const t = gated(s, 'lab faults stay', why);

s.after(async () => {
  if (!why) await labDown('tk', runner);
});

for (const vpn of VPN_TYPES) {
  for (const fault of ['missing-route', 'no-return-route']) {
    t(`${vpn}: ${fault} applied at lab up still breaks traffic 5 s later`, async () => {
      await labDown('tk', runner);
      await labUp({ name: 'tk', vpn, fault, runner });
      const lab = reopen('tk');
      const answered: number[] = [];
      const t0 = Date.now();
      while (Date.now() - t0 < 5000) {
        if (await pingOk(lab, SITE_B.host)) answered.push(Date.now() - t0);
      }
      await labDown('tk', runner);
      assert.equal(answered, [], `pings answered at ms ${answered.join(', ')}`);
    });
  }
}

s.run();
