// Why: a second process for the lock tests: it opens a journal, says "locked PID", and holds it until killed.

import { writeSync } from 'node:fs';
import { openJournal } from '../../src/journal/open.js';

const r = await openJournal(process.argv[2]!);
if (!r.ok) {
  writeSync(1, `refused ${r.error}\n`);
  process.exit(3);
}
await r.journal.append({ type: 'note', text: `held by ${process.pid}` });
writeSync(1, `locked ${process.pid}\n`);
setInterval(() => {}, 1 << 30);
