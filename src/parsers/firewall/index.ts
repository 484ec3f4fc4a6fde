// Why: the firewall group's parsers, listed once for the registry.

import type { Parser } from '../result.js';

export const PARSERS: Parser[] = [];
