// Why: `nft list ruleset` (text or -j JSON) tells whether the forward chain, NAT or an MSS clamp touches tunnel traffic.

import { fail, type Parsed, type Parser } from '../result.js';
import { looksJson } from '../text.js';
import { parseJsonForm } from './nft/json.js';
import { parseText } from './nft/text.js';
import type { NftRuleset } from './nft/types.js';

export type * from './nft/types.js';

export function parseNftRuleset(text: string): Parsed<NftRuleset> {
  if (!text.trim()) return fail('empty', 'no output (an empty ruleset prints nothing)');
  return looksJson(text) ? parseJsonForm(text) : parseText(text);
}

export const nftRulesetParser: Parser<NftRuleset> = {
  id: 'nft-ruleset',
  commands: ['nft list ruleset', 'nft -a list ruleset', 'nft -j list ruleset', 'nft list table|chain ...'],
  parse: parseNftRuleset,
};
