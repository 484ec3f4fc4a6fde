// Why: the lab's shape as data: namespaces, links, addresses and routes, so builders and faults read one source.

/*
 *                 mgmt 100.64.0.0/28 (ssh only)
 *        +-----------------jump-----------------+
 *        |            |            |            |
 *  hostA eth0 -- lan0 gwA wan0 -- wanA wan wanB -- wan0 gwB lan0 -- eth0 hostB
 *  10.20.0.55   10.20.0.1  203.0.113.10  .1    .1  198.51.100.20  172.31.40.1  172.31.40.10
 *                     \______ tunnel (wg0 or ipsec0) ______/
 */

export type VpnType = 'wireguard' | 'strongswan';
export const VPN_TYPES: readonly VpnType[] = ['wireguard', 'strongswan'];

/** Lab nodes; `holder` nodes get a private mount/uts namespace (own /run, own hostname). */
export type NodeName = 'jump' | 'hostA' | 'gwA' | 'wan' | 'gwB' | 'hostB';
export const NODES: readonly NodeName[] = ['jump', 'hostA', 'gwA', 'wan', 'gwB', 'hostB'];
export const HOLDER_NODES = ['gwA', 'gwB', 'hostA', 'hostB'] as const;
export type HolderNode = (typeof HOLDER_NODES)[number];

export function nsName(lab: string, node: NodeName): string {
  return `${lab}-${node}`;
}

export interface Site {
  lan: string;
  gwLan: string;
  gwWan: string;
  wanPrefixLen: number;
  wanRouter: string;
  host: string;
  /** Address of this gateway inside the tunnel (WireGuard only). */
  tunnelAddr: string;
}

export const SITE_A: Site = {
  lan: '10.20.0.0/24',
  gwLan: '10.20.0.1',
  gwWan: '203.0.113.10',
  wanPrefixLen: 24,
  wanRouter: '203.0.113.1',
  host: '10.20.0.55',
  tunnelAddr: '10.99.0.1',
};

export const SITE_B: Site = {
  lan: '172.31.40.0/24',
  gwLan: '172.31.40.1',
  gwWan: '198.51.100.20',
  wanPrefixLen: 24,
  wanRouter: '198.51.100.1',
  host: '172.31.40.10',
  tunnelAddr: '10.99.0.2',
};

export const TUNNEL_PREFIX_LEN = 24;
export const WG_PORT = 51820;
export const WG_MTU = 1420;
export const HTTP_PORT = 8080;
/** The address hostA wrongly uses as its router in the wrong-gateway fault: nothing VPN-aware answers there. */
export const WRONG_ROUTER = '10.20.0.254';
/** Where site B is renumbered in the overlap fault (inside site A's prefix). */
export const OVERLAP = { lan: '10.20.0.0/24', gwLan: '10.20.0.254', host: '10.20.0.10' } as const;

export const LAN_IF = 'lan0';
export const WAN_IF = 'wan0';
export const HOST_IF = 'eth0';
export const MGMT_IF = 'mgmt0';

export function tunnelIf(vpn: VpnType): string {
  return vpn === 'wireguard' ? 'wg0' : 'ipsec0';
}

/** Management /30 per node: jump side .1+4k, node side .2+4k. */
export const MGMT: Record<HolderNode, { jumpIf: string; jumpAddr: string; nodeAddr: string }> = {
  gwA: { jumpIf: 'mg-gwA', jumpAddr: '100.64.0.1', nodeAddr: '100.64.0.2' },
  gwB: { jumpIf: 'mg-gwB', jumpAddr: '100.64.0.5', nodeAddr: '100.64.0.6' },
  hostA: { jumpIf: 'mg-hostA', jumpAddr: '100.64.0.9', nodeAddr: '100.64.0.10' },
  hostB: { jumpIf: 'mg-hostB', jumpAddr: '100.64.0.13', nodeAddr: '100.64.0.14' },
};

export interface Link {
  a: NodeName;
  aIf: string;
  b: NodeName;
  bIf: string;
}

export function links(): Link[] {
  return [
    { a: 'hostA', aIf: HOST_IF, b: 'gwA', bIf: LAN_IF },
    { a: 'gwA', aIf: WAN_IF, b: 'wan', bIf: 'wanA' },
    { a: 'wan', aIf: 'wanB', b: 'gwB', bIf: WAN_IF },
    { a: 'gwB', aIf: LAN_IF, b: 'hostB', bIf: HOST_IF },
    ...(Object.entries(MGMT) as Array<[HolderNode, (typeof MGMT)[HolderNode]]>).map(([node, m]) => ({
      a: 'jump' as NodeName,
      aIf: m.jumpIf,
      b: node as NodeName,
      bIf: MGMT_IF,
    })),
  ];
}

/** `ip -batch` lines per node: addresses, links up, routes, for the healthy lab (tunnel aside). */
export function addressing(): Record<NodeName, string[]> {
  const up = (ifs: string[]) => ['link set lo up', ...ifs.map((i) => `link set ${i} up`)];
  const mg = (n: HolderNode) => `addr add ${MGMT[n].nodeAddr}/30 dev ${MGMT_IF}`;
  return {
    jump: [
      ...Object.values(MGMT).map((m) => `addr add ${m.jumpAddr}/30 dev ${m.jumpIf}`),
      ...up(Object.values(MGMT).map((m) => m.jumpIf)),
    ],
    hostA: [`addr add ${SITE_A.host}/24 dev ${HOST_IF}`, mg('hostA'), ...up([HOST_IF, MGMT_IF]), `route add default via ${SITE_A.gwLan}`],
    gwA: [
      `addr add ${SITE_A.gwLan}/24 dev ${LAN_IF}`,
      `addr add ${SITE_A.gwWan}/${SITE_A.wanPrefixLen} dev ${WAN_IF}`,
      mg('gwA'),
      ...up([LAN_IF, WAN_IF, MGMT_IF]),
      `route add default via ${SITE_A.wanRouter}`,
    ],
    wan: [
      `addr add ${SITE_A.wanRouter}/${SITE_A.wanPrefixLen} dev wanA`,
      `addr add ${SITE_B.wanRouter}/${SITE_B.wanPrefixLen} dev wanB`,
      ...up(['wanA', 'wanB']),
    ],
    gwB: [
      `addr add ${SITE_B.gwLan}/24 dev ${LAN_IF}`,
      `addr add ${SITE_B.gwWan}/${SITE_B.wanPrefixLen} dev ${WAN_IF}`,
      mg('gwB'),
      ...up([LAN_IF, WAN_IF, MGMT_IF]),
      `route add default via ${SITE_B.wanRouter}`,
    ],
    hostB: [`addr add ${SITE_B.host}/24 dev ${HOST_IF}`, mg('hostB'), ...up([HOST_IF, MGMT_IF]), `route add default via ${SITE_B.gwLan}`],
  };
}

export function siteOf(gw: 'gwA' | 'gwB'): { self: Site; peer: Site } {
  return gw === 'gwA' ? { self: SITE_A, peer: SITE_B } : { self: SITE_B, peer: SITE_A };
}
