// Why: the gates34 checks, listed once for the registry, in the order the engine should consider them (most decisive first).

import type { Check } from '../check.js';
import { tunnelUp } from './tunnel-up.js';
import { allowedIps } from './allowed-ips.js';
import { selectors } from './selectors.js';
import { counters } from './counters.js';
import { rpFilter } from './rp-filter.js';
import { returnRoute } from './return-route.js';
import { remoteForward } from './remote-forward.js';
import { remoteNat } from './remote-nat.js';
import { delivery } from './delivery.js';
import { pathMtu } from './path-mtu.js';
import { oneSided3, oneSided4 } from './one-sided.js';

export const CHECKS: Check[] = [
  // Gate 3: control plane first, then the policy that decides what is encrypted, then the live counters.
  tunnelUp,
  allowedIps,
  selectors,
  counters,
  oneSided3,
  // Gate 4: rp_filter before the return route (an asymmetric return that gwA then drops is an rp_filter fault).
  rpFilter,
  returnRoute,
  remoteForward,
  remoteNat,
  delivery,
  oneSided4,
  // MTU, after the gates.
  pathMtu,
];
