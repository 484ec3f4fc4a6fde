// Why: finding the one WireGuard peer or strongSwan SA/connection of the incident on a gateway, and quoting its lines.

import type { Evidence, ProbeResult } from '../../engine/analyze.js';
import type { WgDump, WgDumpPeer } from '../../parsers/vpn/wg-dump.js';
import type { IkeSa, SwanctlSas, ChildSa } from '../../parsers/vpn/swanctl-list-sas.js';
import type { SwanConnection, SwanctlConns, SwanChildConfig } from '../../parsers/vpn/swanctl-list-conns.js';
import { anyCovers, findLine } from '../common.js';
import { siteOf, otherGw, type Gw } from './common.js';

// ---------------------------------------------------------------- WireGuard

/**
 * The peer that carries the incident's traffic on a gateway: the incident's key when given, else the peer whose
 * AllowedIPs cover the remote LAN, else the one whose endpoint is the other gateway's WAN address, else the only peer.
 */
export function wgPeer(ev: Evidence, gw: Gw, dump: WgDump): WgDumpPeer | null {
  const peers = dump.interfaces.flatMap((i) => i.peers);
  const key = siteOf(ev, gw).tunnel.peer;
  const byKey = key ? peers.find((p) => p.publicKey === key) : undefined;
  if (byKey) return byKey;
  // A key in the incident that the gateway does not have may be a typo: fall back to what the peers say.
  const remoteLans = siteOf(ev, otherGw(gw)).lan;
  const byAllowed = peers.find((p) => remoteLans.some((l) => anyCovers(p.allowedIps, l)));
  if (byAllowed) return byAllowed;
  const wan = siteOf(ev, otherGw(gw)).gateway.wan_address;
  const byEndpoint = wan ? peers.find((p) => p.endpointAddress === wan) : undefined;
  if (byEndpoint) return byEndpoint;
  return peers.length === 1 ? peers[0]! : null;
}

/**
 * A `wg show IF dump` line for quoting, with the secret columns masked again (the collector redacts them already;
 * this is belt and braces): the interface line's private key, a peer line's preshared key.
 */
export function wgSafe(l: string): string {
  const f = l.split('\t');
  const secret = (i: number) => {
    if (f[i] !== undefined && f[i] !== '(none)') f[i] = '(redacted)';
  };
  if (f.length === 4) secret(0);
  else if (f.length === 5) secret(1);
  else if (f.length === 8) secret(1);
  else if (f.length === 9) secret(2);
  return f.join('\t');
}

/** The peer's line of `wg show IF dump`, as printed (secrets masked). */
export function wgPeerLine(p: ProbeResult, peer: WgDumpPeer): string {
  const l = findLine(p, (x) => x.startsWith(peer.publicKey) || x.split('\t')[1] === peer.publicKey);
  return l ? wgSafe(l) : `peer ${peer.publicKey} allowed-ips ${peer.allowedIps.join(',') || '(none)'}`;
}

// ---------------------------------------------------------------- strongSwan

export function ikeSaOf(ev: Evidence, gw: Gw, sas: SwanctlSas): IkeSa[] {
  const name = siteOf(ev, gw).tunnel.ike;
  return name ? sas.ikeSas.filter((s) => s.name === name) : sas.ikeSas;
}

export function childrenOf(ev: Evidence, gw: Gw, ike: IkeSa): ChildSa[] {
  const name = siteOf(ev, gw).tunnel.child;
  return name ? ike.children.filter((c) => c.name === name) : ike.children;
}

export function connOf(ev: Evidence, gw: Gw, conns: SwanctlConns): SwanConnection[] {
  const name = siteOf(ev, gw).tunnel.ike;
  return name ? conns.connections.filter((c) => c.name === name) : conns.connections;
}

export function childConfigsOf(ev: Evidence, gw: Gw, conn: SwanConnection): SwanChildConfig[] {
  const name = siteOf(ev, gw).tunnel.child;
  return name ? conn.children.filter((c) => c.name === name) : conn.children;
}

/**
 * Lines of a swanctl listing that belong to a block starting at the line `NAME: ...` (indented), up to the next line
 * at the same or lower indent: for quoting a child's "local"/"remote" selector lines.
 */
export function blockLines(p: ProbeResult, name: string): string[] {
  const ls = p.stdout.replace(/\r/g, '').split('\n');
  const start = ls.findIndex((l) => l.trim().startsWith(`${name}: `) || l.trim() === `${name}:`);
  if (start < 0) return [];
  const indent = (s: string) => s.length - s.trimStart().length;
  const base = indent(ls[start]!);
  const out: string[] = [];
  for (let i = start + 1; i < ls.length; i++) {
    const l = ls[i]!;
    if (!l.trim()) continue;
    if (indent(l) <= base) break;
    out.push(l.trim());
  }
  return out;
}

/** The "local ..." and "remote ..." selector lines under a child (in --list-sas or --list-conns output). */
export function selectorLines(p: ProbeResult, child: string): string[] {
  return blockLines(p, child).filter((l) => /^(local|remote):?\s/.test(l));
}
