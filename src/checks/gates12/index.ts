// Why: the gates12 checks, listed once for the registry, in the order the engine should consider them (most decisive first).

import type { Check } from '../check.js';
import { sourceRoute } from './source-route.js';
import { prefixOverlap } from './prefix-overlap.js';
import { ipForward } from './ip-forward.js';
import { routeIntoTunnel } from './route-into-tunnel.js';
import { forwardChain } from './forward-chain.js';
import { natOnTunnel } from './nat-on-tunnel.js';

export const CHECKS: Check[] = [
  // Gate 1: the kernel's own answer on the source host first, then the prefixes.
  sourceRoute,
  prefixOverlap,
  // Gate 2: forwarding off stops everything (and makes the route lookup refuse), so it goes first.
  ipForward,
  routeIntoTunnel,
  forwardChain,
  natOnTunnel,
];
