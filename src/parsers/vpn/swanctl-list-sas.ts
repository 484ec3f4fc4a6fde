// Why: `swanctl --list-sas` says whether IKE is up, whether a child SA is installed, with which selectors, and whether bytes move.

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { durationSeconds, uint, Warnings, nonEmptyLines, openLines } from './common.js';

export interface IkeEndpoint {
  /** The IKE identity between the quotes. */
  id: string | null;
  /** The address after "@" as printed (normally an IP address). */
  address: string | null;
  port: number | null;
  /** Virtual IPs in brackets after the address. */
  vips: string[];
  /** Remote side only: " EAP: '...'" and " XAuth: '...'" identities. */
  eapId?: string;
  xauthId?: string;
}

export interface ChildSaDirection {
  spi: string | null;
  /** IPComp CPI after "/", when compression is on. */
  cpi: string | null;
  /** "(0x2a/0xffffffff)" after the SPI: the XFRM mark, as printed without parentheses. */
  mark: string | null;
  bytes: number | null;
  packets: number | null;
  /** Seconds since the last packet; null when none was seen (or not printed). */
  lastPacketSecondsAgo: number | null;
}

export interface ChildSa {
  name: string;
  /** "#N" in 5.3+ (with "reqid N" after it); older swanctl printed only "#reqid", and then this is null. */
  uniqueId: number | null;
  reqid: number | null;
  /** INSTALLED, REKEYED, DELETING, ... */
  state: string | null;
  /** TUNNEL, TRANSPORT, BEET (without the "-in-UDP" suffix). */
  mode: string | null;
  /** "-in-UDP": ESP encapsulated in UDP (NAT-T or forced encap). */
  udpEncap: boolean;
  /** ESP or AH. */
  protocol: string | null;
  /** Algorithms after "ESP:", e.g. "AES_GCM_16-256" or "AES_CBC-256/HMAC_SHA2_256_128/ESN". */
  proposal: string | null;
  installedSecondsAgo: number | null;
  rekeySeconds: number | null;
  expireSeconds: number | null;
  in: ChildSaDirection;
  out: ChildSaDirection;
  /** Traffic selectors as printed: prefixes ("10.20.0.0/24"), sometimes with [proto/port]. */
  localTs: string[];
  remoteTs: string[];
}

export interface IkeSa {
  name: string;
  uniqueId: number | null;
  /** ESTABLISHED, CONNECTING, REKEYING, DELETING, ... */
  state: string | null;
  /** 1 or 2. */
  version: number | null;
  initiatorSpi: string | null;
  responderSpi: string | null;
  /** True when this gateway initiated the IKE SA (the "*" follows the initiator SPI); null if not shown. */
  localIsInitiator: boolean | null;
  local: IkeEndpoint;
  remote: IkeEndpoint;
  /** "AES_GCM_16-256/PRF_HMAC_SHA2_256/ECP_256". */
  proposal: string | null;
  establishedSecondsAgo: number | null;
  rekeySeconds: number | null;
  reauthSeconds: number | null;
  expireSeconds: number | null;
  tasksQueued: string[];
  tasksActive: string[];
  tasksPassive: string[];
  children: ChildSa[];
}

export interface SwanctlSas {
  ikeSas: IkeSa[];
}

const ERRORS = [
  /^connecting to '.{0,200}' failed: /,
  /^Error: connecting to /,
  /^list-sas request failed: /,
  /^registering for SAs failed: /,
  /^swanctl: unrecognized option/,
  /^Usage: swanctl /i,
];

const endpoint = (): IkeEndpoint => ({ id: null, address: null, port: null, vips: [] });
const direction = (): ChildSaDirection => ({ spi: null, cpi: null, mark: null, bytes: null, packets: null, lastPacketSecondsAgo: null });

/** "'siteA' @ 203.0.113.10[4500] [10.9.0.1]" (after "local"/"remote"). */
function readEndpoint(s: string, warn: (m: string, t?: string) => void): IkeEndpoint {
  const e = endpoint();
  const open = s.indexOf("'");
  const at = s.lastIndexOf("' @ ");
  if (open < 0 || at <= open) {
    warn('unreadable IKE endpoint', s);
    return e;
  }
  e.id = s.slice(open + 1, at);
  let rest = s.slice(at + 4).trim();
  // Extras after the host: EAP/XAuth identities, then virtual IPs in brackets.
  const extra = (label: string): string | undefined => {
    const k = rest.indexOf(` ${label}: '`);
    if (k < 0) return undefined;
    const end = rest.indexOf("'", k + label.length + 4);
    if (end < 0) return undefined;
    const v = rest.slice(k + label.length + 4, end);
    rest = rest.slice(0, k) + rest.slice(end + 1);
    return v;
  };
  const eap = extra('EAP');
  const xauth = extra('XAuth');
  if (eap !== undefined) e.eapId = eap;
  if (xauth !== undefined) e.xauthId = xauth;
  const sp = rest.indexOf(' ');
  const host = sp < 0 ? rest : rest.slice(0, sp);
  const tail = sp < 0 ? '' : rest.slice(sp + 1).trim();
  const hp = /^(.{1,255})\[(\d{1,5})\]$/.exec(host);
  e.address = hp ? hp[1]! : host || null;
  e.port = hp ? Number(hp[2]) : null;
  if (tail.startsWith('[') && tail.endsWith(']')) e.vips = tail.slice(1, -1).split(/\s+/).filter(Boolean);
  else if (tail) warn('unread text after the IKE endpoint', tail);
  return e;
}

