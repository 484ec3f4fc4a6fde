// Why: refuse early, in one line, when the lab cannot be built here (not root, a program missing).

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { GatewalkError, EXIT } from '../util/errors.js';
import type { VpnType } from './topology.js';

const COMMON = ['ip', 'nft', 'unshare', 'nsenter', 'sysctl', 'ssh', 'ssh-keygen', 'sshd', 'ping', 'timeout', 'sh', 'sleep', 'hostname', 'mount'];
const BY_VPN: Record<VpnType, string[]> = {
  wireguard: ['wireguard-go', 'wg'],
  strongswan: ['charon-systemd', 'swanctl'],
};
const PACKAGE: Record<string, string> = {
  ip: 'iproute2', nft: 'nftables', ssh: 'openssh-client', 'ssh-keygen': 'openssh-client', sshd: 'openssh-server',
  ping: 'iputils-ping', 'wireguard-go': 'wireguard-go', wg: 'wireguard-tools', 'charon-systemd': 'charon-systemd',
  swanctl: 'strongswan-swanctl', unshare: 'util-linux', nsenter: 'util-linux', mount: 'mount',
};

const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

export function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Programs the lab needs that this machine lacks, with the Debian package to install. */
export function missingPrograms(vpns: readonly VpnType[]): string[] {
  const want = [...COMMON, ...vpns.flatMap((v) => BY_VPN[v])];
  return want.filter((p) => !findProgram(p)).map((p) => (PACKAGE[p] ? `${p} (apt-get install ${PACKAGE[p]})` : p));
}

export function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new GatewalkError('LAB_NOT_ROOT', 'the lab needs root (network namespaces, veth, nftables); run it as root, e.g. sudo gatewalk lab ...', {
      exitCode: EXIT.usage,
    });
  }
}

export function requirePrograms(vpns: readonly VpnType[]): void {
  const missing = missingPrograms(vpns);
  if (missing.length) {
    throw new GatewalkError('LAB_MISSING_PROGRAM', `the lab needs programs this machine lacks: ${missing.join(', ')}`, { exitCode: EXIT.usage });
  }
}

/** Why lab tests cannot run here, or null when they can. */
export function labUnavailable(vpns: readonly VpnType[] = ['wireguard', 'strongswan']): string | null {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root (network namespaces)';
  const missing = missingPrograms(vpns);
  return missing.length ? `missing programs: ${missing.join(', ')}` : null;
}
