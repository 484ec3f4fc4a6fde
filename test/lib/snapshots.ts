// Why: find the recorded command fixtures (raw output, how it was captured, expected parse) for tests and tools.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const COMMANDS_DIR = join(REPO, 'snapshots', 'commands');

export interface Fixture {
  parser: string;
  name: string;
  outPath: string;
  capturePath: string;
  expectPath: string;
  raw: string;
}

export function fixtures(): Fixture[] {
  if (!existsSync(COMMANDS_DIR)) return [];
  const out: Fixture[] = [];
  for (const parser of readdirSync(COMMANDS_DIR).sort()) {
    const dir = join(COMMANDS_DIR, parser);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.out')) continue;
      const name = f.slice(0, -4);
      const base = join(dir, name);
      out.push({ parser, name, outPath: `${base}.out`, capturePath: `${base}.capture.json`, expectPath: `${base}.json`, raw: readFileSync(`${base}.out`, 'utf8') });
    }
  }
  return out;
}

/** The parse result as it is stored: JSON round trip (undefined fields vanish). */
export function normalized(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}
