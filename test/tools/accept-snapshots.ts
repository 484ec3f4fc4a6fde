// Why: `npm run snapshots:accept [-- --force] [PARSER...]`: write the expected parse beside fixtures that lack one, for review before commit.

import { existsSync, writeFileSync } from 'node:fs';
import { parserById } from '../../src/parsers/registry.js';
import { fixtures, normalized } from '../lib/snapshots.js';

const force = process.argv.includes('--force');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let n = 0;
for (const f of fixtures()) {
  if (only.length && !only.includes(f.parser)) continue;
  if (existsSync(f.expectPath) && !force) continue;
  const parser = parserById(f.parser);
  if (!parser) {
    console.error(`no parser for ${f.parser}; skipped ${f.name}`);
    continue;
  }
  writeFileSync(f.expectPath, JSON.stringify(normalized(parser.parse(f.raw)), null, 2) + '\n');
  console.log(`wrote ${f.parser}/${f.name}.json`);
  n++;
}
console.log(`${n} expectations written; review them (git diff) before committing`);
