// Why: (re)apply the parts of a lab's configuration that faults change: gateway firewalls, the client files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { type Lab, must, nodeTarget } from './context.js';
import { healthyFirewall, renderFirewall } from './firewall.js';
import { renderLabIncident } from './lab-incident.js';
import { renderSshConfig } from './ssh-files.js';
import { tunnelIf } from './topology.js';

export async function applyFirewalls(lab: Lab, specs = {
  gwA: healthyFirewall('gwA', tunnelIf(lab.state.vpn)),
  gwB: healthyFirewall('gwB', tunnelIf(lab.state.vpn)),
}): Promise<void> {
  for (const gw of ['gwA', 'gwB'] as const) {
    await must(lab, nodeTarget(lab, gw), ['nft', '-f', '-'], renderFirewall(specs[gw]));
  }
}

export function writeClientFiles(lab: Lab): void {
  mkdirSync(lab.paths.controlDir, { recursive: true, mode: 0o700 });
  writeFileSync(lab.paths.sshConfig, renderSshConfig({ key: lab.paths.key, knownHosts: lab.paths.knownHosts }), { mode: 0o600 });
  writeFileSync(
    lab.paths.incident,
    renderLabIncident({
      name: lab.name,
      vpn: lab.state.vpn,
      sshConfig: lab.paths.sshConfig,
      overlap: lab.state.fault === 'overlap',
      ...(lab.state.wgPublic ? { wgPublic: lab.state.wgPublic } : {}),
    }),
    { mode: 0o600 },
  );
}

