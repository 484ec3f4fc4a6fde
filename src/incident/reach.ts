// Why: pure, types only: which of the incident's hosts gatewalk can run commands on; site B's gateway may be one nobody here can log into.

import type { Incident, IncidentTarget } from './schema.js';

/** A target nobody here can log into (`{ none: true }`). */
export function isNoLogin(t: IncidentTarget | undefined): t is { none: true } {
  return t !== undefined && 'none' in t;
}

/** Whether gatewalk can run commands on a role's host: named, and not `{ none: true }`. */
export function canLogIn(inc: Incident, role: 'gwA' | 'gwB' | 'hostA' | 'hostB'): boolean {
  const t = role === 'gwA' ? inc.sites.a.gateway.target : role === 'gwB' ? inc.sites.b.gateway.target : role === 'hostA' ? inc.sites.a.host?.target : inc.sites.b.host?.target;
  return t !== undefined && !isNoLogin(t);
}

/** One side only: site B's gateway is a partner's, a cloud's or an appliance nobody here can log into. */
export function oneSided(inc: Incident): boolean {
  return isNoLogin(inc.sites.b.gateway.target);
}
