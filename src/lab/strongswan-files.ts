// Why: strongswan.conf and swanctl.conf for a lab gateway (IKEv2, PSK, ESP in UDP through kernel-libipsec).

import { siteOf } from './topology.js';

export const IKE_NAME = 'siteA-siteB';
export const CHILD_NAME = 'siteA-siteB-child';

const PLUGINS = [
  'random', 'nonce', 'openssl', 'aes', 'sha1', 'sha2', 'hmac', 'gcm', 'pem', 'pkcs1', 'x509', 'pubkey',
  'curve25519', 'gmp', 'kdf', 'kernel-libipsec', 'kernel-netlink', 'socket-default', 'vici', 'updown',
];

/**
 * The vici socket is the default path, /run/charon.vici, inside the gateway's private /run, so a plain
 * `swanctl --list-sas` answers on the gateway as on a real one.
 */
export function renderStrongswanConf(o: { logFile: string }): string {
  return [
    'charon {',
    `  load = ${PLUGINS.join(' ')}`,
    '  install_routes = yes',
    '  port = 500',
    '  port_nat_t = 4500',
    '  plugins {',
    '    vici {',
    '      socket = unix:///run/charon.vici',
    '    }',
    '  }',
    '}',
    'charon-systemd {',
    '  journal {',
    '    default = -1',
    '  }',
    '  filelog {',
    '    lab {',
    `      path = ${o.logFile}`,
    '      time_format = %F %T',
    '      default = 1',
    '      ike = 1',
    '      cfg = 1',
    '      flush_line = yes',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface SwanctlSpec {
  gw: 'gwA' | 'gwB';
  psk: string;
  /** Override of this side's remote traffic selector (the selectors fault). */
  remoteTs?: string;
  initiator: boolean;
}

export function renderSwanctlConf(s: SwanctlSpec): string {
  const { self, peer } = siteOf(s.gw);
  const [localId, remoteId] = s.gw === 'gwA' ? ['siteA', 'siteB'] : ['siteB', 'siteA'];
  return [
    'connections {',
    `  ${IKE_NAME} {`,
    '    version = 2',
    `    local_addrs = ${self.gwWan}`,
    `    remote_addrs = ${peer.gwWan}`,
    '    encap = yes',
    // Fixed site-to-site peers: no MOBIKE address updates.
    '    mobike = no',
    '    proposals = aes256gcm16-prfsha256-ecp256,aes256-sha256-modp2048',
    '    dpd_delay = 10s',
    '    local {',
    '      auth = psk',
    `      id = ${localId}`,
    '    }',
    '    remote {',
    '      auth = psk',
    `      id = ${remoteId}`,
    '    }',
    '    children {',
    `      ${CHILD_NAME} {`,
    `        local_ts = ${self.lan}`,
    `        remote_ts = ${s.remoteTs ?? peer.lan}`,
    '        esp_proposals = aes256gcm16',
    ...(s.initiator ? ['        start_action = start'] : []),
    '      }',
    '    }',
    '  }',
    '}',
    'secrets {',
    '  ike-lab {',
    '    id-a = siteA',
    '    id-b = siteB',
    `    secret = "${s.psk}"`,
    '  }',
    '}',
    '',
  ].join('\n');
}
