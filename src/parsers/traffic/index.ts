// Why: the traffic group's parsers, listed once for the registry.

import type { Parser } from '../result.js';
import { tcpdumpParser } from './tcpdump.js';
import { pingParser } from './ping.js';
import { tracerouteParser } from './traceroute.js';
import { ssTiParser } from './ss-ti.js';
import { vtyshRouteParser } from './vtysh-route.js';

export const PARSERS: Parser[] = [tcpdumpParser, pingParser, tracerouteParser, ssTiParser, vtyshRouteParser] as Parser[];
