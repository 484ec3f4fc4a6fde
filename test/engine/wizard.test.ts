// Why: the wizard file is valid, names only real checks at their own gate, and uses every registered check once.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { DEFAULT_WIZARD, loadWizard, wizardChecks } from '../../src/engine/wizard.js';

const s = suite('wizard file');

s('site-to-site loads; its checks are exactly the registered ones, each once', () => {
  const w = loadWizard();
  const ids = wizardChecks(w).map((c) => c.id);
  assert.is(new Set(ids).size, ids.length);
  assert.equal([...ids].sort(), ALL_CHECKS.map((c) => c.id).sort());
  assert.equal(w.gates.map((g) => g.gate), [1, 2, 3, 4, 'mtu']);
});

s('a wizard naming an unknown check, or a check at the wrong gate, is refused in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-wiz-'));
  const text = readFileSync(DEFAULT_WIZARD, 'utf8');
  for (const [bad, msg] of [
    [text.replace('checks: [gate1.source-route]', 'checks: [gate1.nosuch]'), /no check named "gate1.nosuch"/],
    [text.replace('checks: [gate1.source-route]', 'checks: [gate3.tunnel-up]'), /belongs to gate 3, not 1/],
  ] as const) {
    const f = join(dir, 'w.yaml');
    writeFileSync(f, bad);
    assert.throws(() => loadWizard(f), (e: Error) => msg.test(e.message) && !e.message.includes('\n'));
  }
});

s.run();
