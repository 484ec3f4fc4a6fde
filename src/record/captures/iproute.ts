// Why: fixtures the recorder captures from the lab for the iproute parsers.

import type { CaptureSpec } from '../capture-spec.js';

/** The sysctl keys the gateway probe asks for (src/probes/catalog.ts). */
const SYSCTL_KEYS = [
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.conf.{lanif}.rp_filter',
  'net.ipv4.conf.{wanif}.rp_filter',
  'net.ipv4.conf.{tun}.rp_filter',
];

export const CAPTURES: CaptureSpec[] = [
  // ip-route-get: the gateway's view of the test packet arriving on its LAN, the hosts' choice of router.
  {
    parser: 'ip-route-get', case: 'gw-lan', node: 'gwA', argv: ['ip', 'route', 'get', '{dst}', 'from', '{src}', 'iif', '{lanif}'],
    vpns: ['wireguard'], faults: [null, 'missing-route', 'ip-forward-off'],
    note: 'healthy: into wg0; missing-route: out of wan0 via the WAN router; ip-forward-off: "No route to host"',
  },
  {
    parser: 'ip-route-get', case: 'gw-lan-json', node: 'gwA', argv: ['ip', '-j', 'route', 'get', '{dst}', 'from', '{src}', 'iif', '{lanif}'],
    vpns: ['strongswan'], faults: [null, 'missing-route', 'ip-forward-off'],
    note: 'healthy: ipsec0 from table 220; missing-route: main table default route; ip-forward-off: "No route to host"',
  },
  {
    parser: 'ip-route-get', case: 'host-json', node: 'hostA', argv: ['ip', '-j', 'route', 'get', '{dst}'],
    vpns: ['wireguard'], faults: ['wrong-gateway', 'overlap'],
    note: 'wrong-gateway: via 10.20.0.254; overlap: the destination is on-link, no gateway',
  },
  {
    parser: 'ip-route-get', case: 'gw-wan-return', node: 'gwA', argv: ['ip', '-j', 'route', 'get', '{src}', 'from', '{dst}', 'iif', '{wanif}'],
    vpns: ['wireguard'], faults: ['rp-filter'],
    note: 'a reply arriving in clear on the WAN: strict rp_filter rejects it ("Invalid argument")',
  },

  // ip-route-show: routing tables, strongSwan's table 220, the asymmetric table of the rp-filter fault.
  {
    parser: 'ip-route-show', case: 'gw-all-json', node: 'gwA', argv: ['ip', '-j', 'route', 'show', 'table', 'all'],
    vpns: ['strongswan'], note: 'every table, as the gateway probe reads it',
  },
  {
    parser: 'ip-route-show', case: 'gwB-all', node: 'gwB', argv: ['ip', 'route', 'show', 'table', 'all'],
    vpns: ['wireguard'], note: 'every table incl. local and IPv6',
  },
  {
    parser: 'ip-route-show', case: 'gwB-table-220', node: 'gwB', argv: ['ip', 'route', 'show', 'table', '220'],
    vpns: ['strongswan'], note: "charon's routes into ipsec0",
  },
  {
    parser: 'ip-route-show', case: 'gw-main', node: 'gwA', argv: ['ip', 'route', 'show'],
    vpns: ['wireguard'], faults: ['missing-route'], note: 'no route to site B into wg0',
  },
  {
    parser: 'ip-route-show', case: 'gwB-all-json', node: 'gwB', argv: ['ip', '-j', 'route', 'show', 'table', 'all'],
    vpns: ['wireguard'], faults: ['rp-filter'], note: 'table 120 sends replies for site A out of the WAN',
  },

  // ip-rule-show
  {
    parser: 'ip-rule-show', case: 'gw', node: 'gwA', argv: ['ip', 'rule', 'show'],
    vpns: ['strongswan'], note: "charon's rule 220",
  },
  {
    parser: 'ip-rule-show', case: 'gw-json', node: 'gwA', argv: ['ip', '-j', 'rule', 'show'],
    vpns: ['strongswan'], note: "charon's rule 220",
  },
  {
    parser: 'ip-rule-show', case: 'gwB', node: 'gwB', argv: ['ip', 'rule', 'show'],
    vpns: ['wireguard'], faults: ['rp-filter'], note: 'from site B to site A lookup 120 (replies out of the WAN)',
  },
  {
    parser: 'ip-rule-show', case: 'gwB-json', node: 'gwB', argv: ['ip', '-j', 'rule', 'show'],
    vpns: ['strongswan'], faults: ['rp-filter'], note: 'from/to prefixes in JSON (src + srclen)',
  },

  // ip-link-stats
  {
    parser: 'ip-link-stats', case: 'tun', node: 'gwA', argv: ['ip', '-s', 'link', 'show', 'dev', '{tun}'],
    note: 'tunnel counters after test traffic',
  },
  {
    parser: 'ip-link-stats', case: 'tun-json', node: 'gwA', argv: ['ip', '-s', '-j', 'link', 'show', 'dev', '{tun}'],
    note: 'tunnel counters after test traffic, as the gateway probe reads them',
  },
  {
    parser: 'ip-link-stats', case: 'tun', node: 'gwA', argv: ['ip', '-s', 'link', 'show', 'dev', '{tun}'],
    vpns: ['wireguard'], faults: ['allowed-ips'], note: 'packets routed into wg0 without a peer for them',
  },
  {
    parser: 'ip-link-stats', case: 'all-detail', node: 'gwA', argv: ['ip', '-s', '-s', 'link', 'show'],
    vpns: ['wireguard'], note: 'every interface, with the RX/TX error detail lines',
  },

  // ip-neigh
  {
    parser: 'ip-neigh', case: 'host', node: 'hostA', argv: ['ip', 'neigh', 'show'],
    vpns: ['wireguard'], faults: [null, 'wrong-gateway'], note: 'wrong-gateway: 10.20.0.254 never answers ARP',
  },
  {
    parser: 'ip-neigh', case: 'host-json', node: 'hostA', argv: ['ip', '-j', 'neigh', 'show'],
    vpns: ['strongswan'], faults: ['wrong-gateway'], note: 'wrong-gateway: 10.20.0.254 never answers ARP',
  },
  {
    parser: 'ip-neigh', case: 'host-stats', node: 'hostA', argv: ['ip', '-s', 'neigh', 'show'],
    vpns: ['strongswan'], faults: ['wrong-gateway'], note: 'with -s: used times and probe counts',
  },
  {
    parser: 'ip-neigh', case: 'gw-json', node: 'gwA', argv: ['ip', '-j', 'neigh', 'show'],
    vpns: ['strongswan'], note: 'LAN host and WAN router resolved',
  },

  // ip-addr
  {
    parser: 'ip-addr', case: 'gw', node: 'gwA', argv: ['ip', 'addr', 'show'],
    vpns: ['wireguard'], note: 'LAN, WAN, management and wg0 addresses',
  },
  {
    parser: 'ip-addr', case: 'gw-json', node: 'gwA', argv: ['ip', '-j', 'addr', 'show'],
    vpns: ['strongswan'], note: 'as the gateway probe reads it',
  },
  {
    parser: 'ip-addr', case: 'host-json', node: 'hostA', argv: ['ip', '-j', 'addr', 'show'],
    vpns: ['wireguard'], note: "the source host's prefix",
  },
  {
    parser: 'ip-addr', case: 'hostB', node: 'hostB', argv: ['ip', 'addr', 'show'],
    vpns: ['wireguard'], faults: ['overlap'], note: 'site B renumbered into site A\'s prefix',
  },

  // sysctl
  {
    parser: 'sysctl', case: 'gw', node: 'gwA', argv: ['sysctl', ...SYSCTL_KEYS],
    vpns: ['wireguard'], faults: [null, 'ip-forward-off', 'rp-filter'], note: 'forwarding and rp_filter as the gateway probe asks',
  },
  {
    parser: 'sysctl', case: 'gw', node: 'gwA', argv: ['sysctl', ...SYSCTL_KEYS],
    vpns: ['strongswan'], faults: ['rp-filter'], note: 'strict rp_filter on all and wan0',
  },
  {
    parser: 'sysctl', case: 'host-missing-key', node: 'hostA', argv: ['sysctl', 'net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.{lanif}.rp_filter'],
    vpns: ['wireguard'], note: 'hostA has no lan0: sysctl reports the key it cannot read beside the others',
  },

  // nstat
  {
    parser: 'nstat', case: 'gw', node: 'gwA', argv: ['nstat', '-asz'],
    faults: ['rp-filter'], note: 'TcpExtIPReversePathFilter counts the dropped replies',
  },
  {
    parser: 'nstat', case: 'gw', node: 'gwA', argv: ['nstat', '-asz'],
    vpns: ['wireguard'], note: 'healthy counters',
  },
  {
    parser: 'nstat', case: 'gw-json', node: 'gwA', argv: ['nstat', '-asz', '--json'],
    vpns: ['strongswan'], faults: ['rp-filter'], note: 'the JSON form',
  },
];
