// Why: the iproute group's parsers, listed once for the registry.

import type { Parser } from '../result.js';
import { ipAddr } from './ip-addr.js';
import { ipLinkStats } from './ip-link-stats.js';
import { ipNeigh } from './ip-neigh.js';
import { ipRouteGet } from './ip-route-get.js';
import { ipRouteShow } from './ip-route-show.js';
import { ipRuleShow } from './ip-rule-show.js';
import { nstat } from './nstat.js';
import { sysctl } from './sysctl.js';

export const PARSERS: Parser[] = [ipRouteGet, ipRouteShow, ipRuleShow, ipLinkStats, ipNeigh, ipAddr, sysctl, nstat];
