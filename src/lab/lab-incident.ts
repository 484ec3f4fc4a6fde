// Why: the incident file that describes a lab (hostA -> hostB over its tunnel), as an operator would write one.

import { stringify } from 'yaml';
import type { Incident } from '../incident/schema.js';
import { CHILD_NAME, IKE_NAME } from './strongswan-files.js';
import { HTTP_PORT, LAN_IF, OVERLAP, SITE_A, SITE_B, WAN_IF, tunnelIf, type VpnType } from './topology.js';

export interface LabIncidentInput {
  name: string;
  vpn: VpnType;
  sshConfig: string;
  wgPublic?: { gwA: string; gwB: string };
  /** Under the overlap fault site B lives in site A's prefix. */
  overlap: boolean;
}

export function labIncident(o: LabIncidentInput): Incident {
  const destination = o.overlap ? OVERLAP.host : SITE_B.host;
  const bLan = o.overlap ? OVERLAP.lan : SITE_B.lan;
  const tunnel = (peer: 'gwA' | 'gwB') =>
    o.vpn === 'wireguard'
      ? { type: 'wireguard' as const, interface: tunnelIf(o.vpn), ...(o.wgPublic ? { peer: o.wgPublic[peer] } : {}) }
      : { type: 'strongswan' as const, interface: tunnelIf(o.vpn), ike: IKE_NAME, child: CHILD_NAME };
  return {
    title: `gatewalk lab ${o.name}: hostA -> hostB over ${o.vpn}`,
    pair: { source: SITE_A.host, destination, protocol: 'tcp', port: HTTP_PORT },
    ssh_config: o.sshConfig,
    sites: {
      a: {
        name: 'siteA',
        lan: [SITE_A.lan],
        gateway: { target: { ssh: 'gwA' }, sudo: false, lan_interface: LAN_IF, wan_interface: WAN_IF, wan_address: SITE_A.gwWan },
        tunnel: tunnel('gwB'),
        host: { target: { ssh: 'hostA' }, sudo: false },
      },
      b: {
        name: 'siteB',
        lan: [bLan],
        gateway: { target: { ssh: 'gwB' }, sudo: false, lan_interface: LAN_IF, wan_interface: WAN_IF, wan_address: SITE_B.gwWan },
        tunnel: tunnel('gwA'),
        host: { target: { ssh: 'hostB' }, sudo: false },
      },
    },
  };
}

export function renderLabIncident(o: LabIncidentInput): string {
  return `# Written by \`gatewalk lab\`: the lab's test pair and sites. Run gatewalk from the lab's jump namespace.\n${stringify(labIncident(o))}`;
}