/** "9f6d356ca347adde_i* d2ad30ee61db5a4e_r" (5.3+) or "9f6d356ca347adde:d2ad30ee61db5a4e" (older). */
function readSpis(s: string, sa: IkeSa): void {
  const t = s.trim();
  const m = /^([0-9a-fA-F]{1,32})_i(\*?) ([0-9a-fA-F]{1,32})_r(\*?)$/.exec(t);
  if (m) {
    sa.initiatorSpi = m[1]!;
    sa.responderSpi = m[3]!;
    sa.localIsInitiator = m[2] === '*' ? true : m[4] === '*' ? false : null;
    return;
  }
  const o = /^([0-9a-fA-F]{1,32}):([0-9a-fA-F]{1,32})$/.exec(t);
  if (o) {
    sa.initiatorSpi = o[1]!;
    sa.responderSpi = o[2]!;
  }
}

interface Timers {
  rekey?: number | null;
  reauth?: number | null;
  expire?: number | null;
}

/** "rekeying in 53m", "reauth in 1h 2m", "expires in 3960s". */
function timers(parts: string[], warn: (m: string, t?: string) => void): Timers {
  const out: Timers = {};
  for (const p of parts) {
    const t = p.trim();
    if (t.startsWith('rekeying in ')) out.rekey = durationSeconds(t.slice(12));
    else if (t.startsWith('reauth in ')) out.reauth = durationSeconds(t.slice(10));
    else if (t.startsWith('expires in ')) out.expire = durationSeconds(t.slice(11));
    else if (t) warn('unread timer', t);
  }
  return out;
}

/** "in  d5b50c8b,     84 bytes,     1 packets,     0s ago" (after "in"/"out"). */
function readDirection(s: string, d: ChildSaDirection, warn: (m: string, t?: string) => void): void {
  const parts = s.split(',');
  const head = (parts[0] ?? '').trim();
  const sp = head.indexOf(' ');
  const spiCpi = sp < 0 ? head : head.slice(0, sp);
  const markPart = sp < 0 ? '' : head.slice(sp + 1).trim();
  const slash = spiCpi.indexOf('/');
  d.spi = (slash < 0 ? spiCpi : spiCpi.slice(0, slash)) || null;
  d.cpi = slash < 0 ? null : spiCpi.slice(slash + 1) || null;
  if (markPart.startsWith('(') && markPart.endsWith(')')) d.mark = markPart.slice(1, -1);
  for (const p of parts.slice(1)) {
    const t = p.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,18}) bytes$/.exec(t))) d.bytes = uint(m[1]);
    else if ((m = /^(\d{1,18}) packets$/.exec(t))) d.packets = uint(m[1]);
    else if (t.endsWith(' ago')) d.lastPacketSecondsAgo = durationSeconds(t.slice(0, -4));
    else if (t) warn('unread SA counter', t);
  }
}

function newIke(name: string): IkeSa {
  return {
    name,
    uniqueId: null,
    state: null,
    version: null,
    initiatorSpi: null,
    responderSpi: null,
    localIsInitiator: null,
    local: endpoint(),
    remote: endpoint(),
    proposal: null,
    establishedSecondsAgo: null,
    rekeySeconds: null,
    reauthSeconds: null,
    expireSeconds: null,
    tasksQueued: [],
    tasksActive: [],
    tasksPassive: [],
    children: [],
  };
}

/** "siteA-siteB-child: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256" (or the older "#reqid, STATE, ..."). */
function readChildHeader(name: string, rest: string): ChildSa {
  const parts = rest.split(', ').map((p) => p.trim());
  const c: ChildSa = {
    name,
    uniqueId: null,
    reqid: null,
    state: null,
    mode: null,
    udpEncap: false,
    protocol: null,
    proposal: null,
    installedSecondsAgo: null,
    rekeySeconds: null,
    expireSeconds: null,
    in: direction(),
    out: direction(),
    localTs: [],
    remoteTs: [],
  };
  const first = uint(parts.shift());
  const reqidPart = parts[0]?.startsWith('reqid ') ? parts.shift() : undefined;
  if (reqidPart !== undefined) {
    c.uniqueId = first;
    c.reqid = uint(reqidPart.slice(6));
  } else {
    c.reqid = first;
  }
  c.state = parts.shift() || null;
  const mode = parts.shift() ?? '';
  c.udpEncap = mode.endsWith('-in-UDP');
  c.mode = (c.udpEncap ? mode.slice(0, -7) : mode) || null;
  const proto = parts.join(', ');
  const colon = proto.indexOf(':');
  c.protocol = (colon < 0 ? proto : proto.slice(0, colon)) || null;
  c.proposal = colon < 0 ? null : proto.slice(colon + 1) || null;
  return c;
}

