// Why: `wg show [IF]` tells whether a WireGuard peer handshakes, which AllowedIPs it encrypts for, and whether bytes move.

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { REDACTED, durationSecondsWg, isWgKey, splitEndpoint, uint, wgBytes, Warnings, WG_ERRORS, nonEmptyLines, openLines } from './common.js';

export interface WgShowPeer {
  publicKey: string;
  /** Never the key: "(redacted)" when the peer has one, else null. */
  presharedKey: typeof REDACTED | null;
  hasPresharedKey: boolean;
  /** As printed, "198.51.100.20:51820"; null when the peer has none (it has not reached us yet). */
  endpoint: string | null;
  endpointAddress: string | null;
  endpointPort: number | null;
  /** CIDR prefixes; empty for "(none)". */
  allowedIps: string[];
  /** Seconds since the last handshake ("Now" is 0); null when the peer never completed one. */
  latestHandshakeSecondsAgo: number | null;
  /**
   * The "latest handshake" text when its age is implausible (over 10 years: another implementation's zero or
   * relative clock, e.g. boringtun's "55 years ... ago"); `latestHandshakeSecondsAgo` is then null, never a recent handshake.
   */
  latestHandshakeImplausible?: string;
  /** Transfer counters in bytes (wg rounds KiB/MiB/GiB to two decimals); null when the line is absent. */
  rxBytes: number | null;
  txBytes: number | null;
  /** Persistent keepalive interval in seconds; null when off. */
  persistentKeepaliveSeconds: number | null;
}

export interface WgShowInterface {
  name: string;
  publicKey: string | null;
  /** Never the key: "(redacted)" when the interface has one ("(hidden)" on screen), else null. */
  privateKey: typeof REDACTED | null;
  listeningPort: number | null;
  /** As printed ("0x1234"); null when not set. */
  fwmark: string | null;
  peers: WgShowPeer[];
}

export interface WgShow {
  interfaces: WgShowInterface[];
}

const ERRORS = WG_ERRORS;

function newPeer(publicKey: string): WgShowPeer {
  return {
    publicKey,
    presharedKey: null,
    hasPresharedKey: false,
    endpoint: null,
    endpointAddress: null,
    endpointPort: null,
    allowedIps: [],
    latestHandshakeSecondsAgo: null,
    rxBytes: null,
    txBytes: null,
    persistentKeepaliveSeconds: null,
  };
}

/** Older than this, a handshake age is a clock artefact, not a handshake (WireGuard rekeys every 2 minutes). */
export const IMPLAUSIBLE_HANDSHAKE_AGE_SECONDS = 10 * 365 * 86400;

/** "18 seconds ago", "1 minute, 5 seconds ago", "Now"; null when unreadable. */
function handshakeAgo(v: string): number | null {
  if (v === 'Now') return 0;
  if (!v.endsWith(' ago')) return null;
  return durationSecondsWg(v.slice(0, -4));
}

function parse(text: string): Parsed<WgShow> {
  const opened = openLines(text, ERRORS, 'no output');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const interfaces: WgShowInterface[] = [];
  let iface: WgShowInterface | null = null;
  let peer: WgShowPeer | null = null;
  let unread = 0;
  for (const { n, raw, line } of nonEmptyLines(ls)) {
    const c = line.indexOf(': ');
    const key = c > 0 ? line.slice(0, c) : line.endsWith(':') ? line.slice(0, -1) : '';
    const value = c > 0 ? line.slice(c + 2).trim() : '';
    if (key === 'interface' && raw.startsWith('interface:')) {
      iface = { name: value, publicKey: null, privateKey: null, listeningPort: null, fwmark: null, peers: [] };
      interfaces.push(iface);
      peer = null;
      continue;
    }
    if (key === 'peer' && raw.startsWith('peer:')) {
      if (!iface) {
        // A pasted fragment: a peer block without the interface header above it.
        iface = { name: '', publicKey: null, privateKey: null, listeningPort: null, fwmark: null, peers: [] };
        interfaces.push(iface);
        W.add(n, 'peer before any interface line');
      }
      if (!isWgKey(value)) W.add(n, 'peer key does not look like a WireGuard key', value);
      peer = newPeer(value);
      iface.peers.push(peer);
      continue;
    }
    const cur: WgShowInterface | null = iface;
    const p: WgShowPeer | null = peer;
    if (!cur) {
      unread++;
      W.add(n, 'unrecognized', line);
      continue;
    }
    if (!p) {
      switch (key) {
        case 'public key':
          cur.publicKey = value || null;
          continue;
        case 'private key':
          cur.privateKey = value && value !== '(none)' ? REDACTED : null;
          continue;
        case 'listening port':
          cur.listeningPort = uint(value);
          continue;
        case 'fwmark':
          cur.fwmark = value || null;
          continue;
      }
    } else {
      switch (key) {
        case 'preshared key':
          p.hasPresharedKey = value !== '' && value !== '(none)';
          p.presharedKey = p.hasPresharedKey ? REDACTED : null;
          continue;
        case 'endpoint': {
          p.endpoint = value || null;
          if (value) {
            const ep = splitEndpoint(value);
            p.endpointAddress = ep.address;
            p.endpointPort = ep.port;
          }
          continue;
        }
        case 'allowed ips':
          p.allowedIps = value === '(none)' ? [] : value.split(',').map((s) => s.trim()).filter(Boolean);
          continue;
        case 'latest handshake':
          p.latestHandshakeSecondsAgo = handshakeAgo(value);
          if (p.latestHandshakeSecondsAgo === null) W.add(n, 'unreadable handshake time', value);
          else if (p.latestHandshakeSecondsAgo > IMPLAUSIBLE_HANDSHAKE_AGE_SECONDS) {
            W.add(n, 'implausible handshake age (over 10 years: a zero or foreign clock), not read as a handshake', value);
            p.latestHandshakeSecondsAgo = null;
            p.latestHandshakeImplausible = value;
          }
          continue;
        case 'transfer': {
          const m = /^(.{1,40}) received, (.{1,40}) sent$/.exec(value);
          p.rxBytes = m ? wgBytes(m[1]!) : null;
          p.txBytes = m ? wgBytes(m[2]!) : null;
          if (p.rxBytes === null || p.txBytes === null) W.add(n, 'unreadable transfer', value);
          continue;
        }
        case 'persistent keepalive': {
          const s = value.startsWith('every ') ? durationSecondsWg(value.slice(6)) : null;
          p.persistentKeepaliveSeconds = s;
          if (s === null && value !== 'off') W.add(n, 'unreadable keepalive', value);
          continue;
        }
      }
    }
    unread++;
    W.add(n, 'unrecognized', line);
  }
  if (!interfaces.length) return fail('unrecognized', 'no "interface:" or "peer:" line: not `wg show` output');
  // Other tools print "interface: X" too (Cisco `show crypto ipsec sa`): with no WireGuard field under any header and
  // lines this parser cannot read, it is not `wg show`. A header alone (an interface without a key) still is.
  const wgLike = interfaces.some((i) => i.publicKey !== null || i.privateKey !== null || i.listeningPort !== null || i.fwmark !== null || i.peers.length > 0);
  if (!wgLike && unread > 0) return fail('unrecognized', 'no WireGuard field under any "interface:" line: not `wg show` output');
  return ok({ interfaces }, W.all);
}

export const wgShow: Parser<WgShow> = {
  id: 'wg-show',
  commands: ['wg show', 'wg show IF'],
  parse,
};
