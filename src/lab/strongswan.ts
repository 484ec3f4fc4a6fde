// Why: bring up one charon per gateway (userspace ESP in UDP via kernel-libipsec) and establish the child SA.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewalkError } from '../util/errors.js';
import { type Lab, attempt, nodeTarget, onHost, startDaemon, waitFor } from './context.js';
import { newPsk } from './keys.js';
import { CHILD_NAME, IKE_NAME, renderStrongswanConf, renderSwanctlConf, type SwanctlSpec } from './strongswan-files.js';
import { readFileSync } from 'node:fs';

type Gw = 'gwA' | 'gwB';

export function swanctlPath(lab: Lab, gw: Gw): string {
  return join(lab.paths.node(gw), 'swanctl.conf');
}

function pskPath(lab: Lab): string {
  return join(lab.paths.dir, 'ike.psk');
}

export function labPsk(lab: Lab): string {
  return readFileSync(pskPath(lab), 'utf8').trim();
}

export function writeSwanctl(lab: Lab, spec: Omit<SwanctlSpec, 'psk'>): void {
  writeFileSync(swanctlPath(lab, spec.gw), renderSwanctlConf({ ...spec, psk: labPsk(lab) }), { mode: 0o600 });
}

export async function loadSwanctl(lab: Lab, gw: Gw): Promise<void> {
  await onHost(lab, gw, ['swanctl', '--load-all', '--file', swanctlPath(lab, gw)]);
}

export async function startStrongswan(lab: Lab): Promise<void> {
  writeFileSync(pskPath(lab), `${newPsk()}\n`, { mode: 0o600 });
  await Promise.all(
    (['gwB', 'gwA'] as const).map(async (gw) => {
      const dir = lab.paths.node(gw);
      const conf = join(dir, 'strongswan.conf');
      writeFileSync(conf, renderStrongswanConf({ logFile: join(dir, 'charon.log') }), { mode: 0o600 });
      writeSwanctl(lab, { gw, initiator: false });
      startDaemon(lab, gw, 'charon', nodeTarget(lab, gw), ['/usr/sbin/charon-systemd'], {
        logFile: join(dir, 'charon.stderr.log'),
        env: { STRONGSWAN_CONF: conf },
      });
      const holder = lab.state.holders[gw];
      await waitFor(`charon's vici socket on ${gw}`, 8000, () => existsSync(`/proc/${holder}/root/run/charon.vici`));
      await waitFor(`charon on ${gw} to answer`, 5000, async () => (await attempt(lab, nodeTarget(lab, gw), ['swanctl', '--stats'])).ok, 50);
    }),
  );
  await loadSwanctl(lab, 'gwB');
  writeSwanctl(lab, { gw: 'gwA', initiator: true });
  await loadSwanctl(lab, 'gwA');
  await waitChild(lab);
}

/** Wait until gwA shows the child SA INSTALLED (start_action = start initiates it on load). */
export async function waitChild(lab: Lab, ms = 8000): Promise<void> {
  await waitFor('the IPsec child SA to be installed', ms, async () => {
    const r = await attempt(lab, nodeTarget(lab, 'gwA'), ['swanctl', '--list-sas', '--child', CHILD_NAME]);
    return r.ok && /INSTALLED/.test(r.stdout);
  }, 50);
}

/**
 * Tear down and re-create the child SA from gwA: charon then re-installs its table-220 routes
 * on both sides (the way to undo a fault that deleted one).
 */
export async function recreateChild(lab: Lab): Promise<void> {
  await attempt(lab, nodeTarget(lab, 'gwA'), ['swanctl', '--terminate', '--ike', IKE_NAME, '--timeout', '5'], undefined, 10_000);
  const r = await attempt(lab, nodeTarget(lab, 'gwA'), ['swanctl', '--initiate', '--child', CHILD_NAME, '--timeout', '8'], undefined, 12_000);
  if (!r.ok) throw new GatewalkError('LAB_IPSEC', `lab ${lab.name}: could not re-establish the child SA: ${r.stdout.trim().split('\n').pop() ?? ''}`);
  await waitChild(lab);
}
