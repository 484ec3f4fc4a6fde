// Why: turn an incident's target descriptions into runner targets (ssh through the operator's OpenSSH, a namespace, or this host).

import type { Incident, IncidentTarget } from '../incident/schema.js';
import type { Role } from '../probes/catalog.js';
import { isNoLogin } from '../incident/reach.js';
import { hostName, netnsName } from '../targets/tokens.js';
import { localTarget, netnsTarget, sshCloseArgv, sshTarget, type SshOptions, type Target } from '../targets/target.js';

export interface IncidentTargets {
  targets: Partial<Record<Role, Target>>;
  /** argv that close the multiplexed ssh connections opened for these targets. */
  closers: string[][];
}

export function incidentTargets(inc: Incident, controlDir: string): IncidentTargets {
  const targets: Partial<Record<Role, Target>> = {};
  const closers: string[][] = [];
  const make = (field: string, t: IncidentTarget, sudo: boolean): Target => {
    if ('ssh' in t) {
      const o: SshOptions = { host: hostName(field, t.ssh), controlDir, sudo, ...(inc.ssh_config ? { configFile: inc.ssh_config } : {}) };
      const close = sshCloseArgv(o);
      if (close) closers.push(close);
      return sshTarget(o);
    }
    if ('netns' in t) return netnsTarget(netnsName(field, t.netns));
    if ('local' in t) return localTarget();
    throw new Error(`${field}: no login on this host`);
  };
  targets.gwA = make('sites.a.gateway.target.ssh', inc.sites.a.gateway.target, inc.sites.a.gateway.sudo);
  // A gateway nobody can log into gets no target: nothing runs there (and it is not "unreachable").
  const gb = inc.sites.b.gateway.target;
  if (!isNoLogin(gb)) targets.gwB = make('sites.b.gateway.target.ssh', gb, inc.sites.b.gateway.sudo);
  if (inc.sites.a.host) targets.hostA = make('sites.a.host.target.ssh', inc.sites.a.host.target, inc.sites.a.host.sudo);
  if (inc.sites.b.host) targets.hostB = make('sites.b.host.target.ssh', inc.sites.b.host.target, inc.sites.b.host.sudo);
  return { targets, closers };
}
