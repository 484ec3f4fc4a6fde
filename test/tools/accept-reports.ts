// Why: `npx tsc -p . && node dist/test/tools/accept-reports.js [SCENARIO...]`: rewrite the golden reports from their scripted sessions, for review (git diff) before commit.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../../src/report/markdown.js';
import { REPO } from '../lib/snapshots.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from '../report/session-journal.js';

export const REPORTS_DIR = join(REPO, 'snapshots', 'reports');

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
mkdirSync(REPORTS_DIR, { recursive: true });
let n = 0;
for (const script of GOLDEN_SCRIPTS) {
  if (only.length && !only.includes(script.scenario)) continue;
  const records = await scriptedJournal(script);
  writeFileSync(join(REPORTS_DIR, `${script.scenario}.md`), renderMarkdown(records));
  console.log(`wrote snapshots/reports/${script.scenario}.md (${records.length} journal records)`);
  n++;
}
console.log(`${n} golden report(s) written; read them as the postmortem they are (git diff) before committing`);
