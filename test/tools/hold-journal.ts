// Why: a second process for the lock tests: it opens a journal, says "locked PID", and holds it until killed (or HOLD_MS passed).

import { existsSync, writeSync } from 'node:fs';
import { openJournal } from '../../src/journal/open.js';

const [path, holdMs, goFile] = process.argv.slice(2);
// Racing processes wait at a barrier (a file appearing) so they really try at once.
if (goFile) writeSync(1, 'waiting\n');
while (goFile && !existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
const r = await openJournal(path!);
if (!r.ok) {
  writeSync(1, `refused ${r.error}\n`);
  process.exit(3);
}
await r.journal.append({ type: 'note', text: `held by ${process.pid}` });
writeSync(1, `locked ${process.pid}\n`);
if (holdMs) setTimeout(() => process.exit(0), Number(holdMs));
else setInterval(() => {}, 1 << 30);
