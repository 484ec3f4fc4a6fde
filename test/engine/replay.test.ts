// Why: on every recorded scenario the engine names the right gate, cause and side; the healthy ones get no FAIL.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { evidenceOf, scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';

const s = suite('engine on recorded scenarios');

for (const name of scenarioNames()) {
  s(name, () => {
    const meta = JSON.parse(readFileSync(join(SCENARIOS_DIR, name, 'scenario.json'), 'utf8')) as { expected: { gate: number | 'mtu'; side: string; cause: string } | null };
    const d = diagnose(evidenceOf(name), wizardChecks(loadWizard()));
    const table = d.gates.map((g) => `${g.gate}:${g.status}${g.deciding?.cause ? `(${g.deciding.cause})` : ''}`).join(' ');
    if (!meta.expected) {
      assert.is(d.failure, null, `healthy scenario failed: ${table}`);
      assert.ok(d.gates.every((g) => g.status !== 'FAIL'), table);
      return;
    }
    assert.ok(d.failure, `no failure found: ${table}`);
    assert.equal({ gate: d.failure!.gate, cause: d.failure!.cause, side: d.failure!.side }, meta.expected, table);
    assert.ok(d.failure!.evidence.length > 0, 'the failure quotes its evidence');
  });
}

s.run();
