// Why: sshd and ssh client configuration for the lab, rendered as text (sshd listens on management links only).

import { MGMT, type HolderNode } from './topology.js';

export function renderSshdConfig(o: { listen: string; hostKey: string; authorizedKeys: string }): string {
  return [
    `ListenAddress ${o.listen}`,
    'Port 22',
    `HostKey ${o.hostKey}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    'PidFile /run/sshd.pid',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'UseDNS no',
    'PrintMotd no',
    'X11Forwarding no',
    'AcceptEnv LANG LC_*',
    '',
  ].join('\n');
}

/** Client config for the jump namespace: Host gwA, gwB, hostA, hostB, pinned host keys. */
export function renderSshConfig(o: { key: string; knownHosts: string }): string {
  const blocks = (Object.keys(MGMT) as HolderNode[]).map((n) =>
    [
      `Host ${n}`,
      `  HostName ${MGMT[n].nodeAddr}`,
      '  User root',
      `  HostKeyAlias ${n}`,
      `  IdentityFile ${o.key}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${o.knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  GlobalKnownHostsFile /dev/null',
      '  ConnectTimeout 5',
      '  LogLevel ERROR',
    ].join('\n'),
  );
  return `# Written by gatewalk lab; use from the lab's jump namespace.\n${blocks.join('\n\n')}\n`;
}

export function renderKnownHosts(pubKeys: Record<HolderNode, string>): string {
  return (Object.keys(pubKeys) as HolderNode[]).map((n) => `${n} ${pubKeys[n].trim()}`).join('\n') + '\n';
}
