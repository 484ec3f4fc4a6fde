// Why: where recorded scenarios live and how a name or path picks one, without loading the session's modules (train's first frame).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../../util/errors.js';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../../../snapshots/scenarios/', import.meta.url));

/** Same rule as the session's: a folder of snapshots/scenarios, or a path to a scenario folder. */
export function scenarioDir(name: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) throw usageError(`"${name}" is not a scenario name; \`gatewalk train --list\` lists them`);
  const dir = existsSync(join(SCENARIOS_DIR, name, 'scenario.json')) ? join(SCENARIOS_DIR, name) : resolve(name);
  if (!existsSync(join(dir, 'scenario.json'))) throw usageError(`no recorded scenario "${name}"; \`gatewalk train --list\` lists them`);
  return dir;
}
