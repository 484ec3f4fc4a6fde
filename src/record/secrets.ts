// Why: nothing secret leaves the lab in a recording: its WireGuard private keys and IKE PSK are replaced before writing.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner } from '../targets/runner.js';
import { localTarget } from '../targets/target.js';
import type { Lab } from '../lab/context.js';

export const REDACTED = '(redacted)';

/** The lab's secrets as they could appear in output. */
export function labSecrets(lab: Lab): string[] {
  const out: string[] = [];
  for (const gw of ['gwA', 'gwB']) {
    const p = join(lab.paths.node(gw), 'wg-private.key');
    if (existsSync(p)) out.push(readFileSync(p, 'utf8').trim());
  }
  const psk = join(lab.paths.dir, 'ike.psk');
  if (existsSync(psk)) out.push(readFileSync(psk, 'utf8').trim());
  return out.filter(Boolean);
}

export function redactSecrets(text: string, secrets: string[]): string {
  let t = text;
  for (const s of secrets) t = t.split(s).join(REDACTED);
  return t;
}

/** Versions of the tools whose output is recorded, for the capture files. */
export async function toolVersions(runner: Runner): Promise<Record<string, string>> {
  const probes: Record<string, string[]> = {
    kernel: ['uname', '-r'],
    iproute2: ['ip', '-V'],
    nftables: ['nft', '--version'],
    conntrack: ['conntrack', '--version'],
    tcpdump: ['tcpdump', '--version'],
    'wireguard-tools': ['wg', '--version'],
    // swanctl --version asks the daemon (none in the root namespace); charon --version starts one.
    strongswan: ['dpkg-query', '-W', '-f', '${Version}', 'charon-systemd'],
    frr: ['dpkg-query', '-W', '-f', '${Version}', 'frr'],
    traceroute: ['traceroute', '--version'],
    iputils: ['ping', '-V'],
    ss: ['ss', '-V'],
  };
  const out: Record<string, string> = {};
  for (const [k, argv] of Object.entries(probes)) {
    const r = await runner.run(localTarget(), { argv });
    out[k] = (r.stdout || r.stderr).trim().split('\n')[0] ?? '';
  }
  return out;
}
