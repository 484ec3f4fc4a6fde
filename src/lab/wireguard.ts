// Why: bring up wireguard-go on both gateways (one wg0 each, in their private /run) and peer them.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Lab, nodeTarget, onHost, startDaemon, waitFor } from './context.js';
import { wgKeyPair } from './keys.js';
import { SITE_A, SITE_B, TUNNEL_PREFIX_LEN, WG_MTU, WG_PORT, siteOf } from './topology.js';

export const WG_IF = 'wg0';

type Gw = 'gwA' | 'gwB';

export function privateKeyPath(lab: Lab, gw: Gw): string {
  return join(lab.paths.node(gw), 'wg-private.key');
}

/** AllowedIPs each gateway gives its peer in a healthy lab. */
export function healthyAllowedIps(gw: Gw): string {
  const { peer } = siteOf(gw);
  return `${peer.lan},${peer.tunnelAddr}/32`;
}

export async function startWireguard(lab: Lab): Promise<void> {
  const pub = { gwA: await wgKeyPair(lab, privateKeyPath(lab, 'gwA')), gwB: await wgKeyPair(lab, privateKeyPath(lab, 'gwB')) };
  lab.state.wgPublic = pub;
  await Promise.all(
    (['gwA', 'gwB'] as const).map(async (gw) => {
      startDaemon(lab, gw, 'wireguard-go', nodeTarget(lab, gw), ['wireguard-go', '-f', WG_IF], {
        logFile: join(lab.paths.node(gw), 'wireguard-go.log'),
        env: { LOG_LEVEL: 'error' },
      });
      const holder = lab.state.holders[gw];
      await waitFor(`wireguard-go on ${gw}`, 5000, () => existsSync(`/proc/${holder}/root/run/wireguard/${WG_IF}.sock`));
      const { self, peer } = siteOf(gw);
      const other = gw === 'gwA' ? 'gwB' : 'gwA';
      await onHost(lab, gw, [
        'wg', 'set', WG_IF, 'private-key', privateKeyPath(lab, gw), 'listen-port', String(WG_PORT),
        'peer', pub[other], 'endpoint', `${peer.gwWan}:${WG_PORT}`, 'allowed-ips', healthyAllowedIps(gw),
        'persistent-keepalive', '25',
      ]);
      await onHost(lab, gw, ['ip', '-batch', '-'], [
        `addr add ${self.tunnelAddr}/${TUNNEL_PREFIX_LEN} dev ${WG_IF}`,
        `link set ${WG_IF} mtu ${WG_MTU} up`,
        `route add ${peer.lan} dev ${WG_IF}`,
        '',
      ].join('\n'));
    }),
  );
}

/** The route into the tunnel for the peer's LAN (the missing-route and no-return-route faults remove it). */
export function tunnelRouteArgv(gw: Gw, op: 'add' | 'del'): string[] {
  const dst = gw === 'gwA' ? SITE_B.lan : SITE_A.lan;
  return ['ip', 'route', op, dst, 'dev', WG_IF];
}
