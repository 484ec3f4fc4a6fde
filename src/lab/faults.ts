// Why: the catalogue of faults the lab can inject, each with its undo; every one reproduces a runbook symptom.

import { GatewalkError, EXIT } from '../util/errors.js';
import { type Lab, nodeTarget, onHost, attempt } from './context.js';
import { healthyFirewall, type FirewallSpec } from './firewall.js';
import { writeState } from './state.js';
import { CHILD_NAME } from './strongswan-files.js';
import { recreateChild, writeSwanctl, loadSwanctl } from './strongswan.js';
import { HOST_IF, HTTP_PORT, LAN_IF, OVERLAP, SITE_A, SITE_B, VPN_TYPES, WAN_IF, WRONG_ROUTER, tunnelIf, type VpnType } from './topology.js';
import { WG_IF, healthyAllowedIps, tunnelRouteArgv } from './wireguard.js';
import { applyFirewalls, writeClientFiles } from './configure.js';

export interface Fault {
  name: string;
  /** One line for `lab faults`. */
  summary: string;
  /** Gate, cause code and side where gatewalk should find it. */
  gate: 1 | 2 | 3 | 4 | 'mtu';
  cause: string;
  side: 'a' | 'b';
  vpns: readonly VpnType[];
  /**
   * 'fail' (the default): the pair breaks and gatewalk must FAIL at gate/cause/side. 'no-fail': a "works, but" case:
   * the pair still works, gatewalk must give no FAIL (exit 0); gate/cause/side say where a WARN may name it.
   */
  expect?: 'fail' | 'no-fail';
  apply(lab: Lab): Promise<void>;
  heal(lab: Lab): Promise<void>;
}

const both = VPN_TYPES;
const TABLE_220 = ['table', '220'];

/** Policy routing on gwB that sends replies for site A out of the WAN, in clear (for the rp-filter fault). */
const ASYM_TABLE = '120';

/** policy-bypass: the table and rule priority (before main, and before charon's 220). */
const BYPASS_TABLE = '130';
const BYPASS_PRIORITY = '90';
/** specific-route: the /25 of site B holding hostB (172.31.40.10). */
const SPECIFIC_HALF = '172.31.40.0/25';
/** other-port-drop: a port the pair does not use. */
const OTHER_PORT = 22;
/** host-firewall-b: hostB's own filter (hostB has no ruleset otherwise). */
const HOST_TABLE = 'gatewalk_host';
const HOST_FILTER = [
  `table inet ${HOST_TABLE} {`,
  '  chain input {',
  '    type filter hook input priority filter; policy accept;',
  `    tcp dport ${HTTP_PORT} counter drop comment "host firewall"`,
  '  }',
  '}',
  '',
].join('\n');

