// Why: fixtures the recorder captures from the lab for the firewall parsers.

import type { CaptureSpec } from '../capture-spec.js';

/**
 * iptables rules a legacy-minded admin adds on top of the lab's nftables ruleset (iptables-nft on Debian 12),
 * plus an nft-native MSS clamp table. Only ever run inside the lab gateway's namespace. The rules keep the
 * lab's traffic flowing (LAN <-> tunnel allowed, replies by conntrack), so later captures still see traffic.
 */
const IPTABLES_SETUP = [
  'iptables -P FORWARD DROP',
  'iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  'iptables -A FORWARD -i {lanif} -o {tun} -s {ownlan} -d {peerlan} -j ACCEPT',
  'iptables -A FORWARD -i {tun} -o {lanif} -s {peerlan} -d {ownlan} -j ACCEPT',
  'iptables -A FORWARD -i {lanif} ! -s {ownlan} -j DROP',
  'iptables -t nat -A POSTROUTING -s {ownlan} -o {wanif} -j MASQUERADE',
  'iptables -t mangle -A FORWARD -o {tun} -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
  'nft add table inet mangle',
  "nft add chain inet mangle forward '{ type filter hook forward priority mangle; policy accept; }'",
  "nft add rule inet mangle forward oifname {tun} tcp flags syn tcp option maxseg size set rt mtu counter comment '\"clamp to pmtu\"'",
  'nft add rule inet mangle forward iifname {tun} tcp flags syn tcp option maxseg size set 1360 counter',
].join(' && ');

/**
 * Adds the rules unless an earlier capture in this run already did (so `--only nft-ruleset` alone still records
 * them; `--only iptables` removes them at its end, and the next fault's ruleset flush removes them otherwise).
 */
const ENSURE_SETUP = `{ iptables -t mangle -S FORWARD 2>/dev/null | grep -q TCPMSS || { ${IPTABLES_SETUP}; }; }`;

/** Removes everything IPTABLES_SETUP (and the SNAT below) added, leaving the lab's own ruleset as it was. */
const IPTABLES_CLEANUP = [
  'nft delete table ip filter',
  'nft delete table ip mangle',
  'nft delete table inet mangle',
  'nft flush chain ip nat POSTROUTING',
  'nft delete chain ip nat POSTROUTING',
].join('; ');

const SETUP_NOTE =
  'the lab uses nftables; this sh -c first adds iptables rules (iptables-nft: forward policy, LAN<->tunnel accepts, MASQUERADE on the WAN, a TCPMSS clamp) and an nft inet mangle table with MSS clamps inside the lab gateway namespace, then prints the real command output';

export const CAPTURES: CaptureSpec[] = [
  // conntrack first: the healthy captures must not see the iptables additions below.
  {
    parser: 'conntrack', case: 'gwa', node: 'gwA', argv: ['conntrack', '-L', '-s', '{src}'],
    vpns: ['wireguard'], faults: [null, 'nat-on-tunnel', 'no-return-route'],
    note: 'the wizard\'s form; healthy: replied icmp/tcp flows; nat-on-tunnel: reply tuple dst is the WAN address; no-return-route: [UNREPLIED]',
  },
  {
    parser: 'conntrack', case: 'gwa-all', node: 'gwA', argv: ['conntrack', '-L'],
    vpns: ['strongswan'], faults: [null],
    note: 'every flow on the IPsec gateway, incl. the IKE (udp 500/4500) flows',
  },
  {
    parser: 'conntrack', case: 'gwb', node: 'gwB', argv: ['conntrack', '-L', '-s', '{src}'],
    vpns: ['wireguard'], faults: ['no-return-route'],
    note: "gwB sees the requests and answers them (out of its WAN): its view of the same flows",
  },
  {
    parser: 'conntrack', case: 'gwa-events', node: 'gwA', argv: ['conntrack', '-E', '-s', '{src}'],
    vpns: ['wireguard'], faults: [null, 'nat-on-tunnel'], stream: { timeoutMs: 3000 },
    note: 'event stream while test traffic flows (the wizard\'s form)',
  },
  {
    parser: 'nft-ruleset', case: 'gwa', node: 'gwA', argv: ['nft', 'list', 'ruleset'],
    vpns: ['wireguard'], faults: [null, 'forward-drop', 'nat-on-tunnel'],
    note: 'forward-drop: no "lan to vpn" rule and the "reaches policy drop" counter rises; nat-on-tunnel: snat rule on the tunnel',
  },
  {
    parser: 'nft-ruleset', case: 'gwa-json', node: 'gwA', argv: ['nft', '-j', 'list', 'ruleset'],
    vpns: ['strongswan'], faults: [null, 'nat-on-tunnel'],
    note: 'JSON form; nat-on-tunnel adds the snat rule on ipsec0',
  },
  {
    parser: 'nft-ruleset', case: 'gwb', node: 'gwB', argv: ['nft', '-a', 'list', 'ruleset'],
    vpns: ['strongswan'], faults: [null],
    note: 'gwB healthy, with rule handles (-a)',
  },
  // These change gwA's firewall; they run last and the final iptables one removes everything they added.
  // Record nft-ruleset and iptables together (`--only nft-ruleset,iptables,conntrack`) to keep the order.
  {
    parser: 'iptables', case: 'gwa-s', node: 'gwA', argv: ['sh', '-c', `${ENSURE_SETUP} && iptables -S`],
    vpns: ['wireguard'], faults: [null],
    note: `${SETUP_NOTE}: iptables -S (filter table)`,
  },
  {
    parser: 'nft-ruleset', case: 'gwa-with-iptables', node: 'gwA', argv: ['sh', '-c', `${ENSURE_SETUP} && nft list ruleset`],
    vpns: ['wireguard'], faults: [null],
    note: `${SETUP_NOTE} (unless the iptables/gwa-s capture just did): nft list ruleset shows the lab ruleset plus the iptables-nft tables (nft also warned on stderr "table ip nat is managed by iptables-nft, do not touch!")`,
  },
  {
    parser: 'nft-ruleset', case: 'gwa-with-iptables-json', node: 'gwA', argv: ['sh', '-c', `${ENSURE_SETUP} && nft -j list ruleset`],
    vpns: ['wireguard'], faults: [null],
    note: `${SETUP_NOTE} (unless done already): the JSON form, where iptables-nft rules appear as opaque xt expressions`,
  },
  {
    parser: 'iptables', case: 'gwa-save-c', node: 'gwA', argv: ['iptables-save', '-c'],
    vpns: ['wireguard'], faults: [null],
    note: 'iptables-save with counters after test traffic, rules added by the iptables/gwa-s capture',
  },
  {
    parser: 'iptables', case: 'gwa-nat-snat', node: 'gwA',
    argv: ['sh', '-c', `iptables -t nat -I POSTROUTING 1 -o {tun} -j SNAT --to-source 203.0.113.10 && iptables -t nat -S; rc=$?; { ${IPTABLES_CLEANUP}; } >/dev/null 2>&1; exit $rc`],
    vpns: ['wireguard'], faults: [null],
    note: 'inserts an iptables SNAT on the tunnel (Task 11 "NAT on the VPN path"), prints iptables -t nat -S, then removes every iptables-nft table/chain and the inet mangle table the earlier captures added',
  },
];
