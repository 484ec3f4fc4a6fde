// Why: `swanctl --list-conns` shows what each gateway is configured to negotiate: peers, auth, and the traffic selectors to compare with the other side.

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { durationSeconds, uint, Warnings, nonEmptyLines, openLines } from './common.js';

export interface SwanAuthRound {
  /** "pre-shared key", "public key", "EAP-MSCHAPV2", "unspecified", ... as printed. */
  method: string;
  id: string | null;
  eapId: string | null;
  xauthId: string | null;
  aaaId: string | null;
  groups: string[];
  certPolicy: string[];
  certs: string[];
  cacerts: string[];
}

export interface SwanChildConfig {
  name: string;
  /** TUNNEL, TRANSPORT, BEET, PASS, DROP. */
  mode: string | null;
  /** null when "no rekeying" or not limited by that measure. */
  rekeySeconds: number | null;
  rekeyBytes: number | null;
  rekeyPackets: number | null;
  /** "none", "clear", "trap", "restart"; printed only when the connection has a DPD delay. */
  dpdAction: string | null;
  localTs: string[];
  remoteTs: string[];
  interface: string | null;
  priority: number | null;
}

export interface SwanConnection {
  name: string;
  /** "IKEv1", "IKEv2", or "IKEv1/2" (either). */
  version: string | null;
  reauthSeconds: number | null;
  rekeySeconds: number | null;
  dpdDelaySeconds: number | null;
  /** The "ppk:" line as printed, when there is one. */
  ppk: string | null;
  /** "local_addrs" / "remote_addrs": addresses, ranges, FQDNs or %any. */
  localAddrs: string[];
  remoteAddrs: string[];
  localAuth: SwanAuthRound[];
  remoteAuth: SwanAuthRound[];
  children: SwanChildConfig[];
}

export interface SwanctlConns {
  connections: SwanConnection[];
}

const ERRORS = [
  /^connecting to '.{0,200}' failed: /,
  /^Error: connecting to /,
  /^list-conns request failed: /,
  /^registering for connections failed: /,
  /^swanctl: unrecognized option/,
  /^Usage: swanctl /i,
];

const items = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** "rekeying every 3600s or 5000 bytes or 100 packets" / "no rekeying". */
function readRekey(s: string, c: SwanChildConfig, warn: (m: string, t?: string) => void): void {
  if (s === 'no rekeying') return;
  if (!s.startsWith('rekeying every ')) {
    warn('unread child setting', s);
    return;
  }
  for (const p of s.slice(15).split(' or ')) {
    const t = p.trim();
    if (t.endsWith(' bytes')) c.rekeyBytes = uint(t.slice(0, -6));
    else if (t.endsWith(' packets')) c.rekeyPackets = uint(t.slice(0, -8));
    else c.rekeySeconds = durationSeconds(t);
  }
}

function readHeader(name: string, rest: string, warn: (m: string, t?: string) => void): SwanConnection {
  const parts = rest.split(', ').map((p) => p.trim());
  const conn: SwanConnection = {
    name,
    version: null,
    reauthSeconds: null,
    rekeySeconds: null,
    dpdDelaySeconds: null,
    ppk: null,
    localAddrs: [],
    remoteAddrs: [],
    localAuth: [],
    remoteAuth: [],
    children: [],
  };
  if (parts[0]?.startsWith('IKE')) conn.version = parts.shift() ?? null;
  for (const p of parts) {
    if (p === 'no reauthentication' || p === 'no rekeying') continue;
    if (p.startsWith('reauthentication every ')) conn.reauthSeconds = durationSeconds(p.slice(23));
    else if (p.startsWith('rekeying every ')) conn.rekeySeconds = durationSeconds(p.slice(15));
    else if (p.startsWith('dpd delay ')) conn.dpdDelaySeconds = durationSeconds(p.slice(10));
    else if (p) warn('unread connection setting', p);
  }
  return conn;
}

