// Why: the lab's secrets (ssh keys, WireGuard keys, IKE PSK), made fresh per lab and kept in its 0700 directory.

import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Lab } from './context.js';
import { local, must } from './context.js';

export async function sshKeyPair(lab: Lab, path: string, comment: string): Promise<string> {
  await must(lab, local, ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

/** A WireGuard key pair; the private key only ever lives in `privPath` (0600). */
export async function wgKeyPair(lab: Lab, privPath: string): Promise<string> {
  const priv = (await must(lab, local, ['wg', 'genkey'])).stdout.trim();
  writeFileSync(privPath, `${priv}\n`, { mode: 0o600 });
  return (await must(lab, local, ['wg', 'pubkey'], `${priv}\n`)).stdout.trim();
}

/** A PSK strong enough for IKE and free of characters that need quoting in swanctl.conf. */
export function newPsk(): string {
  return randomBytes(24).toString('base64url');
}
