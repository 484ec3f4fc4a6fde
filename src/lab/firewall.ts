// Why: the gateways' nftables ruleset (the runbook's Task 10 shape), rendered from a few switches so faults can flip one.

import { LAN_IF, WAN_IF, siteOf } from './topology.js';

export interface FirewallSpec {
  gw: 'gwA' | 'gwB';
  tunnelIf: string;
  /** The explicit LAN -> VPN accept rule (the forward-drop fault removes it). */
  lanToTunnel: boolean;
  /** SNAT of tunnel traffic to the WAN address (the nat-on-tunnel fault). */
  snatOnTunnel: boolean;
  /** TCP destination ports dropped LAN -> VPN before the accept rule (the tcp-port-drop faults; 22 in other-port-drop). */
  dropTcpToPeer?: readonly number[];
  /** TCP destination ports dropped VPN -> LAN, on the decrypted packet (tcp-port-drop-b). */
  dropTcpFromPeer?: readonly number[];
  /** The WAN masquerade written in its production form, exempting traffic to the peer's LAN (masquerade-exempt). */
  masqueradeExempt?: boolean;
}

export function healthyFirewall(gw: 'gwA' | 'gwB', tunnelIf: string): FirewallSpec {
  return { gw, tunnelIf, lanToTunnel: true, snatOnTunnel: false };
}

/** A whole ruleset for `nft -f`; it replaces whatever was there. */
export function renderFirewall(f: FirewallSpec): string {
  const { self, peer } = siteOf(f.gw);
  const t = f.tunnelIf;
  const lanToTunnel = f.lanToTunnel
    ? [`    iifname "${LAN_IF}" oifname "${t}" ip saddr ${self.lan} ip daddr ${peer.lan} counter accept comment "lan to vpn"`]
    : [];
  const dropTcp = (f.dropTcpToPeer ?? []).map(
    (port) => `    iifname "${LAN_IF}" oifname "${t}" ip saddr ${self.lan} ip daddr ${peer.lan} tcp dport ${port} counter drop comment "no tcp ${port} to ${peer.lan}"`,
  );
  const dropIn = (f.dropTcpFromPeer ?? []).map(
    (port) => `    iifname "${t}" oifname "${LAN_IF}" ip saddr ${peer.lan} ip daddr ${self.lan} tcp dport ${port} counter drop comment "no tcp ${port} from ${peer.lan}"`,
  );
  const exempt = f.masqueradeExempt ? ` ip daddr != ${peer.lan}` : '';
  const snat = f.snatOnTunnel ? [`    oifname "${t}" counter snat ip to ${self.gwWan} comment "snat on tunnel"`] : [];
  return [
    'flush ruleset',
    'table inet filter {',
    '  chain forward {',
    '    type filter hook forward priority filter; policy drop;',
    '    ct state established,related counter accept',
    ...dropTcp,
    ...lanToTunnel,
    ...dropIn,
    `    iifname "${t}" oifname "${LAN_IF}" ip saddr ${peer.lan} ip daddr ${self.lan} counter accept comment "vpn to lan"`,
    `    iifname "${LAN_IF}" oifname "${WAN_IF}" ip saddr ${self.lan} counter accept comment "lan to internet"`,
    '    counter comment "reaches policy drop"',
    '  }',
    '}',
    'table ip nat {',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...snat,
    `    oifname "${WAN_IF}" ip saddr ${self.lan}${exempt} counter masquerade comment "lan to internet"`,
    '  }',
    '}',
    '',
  ].join('\n');
}
