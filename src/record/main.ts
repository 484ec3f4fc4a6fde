// Why: entry point of `npm run snapshots:record` (root): command fixtures, then whole scenarios.
// Narrow it with `-- --commands` or `-- --scenarios`, `--only ID,...` (parser ids or scenario names),
// `--lab NAME` (the lab to build), `--out DIR` (write DIR/snapshots/... instead).

import { fileURLToPath } from 'node:url';
import { requireRoot } from '../lab/preflight.js';
import { recordCommands } from './commands.js';
import { recordScenarios } from './scenarios.js';

const here = fileURLToPath(new URL('../../../', import.meta.url));

async function main(): Promise<void> {
  requireRoot();
  // --out DIR writes DIR/snapshots/... instead of the checkout's own (to record beside a working tree).
  const k = process.argv.indexOf('--out');
  const root = k >= 0 && process.argv[k + 1] ? `${process.argv[k + 1]!.replace(/\/$/, '')}/` : here;
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? (process.argv[i + 1] ?? '').split(',').filter(Boolean) : [];
  const j = process.argv.indexOf('--lab');
  const lab = j >= 0 ? process.argv[j + 1] : undefined;
  const log = (s: string) => console.error(s);
  const scenariosOnly = process.argv.includes('--scenarios');
  const commandsOnly = process.argv.includes('--commands');
  if (!scenariosOnly) {
    const n = await recordCommands({ root, only, ...(lab ? { lab } : {}), log });
    console.log(`recorded ${n} command fixtures under ${root}snapshots/commands`);
  }
  if (!commandsOnly) {
    const n = await recordScenarios({ root, only, ...(lab ? { lab } : {}), log });
    console.log(`recorded ${n} scenarios under ${root}snapshots/scenarios`);
  }
}

main().catch((e) => {
  console.error(`record: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
