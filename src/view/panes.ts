// Why: which live panes the screen has and what each shows (host, command, interface), from the incident alone.

import type { Incident } from '../incident/schema.js';
import { streamProbes } from '../probes/catalog.js';

export type PaneKind = 'tcpdump' | 'counters' | 'conntrack';

export interface PaneSpec {
  id: string;
  kind: PaneKind;
  role: 'gwA' | 'gwB';
  /** The host as the incident names it (ssh host, namespace, or "local"). */
  host: string;
  /** The command the pane shows, as one line. */
  command: string;
  /** The stream the pane reads (tcpdump and conntrack); counters read samples. */
  streamId: string | null;
  /** tcpdump panes show one interface of the gateway's `-i any` capture. */
  iface: string | null;
  title: string;
}

export function hostName(inc: Incident, side: 'a' | 'b'): string {
  const t = inc.sites[side].gateway.target;
  return 'ssh' in t ? t.ssh : 'netns' in t ? `netns ${t.netns}` : 'none' in t ? 'no login' : 'local';
}

/** gwA LAN, gwA tunnel, gwB tunnel, gwB LAN (the packet's path), then counters and conntrack on both sides. */
export function paneSpecs(inc: Incident): PaneSpec[] {
  const streams = streamProbes(inc);
  const cmd = (id: string) => streams.find((s) => s.id === id)?.argv.join(' ') ?? id;
  const side = (role: 'gwA' | 'gwB') => (role === 'gwA' ? 'a' : 'b');
  const tun = (role: 'gwA' | 'gwB') => inc.sites[side(role)].tunnel.interface ?? 'tunnel';
  const lan = (role: 'gwA' | 'gwB') => inc.sites[side(role)].gateway.lan_interface;
  const tcpdump = (role: 'gwA' | 'gwB', iface: string, what: string): PaneSpec => ({
    id: `${role}.tcpdump.${iface}`,
    kind: 'tcpdump',
    role,
    host: hostName(inc, side(role)),
    command: cmd(`${role}.tcpdump`),
    streamId: `${role}.tcpdump`,
    iface,
    title: `${role} ${what} ${iface}`,
  });
  const counters = (role: 'gwA' | 'gwB'): PaneSpec => {
    const vpn = inc.sites[side(role)].tunnel.type === 'strongswan' ? 'swanctl --list-sas' : inc.sites[side(role)].tunnel.type === 'wireguard' ? `wg show ${tun(role)} dump` : '';
    return { id: `${role}.counters`, kind: 'counters', role, host: hostName(inc, side(role)), command: `ip -s -j link show dev ${tun(role)}${vpn ? `; ${vpn}` : ''} (every 500 ms)`, streamId: null, iface: tun(role), title: `${role} counters ${tun(role)}` };
  };
  const conntrack = (role: 'gwA' | 'gwB'): PaneSpec => ({ id: `${role}.conntrack`, kind: 'conntrack', role, host: hostName(inc, side(role)), command: cmd(`${role}.conntrack-events`), streamId: `${role}.conntrack-events`, iface: null, title: `${role} conntrack` });
  return [
    tcpdump('gwA', lan('gwA'), 'LAN'),
    tcpdump('gwA', tun('gwA'), 'tunnel'),
    tcpdump('gwB', tun('gwB'), 'tunnel'),
    tcpdump('gwB', lan('gwB'), 'LAN'),
    counters('gwA'),
    counters('gwB'),
    conntrack('gwA'),
    conntrack('gwB'),
  ];
}
