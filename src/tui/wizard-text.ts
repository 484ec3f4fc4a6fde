// Why: the first frame needs the wizard's titles and prose, not its checks: read the YAML without loading the check registry.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Wizard } from '../engine/wizard.js';

const WIZARD = fileURLToPath(new URL('../../../wizards/site-to-site/wizard.yaml', import.meta.url));

/** Our own file, the one engine/wizard.ts validates when the session loads it; only read for display here. */
export function wizardForDisplay(path = WIZARD): Wizard {
  return parse(readFileSync(path, 'utf8')) as Wizard;
}
