// Why: `node dist/test/tools/replay-checks.js [SCENARIO...]`: every check's verdict on recorded scenarios, for people writing checks.

import { ALL_CHECKS } from '../../src/checks/registry.js';
import { evidenceOf, scenarioNames } from '../lib/replay.js';

const names = process.argv.slice(2).length ? process.argv.slice(2) : scenarioNames();
for (const name of names) {
  const ev = evidenceOf(name);
  console.log(`== ${name}`);
  for (const c of ALL_CHECKS) {
    const v = c.run(ev);
    console.log(`  ${String(v.gate).padEnd(3)} ${v.status.padEnd(7)} ${c.id.padEnd(34)} ${v.cause ?? ''}${v.side ? `/${v.side}` : ''}  ${v.finding}`);
    for (const e of v.evidence.slice(0, 2)) console.log(`        ${e.host}: ${e.command}: ${e.line}`);
    if (v.missing.length) console.log(`        missing: ${v.missing.join('; ')}`);
  }
}
