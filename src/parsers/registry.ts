// Why: every parser by id, so snapshot tests, the fuzzer and the engine find them in one place.

import type { Parser } from './result.js';
import { PARSERS as IPROUTE } from './iproute/index.js';
import { PARSERS as VPN } from './vpn/index.js';
import { PARSERS as FIREWALL } from './firewall/index.js';
import { PARSERS as TRAFFIC } from './traffic/index.js';
import { PARSERS as VENDOR } from './vendor/index.js';

export const ALL_PARSERS: readonly Parser[] = [...IPROUTE, ...VPN, ...FIREWALL, ...TRAFFIC, ...VENDOR];

export function parserById(id: string): Parser | undefined {
  return ALL_PARSERS.find((p) => p.id === id);
}