export const FAULTS: readonly Fault[] = [
  {
    name: 'wrong-gateway',
    summary: "hostA's default route points at 10.20.0.254, a router that is not the VPN gateway",
    cause: 'wrong-gateway', gate: 1, side: 'a', vpns: both,
    apply: (lab) => onHost(lab, 'hostA', ['ip', 'route', 'replace', 'default', 'via', WRONG_ROUTER, 'dev', HOST_IF]).then(() => {}),
    heal: (lab) => onHost(lab, 'hostA', ['ip', 'route', 'replace', 'default', 'via', SITE_A.gwLan, 'dev', HOST_IF]).then(() => {}),
  },
  {
    name: 'overlap',
    summary: "site B is renumbered into site A's prefix (hostB becomes 10.20.0.10): hostA treats it as on-link",
    cause: 'overlap', gate: 1, side: 'a', vpns: both,
    apply: async (lab) => {
      await onHost(lab, 'hostB', ['ip', '-batch', '-'], `addr flush dev ${HOST_IF}\naddr add ${OVERLAP.host}/24 dev ${HOST_IF}\nroute replace default via ${OVERLAP.gwLan}\n`);
      await onHost(lab, 'gwB', ['ip', '-batch', '-'], `addr flush dev ${LAN_IF}\naddr add ${OVERLAP.gwLan}/24 dev ${LAN_IF}\n`);
    },
    heal: async (lab) => {
      await onHost(lab, 'gwB', ['ip', '-batch', '-'], `addr flush dev ${LAN_IF}\naddr add ${SITE_B.gwLan}/24 dev ${LAN_IF}\n`);
      await onHost(lab, 'hostB', ['ip', '-batch', '-'], `addr flush dev ${HOST_IF}\naddr add ${SITE_B.host}/24 dev ${HOST_IF}\nroute replace default via ${SITE_B.gwLan}\n`);
      if (lab.state.vpn === 'strongswan') await recreateChild(lab);
      else await onHost(lab, 'gwB', ['ip', 'route', 'replace', SITE_A.lan, 'dev', WG_IF]);
    },
  },
  {
    name: 'missing-route',
    summary: "gwA has no route to site B's LAN into the tunnel: traffic leaves by the WAN in clear",
    cause: 'no-route', gate: 2, side: 'a', vpns: both,
    apply: (lab) => deleteTunnelRoute(lab, 'gwA'),
    heal: (lab) => restoreTunnelRoute(lab, 'gwA'),
  },
  {
    name: 'ip-forward-off',
    summary: 'gwA has net.ipv4.ip_forward = 0: it no longer routes between its interfaces',
    cause: 'ip-forward-off', gate: 2, side: 'a', vpns: both,
    apply: (lab) => onHost(lab, 'gwA', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']).then(() => {}),
    heal: (lab) => onHost(lab, 'gwA', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']).then(() => {}),
  },
  {
    name: 'forward-drop',
    summary: "gwA's forward chain lost its LAN -> VPN accept rule: the drop policy eats the traffic",
    cause: 'forward-drop', gate: 2, side: 'a', vpns: both,
    apply: (lab) => gwAFirewallWith(lab, { lanToTunnel: false }),
    heal: (lab) => applyFirewalls(lab),
  },
  {
    name: 'nat-on-tunnel',
    summary: "gwA SNATs traffic entering the tunnel to its WAN address: the peer's policy drops that source",
    cause: 'nat-on-tunnel', gate: 2, side: 'a', vpns: both,
    apply: (lab) => gwAFirewallWith(lab, { snatOnTunnel: true }),
    heal: async (lab) => {
      await applyFirewalls(lab);
      // Entries created under the SNAT rule keep their mapping until they expire.
      await attempt(lab, nodeTarget(lab, 'gwA'), ['conntrack', '-D', '-s', SITE_A.host]);
    },
  },
  {
    name: 'allowed-ips',
    summary: "WireGuard AllowedIPs on gwA lack site B's LAN: the route points at wg0 but nothing is encrypted",
    cause: 'allowed-ips', gate: 3, side: 'a', vpns: ['wireguard'],
    apply: async (lab) => setAllowedIps(lab, `${SITE_B.tunnelAddr}/32`),
    heal: async (lab) => setAllowedIps(lab, healthyAllowedIps('gwA')),
  },
  {
    name: 'selectors',
    summary: "gwA's child SA asks for 172.31.41.0/24 as remote selector: IKE stays up, no child SA is installed",
    cause: 'selectors', gate: 3, side: 'a', vpns: ['strongswan'],
    apply: async (lab) => {
      writeSwanctl(lab, { gw: 'gwA', initiator: true, remoteTs: '172.31.41.0/24' });
      await loadSwanctl(lab, 'gwA');
      await attempt(lab, nodeTarget(lab, 'gwA'), ['swanctl', '--terminate', '--child', CHILD_NAME, '--timeout', '5'], undefined, 10_000);
      // Re-initiating with the wrong selector fails (TS_UNACCEPTABLE) and leaves the IKE SA up.
      await attempt(lab, nodeTarget(lab, 'gwA'), ['swanctl', '--initiate', '--child', CHILD_NAME, '--timeout', '5'], undefined, 10_000);
    },
    heal: async (lab) => {
      writeSwanctl(lab, { gw: 'gwA', initiator: true });
      await loadSwanctl(lab, 'gwA');
      await recreateChild(lab);
    },
  },
  {
    name: 'no-return-route',
    summary: "gwB has no route back to site A into the tunnel: replies leave gwB's WAN in clear",
    cause: 'no-return-route', gate: 4, side: 'b', vpns: both,
    apply: (lab) => deleteTunnelRoute(lab, 'gwB'),
    heal: (lab) => restoreTunnelRoute(lab, 'gwB'),
  },
  {
    name: 'rp-filter',
    summary: 'strict rp_filter on gwA while gwB sends replies back over the WAN: gwA drops them as spoofed',
    cause: 'rp-filter', gate: 4, side: 'a', vpns: both,
    apply: async (lab) => {
      await onHost(lab, 'gwB', ['ip', '-batch', '-'], [
        `route add ${SITE_A.lan} via ${SITE_B.wanRouter} dev ${WAN_IF} table ${ASYM_TABLE}`,
        `rule add from ${SITE_B.lan} to ${SITE_A.lan} lookup ${ASYM_TABLE} priority 100`, '',
      ].join('\n'));
      await onHost(lab, 'wan', ['ip', 'route', 'add', SITE_A.lan, 'via', SITE_A.gwWan]);
      await onHost(lab, 'gwA', ['sysctl', '-q', '-w', 'net.ipv4.conf.all.rp_filter=1', `net.ipv4.conf.${WAN_IF}.rp_filter=1`]);
    },
    heal: async (lab) => {
      await onHost(lab, 'gwA', ['sysctl', '-q', '-w', 'net.ipv4.conf.all.rp_filter=0', `net.ipv4.conf.${WAN_IF}.rp_filter=0`]);
      await onHost(lab, 'wan', ['ip', 'route', 'del', SITE_A.lan, 'via', SITE_A.gwWan]);
      await onHost(lab, 'gwB', ['ip', '-batch', '-'], [
        `rule del from ${SITE_B.lan} to ${SITE_A.lan} lookup ${ASYM_TABLE} priority 100`,
        `route flush table ${ASYM_TABLE}`, '',
      ].join('\n'));
    },
  },
  {
    name: 'mtu-blackhole',
    summary: 'a 1280-byte link on the WAN path drops larger DF packets, and the ICMP that would say so is filtered',
    cause: 'mtu-blackhole', gate: 'mtu', side: 'a', vpns: both,
    apply: async (lab) => {
      await onHost(lab, 'wan', ['ip', 'link', 'set', 'wanB', 'mtu', String(BLACKHOLE_MTU)]);
      await onHost(lab, 'wan', ['nft', '-f', '-'], ICMP_FILTER);
    },
    heal: async (lab) => {
      await onHost(lab, 'wan', ['nft', 'delete', 'table', 'inet', 'gatewalk_mtu']);
      await onHost(lab, 'wan', ['ip', 'link', 'set', 'wanB', 'mtu', '1500']);
    },
  },
  {
    name: 'host-route',
    summary: "hostA keeps its default via gwA but has a more specific route for site B's LAN via 10.20.0.254",
    cause: 'wrong-gateway', gate: 1, side: 'a', vpns: both,
    apply: (lab) => onHost(lab, 'hostA', ['ip', 'route', 'add', SITE_B.lan, 'via', WRONG_ROUTER, 'dev', HOST_IF]).then(() => {}),
    heal: (lab) => onHost(lab, 'hostA', ['ip', 'route', 'del', SITE_B.lan, 'via', WRONG_ROUTER, 'dev', HOST_IF]).then(() => {}),
  },
  {
    name: 'tcp-port-drop',
    summary: `gwA's forward chain drops tcp/${HTTP_PORT} from site A to site B before the accept rule: ping passes, the service does not`,
    cause: 'forward-drop', gate: 2, side: 'a', vpns: both,
    apply: (lab) => firewallsWith(lab, { dropTcpToPeer: [HTTP_PORT] }, {}),
    heal: (lab) => applyFirewalls(lab),
  },
  {
    name: 'tcp-port-drop-b',
    summary: `gwB's forward chain drops decrypted tcp/${HTTP_PORT} from site A to its LAN: ping passes, the service does not`,
    cause: 'forward-drop', gate: 4, side: 'b', vpns: both,
    apply: (lab) => firewallsWith(lab, {}, { dropTcpFromPeer: [HTTP_PORT] }),
    heal: (lab) => applyFirewalls(lab),
  },
  {
    name: 'host-firewall-b',
    summary: `hostB's own input chain drops tcp/${HTTP_PORT}: the SYN reaches site B's LAN, no SYN-ACK comes back; ping passes`,
    cause: 'host-firewall', gate: 4, side: 'b', vpns: both,
    apply: (lab) => onHost(lab, 'hostB', ['nft', '-f', '-'], HOST_FILTER).then(() => {}),
    heal: (lab) => onHost(lab, 'hostB', ['nft', 'delete', 'table', 'inet', HOST_TABLE]).then(() => {}),
  },
  {
    name: 'policy-bypass',
    summary: `an ip rule on gwA sends site A -> site B to table ${BYPASS_TABLE}, whose route for site B leaves by the WAN`,
    cause: 'policy-routing', gate: 2, side: 'a', vpns: both,
    apply: (lab) => onHost(lab, 'gwA', ['ip', '-batch', '-'], [
      `route add ${SITE_B.lan} via ${SITE_A.wanRouter} dev ${WAN_IF} table ${BYPASS_TABLE}`,
      `rule add from ${SITE_A.lan} to ${SITE_B.lan} lookup ${BYPASS_TABLE} priority ${BYPASS_PRIORITY}`, '',
    ].join('\n')).then(() => {}),
    heal: (lab) => onHost(lab, 'gwA', ['ip', '-batch', '-'], [
      `rule del from ${SITE_A.lan} to ${SITE_B.lan} lookup ${BYPASS_TABLE} priority ${BYPASS_PRIORITY}`,
      `route flush table ${BYPASS_TABLE}`, '',
    ].join('\n')).then(() => forgetLeakedFlows(lab)),
  },
  {
    name: 'specific-route',
    summary: `gwA has ${SPECIFIC_HALF} (the half of site B holding hostB) via the WAN router, more specific than the tunnel route`,
    cause: 'more-specific-route', gate: 2, side: 'a', vpns: both,
    apply: (lab) => onHost(lab, 'gwA', specificRouteArgv(lab, 'add')).then(() => {}),
    heal: (lab) => onHost(lab, 'gwA', specificRouteArgv(lab, 'del')).then(() => forgetLeakedFlows(lab)),
  },
  {
    name: 'masquerade-exempt',
    summary: "works, but: gwA's WAN masquerade written in its production form, exempting traffic to site B (no FAIL expected)",
    cause: 'nat-on-tunnel', gate: 2, side: 'a', vpns: both, expect: 'no-fail',
    apply: (lab) => firewallsWith(lab, { masqueradeExempt: true }, {}),
    heal: (lab) => applyFirewalls(lab),
  },
  {
    name: 'other-port-drop',
    summary: "works, but: gwA's forward chain drops tcp/22 from site A to site B: other flows break, not the pair (no FAIL expected)",
    cause: 'forward-drop', gate: 2, side: 'a', vpns: both, expect: 'no-fail',
    apply: (lab) => firewallsWith(lab, { dropTcpToPeer: [OTHER_PORT] }, {}),
    heal: (lab) => applyFirewalls(lab),
  },
];

/** Flows that leaked out of the WAN were masqueraded; their conntrack entries would outlive the heal (up to 120 s). */
async function forgetLeakedFlows(lab: Lab): Promise<void> {
  await attempt(lab, nodeTarget(lab, 'gwA'), ['conntrack', '-D', '-s', SITE_A.host]);
}

/**
 * specific-route: in the table that carries the tunnel route, so it wins by length there: main for WireGuard,
 * charon's table 220 for strongSwan (rule 220 is consulted before main, so a /25 in main would never be reached).
 */
function specificRouteArgv(lab: Lab, op: 'add' | 'del'): string[] {
  return ['ip', 'route', op, SPECIFIC_HALF, 'via', SITE_A.wanRouter, 'dev', WAN_IF, ...(lab.state.vpn === 'strongswan' ? TABLE_220 : [])];
}

/** Both gateways' healthy rulesets with some switches flipped. */
function firewallsWith(lab: Lab, a: Partial<FirewallSpec>, b: Partial<FirewallSpec>): Promise<void> {
  const t = tunnelIf(lab.state.vpn);
  return applyFirewalls(lab, { gwA: { ...healthyFirewall('gwA', t), ...a }, gwB: { ...healthyFirewall('gwB', t), ...b } });
}

/** The mtu-blackhole fault: the WAN router's link toward site B carries at most 1280 bytes... */
const BLACKHOLE_MTU = 1280;
/** ...and the router's "fragmentation needed" answers never leave it (a PMTUD black hole). */
const ICMP_FILTER = [
  'table inet gatewalk_mtu {',
  '  chain output {',
  '    type filter hook output priority filter; policy accept;',
  '    icmp type destination-unreachable icmp code frag-needed counter drop comment "PMTUD black hole"',
  '  }',
  '}',
  '',
].join('\n');

/** gwA's healthy ruleset with one switch flipped; gwB's stays healthy. */
function gwAFirewallWith(lab: Lab, change: Partial<FirewallSpec>): Promise<void> {
  const t = tunnelIf(lab.state.vpn);
  return applyFirewalls(lab, { gwA: { ...healthyFirewall('gwA', t), ...change }, gwB: healthyFirewall('gwB', t) });
}

async function deleteTunnelRoute(lab: Lab, gw: 'gwA' | 'gwB'): Promise<void> {
  if (lab.state.vpn === 'wireguard') await onHost(lab, gw, tunnelRouteArgv(gw, 'del'));
  else await onHost(lab, gw, ['ip', 'route', 'del', gw === 'gwA' ? SITE_B.lan : SITE_A.lan, ...TABLE_220]);
}

async function restoreTunnelRoute(lab: Lab, gw: 'gwA' | 'gwB'): Promise<void> {
  if (lab.state.vpn === 'wireguard') await onHost(lab, gw, tunnelRouteArgv(gw, 'add'));
  else await recreateChild(lab);
}

async function setAllowedIps(lab: Lab, allowed: string): Promise<void> {
  const peer = lab.state.wgPublic?.gwB;
  if (!peer) throw new GatewalkError('LAB_STATE', `lab ${lab.name}: no WireGuard peer key recorded`);
  await onHost(lab, 'gwA', ['wg', 'set', WG_IF, 'peer', peer, 'allowed-ips', allowed]);
}

export function findFault(name: string): Fault {
  const f = FAULTS.find((x) => x.name === name);
  if (!f) throw new GatewalkError('USAGE', `unknown fault "${name}"; \`gatewalk lab faults\` lists them`, { exitCode: EXIT.usage });
  return f;
}

export async function applyFault(lab: Lab, name: string): Promise<void> {
  const f = findFault(name);
  if (!f.vpns.includes(lab.state.vpn)) {
    throw new GatewalkError('USAGE', `fault ${name} applies to ${f.vpns.join(' and ')} labs; lab ${lab.name} runs ${lab.state.vpn}`, { exitCode: EXIT.usage });
  }
  if (lab.state.fault) {
    throw new GatewalkError('USAGE', `lab ${lab.name} already has fault ${lab.state.fault}; run \`gatewalk lab heal --name ${lab.name}\` first`, { exitCode: EXIT.usage });
  }
  lab.state.fault = name;
  writeState(lab.state);
  await f.apply(lab);
  writeClientFiles(lab);
}

/** Undo the active fault; returns its name, or null when the lab had none. */
export async function healFault(lab: Lab): Promise<string | null> {
  const name = lab.state.fault;
  if (!name) return null;
  await findFault(name).heal(lab);
  lab.state.fault = null;
  writeState(lab.state);
  writeClientFiles(lab);
  return name;
}