function parse(text: string): Parsed<SwanctlSas> {
  const opened = openLines(text, ERRORS, 'no output (no IKE SAs)');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const ikeSas: IkeSa[] = [];
  let ike: IkeSa | null = null;
  let child: ChildSa | null = null;
  for (const { n, line, indent } of nonEmptyLines(ls)) {
    const warn = W.at(n);
    const hash = line.indexOf(': #');
    if (indent === 0) {
      if (hash <= 0) {
        warn('unrecognized', line);
        continue;
      }
      ike = newIke(line.slice(0, hash));
      child = null;
      ikeSas.push(ike);
      const parts = line.slice(hash + 3).split(', ');
      ike.uniqueId = uint(parts[0]);
      ike.state = parts[1]?.trim() || null;
      const v = /^IKEv(\d)$/.exec(parts[2]?.trim() ?? '');
      ike.version = v ? Number(v[1]) : null;
      readSpis(parts.slice(3).join(', '), ike);
      continue;
    }
    if (!ike) {
      warn('line before any IKE SA', line);
      continue;
    }
    if (indent >= 4 && child) {
      if (line.startsWith('installed ')) {
        const parts = line.split(',');
        const inst = /^installed (.{1,40}) ago$/.exec((parts[0] ?? '').trim());
        child.installedSecondsAgo = inst ? durationSeconds(inst[1]!) : null;
        const tm = timers(parts.slice(1), warn);
        child.rekeySeconds = tm.rekey ?? null;
        child.expireSeconds = tm.expire ?? null;
      } else if (line.startsWith('in ')) readDirection(line.slice(3), child.in, warn);
      else if (line.startsWith('out ')) readDirection(line.slice(4), child.out, warn);
      else if (line.startsWith('local ')) child.localTs = line.slice(6).trim().split(/\s+/).filter(Boolean);
      else if (line.startsWith('remote ')) child.remoteTs = line.slice(7).trim().split(/\s+/).filter(Boolean);
      else if (line.startsWith('bytes_i ')) {
        // The runbook's older layout: "bytes_i 18240, bytes_o 16512, rekeying in 49m".
        const c = child;
        const rest: string[] = [];
        for (const p of line.split(',')) {
          const t = p.trim();
          if (t.startsWith('bytes_i ')) c.in.bytes = uint(t.slice(8).trim().split(' ')[0]);
          else if (t.startsWith('bytes_o ')) c.out.bytes = uint(t.slice(8).trim().split(' ')[0]);
          else rest.push(t);
        }
        const tm = timers(rest, warn);
        c.rekeySeconds = tm.rekey ?? null;
        c.expireSeconds = tm.expire ?? null;
      } else warn('unrecognized child SA line', line);
      continue;
    }
    if (line.startsWith('local ') && line.includes("'")) ike.local = readEndpoint(line.slice(6), warn);
    else if (line.startsWith('remote ') && line.includes("'")) ike.remote = readEndpoint(line.slice(7), warn);
    else if (line.startsWith('established ')) {
      const parts = line.split(',');
      const est = /^established (.{1,40}) ago$/.exec((parts[0] ?? '').trim());
      ike.establishedSecondsAgo = est ? durationSeconds(est[1]!) : null;
      const tm = timers(parts.slice(1), warn);
      ike.rekeySeconds = tm.rekey ?? null;
      ike.reauthSeconds = tm.reauth ?? null;
      ike.expireSeconds = tm.expire ?? null;
    } else if (line.startsWith('queued:')) ike.tasksQueued = line.slice(7).trim().split(/\s+/).filter(Boolean);
    else if (line.startsWith('active:')) ike.tasksActive = line.slice(7).trim().split(/\s+/).filter(Boolean);
    else if (line.startsWith('passive:')) ike.tasksPassive = line.slice(8).trim().split(/\s+/).filter(Boolean);
    else if (hash > 0) {
      child = readChildHeader(line.slice(0, hash), line.slice(hash + 3));
      ike.children.push(child);
    } else if (!/\s/.test(line) && /^[A-Z0-9_]/.test(line)) ike.proposal = line;
    else warn('unrecognized', line);
  }
  if (!ikeSas.length) return fail('unrecognized', 'no "NAME: #N, STATE, IKEvN" line: not `swanctl --list-sas` output');
  return ok({ ikeSas }, W.all);
}

export const swanctlListSas: Parser<SwanctlSas> = {
  id: 'swanctl-list-sas',
  commands: ['swanctl --list-sas', 'swanctl -l'],
  parse,
};
