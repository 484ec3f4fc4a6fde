// Why: the vpn group's parsers, listed once for the registry.

import type { Parser } from '../result.js';
import { ipXfrmPolicy } from './ip-xfrm-policy.js';
import { ipXfrmState } from './ip-xfrm-state.js';
import { ipsecStatusall } from './ipsec-statusall.js';
import { ipsecTrafficstatus } from './ipsec-trafficstatus.js';
import { swanctlListConns } from './swanctl-list-conns.js';
import { swanctlListSas } from './swanctl-list-sas.js';
import { wgDump } from './wg-dump.js';
import { wgShow } from './wg-show.js';

export const PARSERS: Parser[] = [
  wgShow as Parser,
  wgDump as Parser,
  swanctlListSas as Parser,
  swanctlListConns as Parser,
  ipXfrmState as Parser,
  ipXfrmPolicy as Parser,
  ipsecStatusall as Parser,
  ipsecTrafficstatus as Parser,
];
