// Why: on every recorded scenario the engine names the right gate, cause and side; the healthy ones get no FAIL.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { evidenceOf, scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';
import { exitFor } from '../../src/cli/commands/check.js';
import { EXIT } from '../../src/util/errors.js';

const s = suite('engine on recorded scenarios');

for (const name of scenarioNames()) {
  s(name, () => {
    const meta = JSON.parse(readFileSync(join(SCENARIOS_DIR, name, 'scenario.json'), 'utf8')) as { expected: { gate: number | 'mtu'; side: string; cause: string } | null; expect?: 'no-fail' };
    const d = diagnose(evidenceOf(name), wizardChecks(loadWizard()));
    const table = d.gates.map((g) => `${g.gate}:${g.status}${g.deciding?.cause ? `(${g.deciding.cause})` : ''}`).join(' ');
    if (!meta.expected) {
      assert.is(d.failure, null, `healthy scenario failed: ${table}`);
      assert.ok(d.gates.every((g) => g.status !== 'FAIL'), table);
      // Healthy and "works, but" (expect: no-fail): the pair works and the exit status is 0.
      assert.is(d.pair?.status, 'works', `${name}: ${d.pair?.summary}`);
      assert.is(exitFor(d), EXIT.ok, table);
      return;
    }
    assert.ok(d.failure, `no failure found: ${table}`);
    assert.equal({ gate: d.failure!.gate, cause: d.failure!.cause, side: d.failure!.side }, meta.expected, table);
    assert.ok(d.failure!.evidence.length > 0, 'the failure quotes its evidence');
  });
}

s.run();