function readChild(name: string, rest: string, warn: (m: string, t?: string) => void): SwanChildConfig {
  const parts = rest.split(', ').map((p) => p.trim());
  const c: SwanChildConfig = {
    name,
    mode: parts.shift() || null,
    rekeySeconds: null,
    rekeyBytes: null,
    rekeyPackets: null,
    dpdAction: null,
    localTs: [],
    remoteTs: [],
    interface: null,
    priority: null,
  };
  for (const p of parts) {
    if (p.startsWith('dpd action is ')) c.dpdAction = p.slice(14) || null;
    else readRekey(p, c, warn);
  }
  return c;
}

function newAuth(method: string): SwanAuthRound {
  return { method, id: null, eapId: null, xauthId: null, aaaId: null, groups: [], certPolicy: [], certs: [], cacerts: [] };
}

function parse(text: string): Parsed<SwanctlConns> {
  const opened = openLines(text, ERRORS, 'no output (no connections loaded)');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const connections: SwanConnection[] = [];
  let conn: SwanConnection | null = null;
  let auth: SwanAuthRound | null = null;
  let child: SwanChildConfig | null = null;
  for (const { n, line, indent } of nonEmptyLines(ls)) {
    const warn = W.at(n);
    const colon = line.indexOf(': ');
    if (indent === 0) {
      if (colon <= 0 || !line.slice(colon + 2).startsWith('IKE')) {
        warn('unrecognized', line);
        continue;
      }
      conn = readHeader(line.slice(0, colon), line.slice(colon + 2), warn);
      auth = null;
      child = null;
      connections.push(conn);
      continue;
    }
    if (!conn) {
      warn('line before any connection', line);
      continue;
    }
    const key = colon > 0 ? line.slice(0, colon) : line.endsWith(':') ? line.slice(0, -1) : '';
    const value = colon > 0 ? line.slice(colon + 2).trim() : '';
    if (indent >= 4 && (auth || child)) {
      if (auth) {
        switch (key) {
          case 'id': auth.id = value || null; continue;
          case 'eap_id': auth.eapId = value || null; continue;
          case 'xauth_id': auth.xauthId = value || null; continue;
          case 'aaa_id': auth.aaaId = value || null; continue;
          case 'groups': auth.groups = items(value); continue;
          case 'cert policy': auth.certPolicy = items(value); continue;
          // One certificate per line, named by its subject DN, which has spaces: "C=CH, O=strongSwan, CN=moon".
          case 'certs': if (value) auth.certs.push(value); continue;
          case 'cacerts': if (value) auth.cacerts.push(value); continue;
        }
      } else if (child) {
        switch (key) {
          case 'local': child.localTs = value.split(/\s+/).filter(Boolean); continue;
          case 'remote': child.remoteTs = value.split(/\s+/).filter(Boolean); continue;
          case 'interface': child.interface = value || null; continue;
          case 'priority': child.priority = uint(value); continue;
        }
      }
      warn('unrecognized', line);
      continue;
    }
    if (key === 'local' || key === 'remote') {
      (key === 'local' ? conn.localAddrs : conn.remoteAddrs).push(...items(value));
      auth = null;
      child = null;
      continue;
    }
    if (key === 'ppk') {
      conn.ppk = value || null;
      continue;
    }
    const a = /^(local|remote) (.{1,80}) authentication:$/.exec(line);
    if (a) {
      auth = newAuth(a[2]!);
      child = null;
      (a[1] === 'local' ? conn.localAuth : conn.remoteAuth).push(auth);
      continue;
    }
    if (colon > 0 && !/\s/.test(key)) {
      child = readChild(key, value, warn);
      auth = null;
      conn.children.push(child);
      continue;
    }
    warn('unrecognized', line);
  }
  if (!connections.length) return fail('unrecognized', 'no "NAME: IKEvN, ..." line: not `swanctl --list-conns` output');
  return ok({ connections }, W.all);
}

export const swanctlListConns: Parser<SwanctlConns> = {
  id: 'swanctl-list-conns',
  commands: ['swanctl --list-conns', 'swanctl -L'],
  parse,
};
