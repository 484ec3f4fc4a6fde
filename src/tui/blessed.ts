// Why: blessed is CommonJS without ESM types; this is the one place that loads it (createRequire), typed by @types/blessed.

import { createRequire } from 'node:module';
import type * as Blessed from 'blessed';

export type { Widgets } from 'blessed';
export type BlessedModule = typeof Blessed;

export function loadBlessed(): BlessedModule {
  return createRequire(import.meta.url)('blessed') as BlessedModule;
}
