// Why: every check by id, for the engine and the wizard loader.

import type { Check } from './check.js';
import { CHECKS as G12 } from './gates12/index.js';
import { CHECKS as G34 } from './gates34/index.js';

export const ALL_CHECKS: readonly Check[] = [...G12, ...G34];

export function checkById(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
