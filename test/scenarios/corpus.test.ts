// Why: the replay corpus is complete and well-formed: every VPN type x (healthy + each fault), every probe's output, timed streams.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS } from '../../src/lab/faults.js';
import { VPN_TYPES } from '../../src/lab/topology.js';
import { parseIncident } from '../../src/incident/load.js';
import { oneShotProbes, streamProbes } from '../../src/probes/catalog.js';
import { scenarioName } from '../../src/record/scenarios.js';
import { REPO } from '../lib/snapshots.js';

const DIR = join(REPO, 'snapshots', 'scenarios');
const s = suite('scenario corpus');

const expected = VPN_TYPES.flatMap((vpn) => [null, ...FAULTS.filter((f) => f.vpns.includes(vpn)).map((f) => f.name)].map((fault) => ({ vpn, fault })));

s('a recording exists for healthy and for every fault, on both VPN types', () => {
  const have = existsSync(DIR) ? readdirSync(DIR) : [];
  const missing = expected.map(({ vpn, fault }) => scenarioName(vpn, fault)).filter((n) => !have.includes(n));
  assert.equal(missing, []);
});

for (const { vpn, fault } of expected) {
  const name = scenarioName(vpn, fault);
  s(`${name}: incident, every probe's output, streams and counters`, () => {
    const dir = join(DIR, name);
    const meta = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { vpn: string; fault: string | null; expected: unknown; expect?: string; commands: Array<{ kind: string; id: string }> };
    assert.is(meta.vpn, vpn);
    assert.is(meta.fault, fault);
    // Healthy and the "works, but" faults expect no FAIL (expected null); every other fault names its gate.
    const noFail = fault !== null && FAULTS.find((f) => f.name === fault)?.expect === 'no-fail';
    assert.is(meta.expected === null, fault === null || noFail, `${name}: expected ${JSON.stringify(meta.expected)}`);
    assert.is(meta.expect, noFail ? 'no-fail' : undefined);
    const inc = parseIncident(readFileSync(join(dir, 'incident.yaml'), 'utf8'), name);
    assert.ok(inc.ok, inc.ok ? '' : inc.error);
    if (!inc.ok) return;
    for (const p of oneShotProbes(inc.incident)) {
      assert.ok(existsSync(join(dir, 'probes', `${p.id}.out`)), `${name}: no output for probe ${p.id}`);
      assert.ok(meta.commands.some((c) => c.kind === 'probe' && c.id === p.id), `${name}: ${p.id} not in scenario.json`);
    }
    for (const p of streamProbes(inc.incident)) {
      const file = join(dir, 'streams', `${p.id}.jsonl`);
      assert.ok(existsSync(file), `${name}: no stream ${p.id}`);
      let last = -1;
      for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
        const chunk = JSON.parse(line) as { t: number; data: string };
        assert.type(chunk.data, 'string');
        assert.ok(chunk.t >= last, `${name}/${p.id}: time goes backwards`);
        last = chunk.t;
      }
    }
    for (const gw of ['gwA', 'gwB']) {
      const samples = readFileSync(join(dir, 'counters', `${gw}.jsonl`), 'utf8').split('\n').filter(Boolean);
      // A delta needs two readings. A working strongSwan pair is done within about a second, and each sample
      // there runs swanctl --list-sas: its recordings hold 2 or 3 samples (masquerade-exempt: 2, three tries).
      assert.ok(samples.length >= 2, `${name}: too few counter samples on ${gw}`);
    }
    assert.ok(existsSync(join(dir, 'traffic', 'ping.out')));
  });
}

s.run();
