// Why: the firewall group's parsers, listed once for the registry.

import type { Parser } from '../result.js';
import { conntrackParser } from './conntrack.js';
import { iptablesParser } from './iptables.js';
import { nftRulesetParser } from './nft-ruleset.js';

export const PARSERS: Parser[] = [nftRulesetParser, iptablesParser, conntrackParser];
