// Why: runs every uvu test file in one process and prints the closing line CI reads: "N passed, N failed[, N skipped]".

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { skippedTests } from './lib/skip.js';

type Outcome = [errors: string | true, passed: number, skipped: number, total: number];
type QueuedRun = () => Promise<Outcome>;

declare global {
  // eslint-disable-next-line no-var
  var UVU_DEFER: number;
  // eslint-disable-next-line no-var
  var UVU_INDEX: number;
  // eslint-disable-next-line no-var
  var UVU_QUEUE: Array<Array<string | QueuedRun>>;
}

const here = fileURLToPath(new URL('.', import.meta.url));

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

/** Lab tests (need root, slow) run after the pure ones; a filter on the command line narrows the set. */
function order(files: string[]): string[] {
  const lab = (f: string) => f.includes('/lab/');
  return [...files.filter((f) => !lab(f)), ...files.filter(lab)];
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  // Commands under test journal by default under $XDG_STATE_HOME; keep those journals out of the user's state directory.
  const state = mkdtempSync(join(tmpdir(), 'gatewalk-test-state-'));
  process.env.XDG_STATE_HOME = state;
  process.on('exit', () => rmSync(state, { recursive: true, force: true }));
  let files = order(findTests(here));
  if (filter) files = files.filter((f) => f.includes(filter));

  globalThis.UVU_DEFER = 1;
  const uvu = await import('uvu');
  let passed = 0;
  let failed = 0;
  files.forEach((file, i) => {
    globalThis.UVU_INDEX = i;
    globalThis.UVU_QUEUE.push([relative(here, file)]);
  });
  for (const [i, file] of files.entries()) {
    globalThis.UVU_INDEX = i;
    await import(pathToFileURL(file).href);
  }
  // Count each suite's outcome as it runs.
  for (const group of globalThis.UVU_QUEUE) {
    for (let j = 1; j < group.length; j++) {
      const runSuite = group[j] as QueuedRun;
      group[j] = async () => {
        const res = await runSuite();
        passed += res[1];
        failed += res[3] - res[1];
        return res;
      };
    }
  }
  await uvu.exec(false);

  const skips = skippedTests();
  for (const s of skips) console.log(`skipped: ${s.test}: ${s.reason}`);
  const tail = skips.length ? `, ${skips.length} skipped` : '';
  console.log(`${passed} passed, ${failed} failed${tail}`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
