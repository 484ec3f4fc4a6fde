// Why: a report or mapping file is never seen half-written: written owner-only under a temporary name, then renamed into place.

import { renameSync, rmSync, writeFileSync } from 'node:fs';

/** Throws the file system's error (with its code); the temporary file is removed on failure. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
