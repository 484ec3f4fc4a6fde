// Why: `wg show IF dump` / `wg show all dump` give WireGuard state exactly (epochs, byte counts), but print private keys.

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { REDACTED, isWgKey, splitEndpoint, uint, Warnings, WG_ERRORS, nonEmptyLines, openLines } from './common.js';

export interface WgDumpPeer {
  publicKey: string;
  /** Never the key: "(redacted)" when the peer has one, else null. */
  presharedKey: typeof REDACTED | null;
  hasPresharedKey: boolean;
  /** "198.51.100.20:51820"; null for "(none)". */
  endpoint: string | null;
  endpointAddress: string | null;
  endpointPort: number | null;
  /** CIDR prefixes; empty for "(none)". */
  allowedIps: string[];
  /** Unix time (seconds) of the last handshake; null when 0 (never) or implausible (see below). */
  latestHandshake: number | null;
  /**
   * The raw column when it is no plausible epoch (after 0, before 1980: another implementation's relative or zero
   * clock, e.g. boringtun); never read as a handshake time.
   */
  latestHandshakeImplausible?: number;
  rxBytes: number | null;
  txBytes: number | null;
  /** Seconds; null for "off". */
  persistentKeepaliveSeconds: number | null;
}

export interface WgDumpInterface {
  /** The interface name from `wg show all dump`; null for `wg show IF dump`, which does not print it. */
  name: string | null;
  /** Never the key: "(redacted)" when the interface has one, else null. */
  privateKey: typeof REDACTED | null;
  publicKey: string | null;
  listenPort: number | null;
  /** As printed ("0x1234"); null for "off". */
  fwmark: string | null;
  peers: WgDumpPeer[];
}

export interface WgDump {
  interfaces: WgDumpInterface[];
}

const ERRORS = WG_ERRORS;

/** What the recorder or an operator puts in a key column instead of the key: "(none)", "(redacted)", "REDACTED", "(hidden)", "<redacted>". */
const PLACEHOLDER = /^[(<[]?(?:none|redacted|hidden)[)>\]]?$/i;

/** A key column: a real key or a placeholder. */
function keyColumn(s: string): boolean {
  return isWgKey(s) || PLACEHOLDER.test(s);
}

/** Before 1980-01-01 no WireGuard handshake happened: such a "timestamp" is a relative or zero clock. */
const PLAUSIBLE_EPOCH = 315532800;

const present = (s: string) => s !== '(none)' && s !== '';
/** A private-key column holds a key (or a placeholder for one) unless it says "(none)". */
const hasKey = (s: string) => present(s) && !/^[(<[]?none[)>\]]?$/i.test(s);

function parse(text: string): Parsed<WgDump> {
  const opened = openLines(text, ERRORS, 'no output');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const interfaces: WgDumpInterface[] = [];
  let current: WgDumpInterface | null = null;
  for (const { n, raw: line } of nonEmptyLines(ls)) {
    const f = line.split('\t');
    // Field counts tell the line apart: 4 interface, 8 peer; one more each with the name column of `all dump`.
    const named = f.length === 5 || f.length === 9;
    const name = named ? (f[0] ?? '') : null;
    const c = named ? f.slice(1) : f;
    if (c.length === 4 && keyColumn(c[0]!) && keyColumn(c[1]!)) {
      current = {
        name,
        privateKey: hasKey(c[0]!) ? REDACTED : null,
        publicKey: isWgKey(c[1]!) ? c[1]! : null,
        listenPort: uint(c[2]),
        fwmark: c[3] === 'off' || !c[3] ? null : c[3],
        peers: [],
      };
      interfaces.push(current);
      continue;
    }
    if (c.length === 8 && isWgKey(c[0]!) && keyColumn(c[1]!)) {
      if (!current || (name !== null && current.name !== name)) {
        current = interfaces.find((x) => x.name === name) ?? null;
        if (!current) {
          W.add(n, 'peer line before its interface line');
          current = { name, privateKey: null, publicKey: null, listenPort: null, fwmark: null, peers: [] };
          interfaces.push(current);
        }
      }
      const endpoint = present(c[2]!) ? c[2]! : null;
      const ep = endpoint ? splitEndpoint(endpoint) : null;
      const hs = uint(c[4]);
      const ka = c[7] === 'off' ? null : uint(c[7]);
      if (c[7] !== 'off' && ka === null) W.add(n, 'unreadable keepalive', c[7] ?? '');
      const rx = uint(c[5]);
      const tx = uint(c[6]);
      if (rx === null || tx === null || hs === null) W.add(n, 'unreadable number in a peer line');
      const implausible = hs !== null && hs > 0 && hs < PLAUSIBLE_EPOCH;
      if (implausible) W.add(n, `implausible handshake time ${hs} (before 1980: a relative or zero clock), not read as a handshake`);
      current.peers.push({
        publicKey: c[0]!,
        presharedKey: present(c[1]!) ? REDACTED : null,
        hasPresharedKey: present(c[1]!),
        endpoint,
        endpointAddress: ep ? ep.address : null,
        endpointPort: ep ? ep.port : null,
        allowedIps: present(c[3]!) ? c[3]!.split(',').map((s) => s.trim()).filter(Boolean) : [],
        latestHandshake: hs === 0 || implausible ? null : hs,
        ...(implausible ? { latestHandshakeImplausible: hs } : {}),
        rxBytes: rx,
        txBytes: tx,
        persistentKeepaliveSeconds: ka === 0 ? null : ka,
      });
      continue;
    }
    W.add(n, `unrecognized (${f.length} fields)`, line);
  }
  if (!interfaces.length) return fail('unrecognized', 'no interface or peer line: not `wg show ... dump` output');
  return ok({ interfaces }, W.all);
}

export const wgDump: Parser<WgDump> = {
  id: 'wg-dump',
  commands: ['wg show IF dump', 'wg show all dump'],
  parse,
};
