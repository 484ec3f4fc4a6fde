// Why: the golden reports (snapshots/reports/) are what a scripted replay session's journal renders to, byte for byte.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderJson } from '../../src/report/json.js';
import { REPO } from '../lib/snapshots.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from './session-journal.js';

const s = suite('report goldens');
const DIR = join(REPO, 'snapshots', 'reports');
const ACCEPT = 'npx tsc -p . && node dist/test/tools/accept-reports.js';

for (const script of GOLDEN_SCRIPTS) {
  s(script.scenario, async () => {
    const file = join(DIR, `${script.scenario}.md`);
    assert.ok(existsSync(file), `no golden ${file}; write it with \`${ACCEPT} ${script.scenario}\` and review it`);
    const got = renderMarkdown(await scriptedJournal(script));
    const want = readFileSync(file, 'utf8');
    if (got !== want) {
      const a = got.split('\n');
      const b = want.split('\n');
      const i = a.findIndex((l, k) => l !== b[k]);
      assert.unreachable(`report differs from ${file} at line ${i + 1}:\n  got:  ${a[i]}\n  want: ${b[i]}\nre-accept after review: ${ACCEPT} ${script.scenario}`);
    }
  });
}

s('the three required faults are covered: a gate-2 fault, a gate-4 fault, MTU', async () => {
  const gates = new Set<unknown>();
  for (const script of GOLDEN_SCRIPTS) {
    const j = renderJson(await scriptedJournal(script)) as { summary: { failure: { gate: unknown } | null } };
    gates.add(j.summary.failure?.gate);
  }
  for (const g of [2, 4, 'mtu']) assert.ok(gates.has(g), `no golden report fails at ${g}`);
});

s('the same journal renders the same report twice (no clock, no environment)', async () => {
  const records = await scriptedJournal(GOLDEN_SCRIPTS[1]!);
  assert.is(renderMarkdown(records), renderMarkdown(structuredClone(records)));
});

s.run();
