// Why: `ipsec statusall` / `ipsec status` (strongSwan's stroke interface, still the default on many boxes) says
// which connections are loaded, whether IKE is up, whether a CHILD_SA is installed, with which selectors, and
// whether bytes move; the same facts swanctl --list-sas gives, in the older layout people paste.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { Warnings, openLines } from './common.js';

export interface StrokeAuth {
  /** The identity in brackets, or null when none is printed ("remote: uses public key authentication"). */
  id: string | null;
  /** "pre-shared key", "public key", "EAP", "XAuth"... (the words before " authentication"). */
  method: string | null;
}

export interface StrokeChildConfig {
  name: string;
  localTs: string[];
  remoteTs: string[];
  /** TUNNEL, TRANSPORT, BEET, PASS, DROP. */
  mode: string | null;
}

export interface StrokeConnection {
  name: string;
  /** Local and remote addresses as configured ("%any", "10.1.83.64", "192.0.2.1,192.0.2.2"). */
  localAddress: string | null;
  remoteAddress: string | null;
  /** "IKEv1", "IKEv2" or "IKEv1/2". */
  ikeVersion: string | null;
  local: StrokeAuth[];
  remote: StrokeAuth[];
  children: StrokeChildConfig[];
}

export interface StrokeEndpoint {
  address: string | null;
  /** The identity between the brackets after the address (a DN may hold commas and spaces). */
  id: string | null;
}

export interface StrokeChildSa {
  name: string;
  uniqueId: number | null;
  /** INSTALLED, ROUTED, REKEYING, REKEYED, DELETING... */
  state: string | null;
  /** TUNNEL, TRANSPORT, BEET. */
  mode: string | null;
  /** "ESP in UDP": NAT-T or forced encapsulation. */
  udpEncap: boolean;
  /** ESP or AH. */
  protocol: string | null;
  /** Printed since 5.3; null on older charon. */
  reqid: number | null;
  spiIn: string | null;
  spiOut: string | null;
  /** "AES_CBC_128/HMAC_SHA1_96". */
  proposal: string | null;
  bytesIn: number | null;
  packetsIn: number | null;
  bytesOut: number | null;
  packetsOut: number | null;
  /** "rekeying in 22 hours" as printed ("22 hours"); null when not shown. */
  rekeyIn: string | null;
  localTs: string[];
  remoteTs: string[];
}

export interface StrokeIkeSa {
  name: string;
  uniqueId: number | null;
  /** ESTABLISHED, CONNECTING, CREATED, REKEYING, DELETING, PASSIVE... */
  state: string | null;
  /** "93 minutes" of "ESTABLISHED 93 minutes ago", as printed; null when not shown. */
  establishedAgo: string | null;
  local: StrokeEndpoint;
  remote: StrokeEndpoint;
  /** 1 or 2, from "IKEv2 SPIs:"; null when the SPI line is not printed (`ipsec status`). */
  version: number | null;
  initiatorSpi: string | null;
  responderSpi: string | null;
  /** True when this host initiated (the "*" follows the initiator SPI); null when not shown. */
  localIsInitiator: boolean | null;
  /** "rekeying in 22 hours", "pre-shared key reauthentication in 49 minutes": the time, as printed. */
  rekeyIn: string | null;
  reauthIn: string | null;
  proposal: string | null;
  children: StrokeChildSa[];
}

export interface StrokeShunt {
  name: string;
  localTs: string[];
  remoteTs: string[];
  /** PASS or DROP. */
  type: string | null;
}

export interface StrokeStatus {
  /** "strongSwan 5.2.2" of the "Status of IKE charon daemon (...)" line (statusall only). */
  version: string | null;
  listening: string[];
  connections: StrokeConnection[];
  shunted: StrokeShunt[];
  /** "Routed Connections:": trap policies installed for auto=route (CHILD_SAs in state ROUTED). */
  routed: StrokeChildSa[];
  /** "Security Associations (1 up, 0 connecting):". */
  up: number | null;
  connecting: number | null;
  ikeSas: StrokeIkeSa[];
}

const ERRORS = [/^failed to connect to stroke socket /, /^connecting to '.{0,200}' failed/, /^ipsec: command not found/, /^(?:sh|bash): .{0,40}ipsec.{0,20}: not found/];

type Section = 'none' | 'header' | 'listening' | 'pools' | 'connections' | 'shunted' | 'routed' | 'sas';

/** "name:", "name[3]:" or "name{7}:" at the start of a line, then the rest; the name may hold spaces ("Bypass LAN 10.0.0.0/24"). */
const PREFIXED = /^\s{0,12}(\S(?:[^\[\]{}]{0,120}?\S)?)(?:\[(\d{1,10})\]|\{(\d{1,10})\})?: {1,8}(\S.{0,2000})$/;

const ts = (s: string): string[] => s.trim().split(/\s+/).filter(Boolean);

/** "10.1.83.64[EA151410058.id1.nokia.com]...10.1.83.4[C=CN, ST=Some-State, OU=virtualSeGW]". */
function endpoints(s: string): { local: StrokeEndpoint; remote: StrokeEndpoint } | null {
  const cut = s.indexOf(']...');
  if (cut < 0) return null;
  const one = (x: string): StrokeEndpoint | null => {
    const open = x.indexOf('[');
    if (open <= 0 || !x.endsWith(']')) return null;
    return { address: x.slice(0, open), id: x.slice(open + 1, -1) };
  };
  const local = one(s.slice(0, cut + 1));
  const remote = one(s.slice(cut + 4));
  return local && remote ? { local, remote } : null;
}

function newChild(name: string, uniqueId: number | null): StrokeChildSa {
  return {
    name,
    uniqueId,
    state: null,
    mode: null,
    udpEncap: false,
    protocol: null,
    reqid: null,
    spiIn: null,
    spiOut: null,
    proposal: null,
    bytesIn: null,
    packetsIn: null,
    bytesOut: null,
    packetsOut: null,
    rekeyIn: null,
    localTs: [],
    remoteTs: [],
  };
}

/** "INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c760f45e_i c0f20ccc_o" (reqid absent before 5.3). */
function childState(rest: string, c: StrokeChildSa, warn: (m: string, t?: string) => void): void {
  const parts = rest.split(', ');
  c.state = parts[0] ?? null;
  for (const p of parts.slice(1)) {
    const rq = /^reqid (\d{1,10})$/.exec(p);
    if (rq) {
      c.reqid = Number(rq[1]);
      continue;
    }
    const sp = /^(ESP|AH)( in UDP)? SPIs: ([0-9a-fA-F]{1,16})_i(?: ([0-9a-fA-F]{1,16})_o)?/.exec(p);
    if (sp) {
      c.protocol = sp[1] ?? null;
      c.udpEncap = sp[2] !== undefined;
      c.spiIn = sp[3] ?? null;
      c.spiOut = sp[4] ?? null;
      continue;
    }
    // The SPIs may be masked in a paste ("SPISPI_i SPISPI_o"): the protocol still counts.
    const masked = /^(ESP|AH)( in UDP)? SPIs: /.exec(p);
    if (masked) {
      c.protocol = masked[1] ?? null;
      c.udpEncap = masked[2] !== undefined;
      warn('CHILD_SA SPIs not hexadecimal', p);
      continue;
    }
    if (/^(TUNNEL|TRANSPORT|BEET|TUNNEL_PROXY|TRANSPORT_PROXY|PASS|DROP)$/.test(p)) {
      c.mode = p;
      continue;
    }
    if (p.startsWith('IPCOMP CPIs: ')) continue;
    warn('unread CHILD_SA field', p);
  }
}

/** "AES_CBC_128/HMAC_SHA1_96, 120 bytes_i (2 pkts, 0s ago), 0 bytes_o, rekeying in 42 minutes". */
function childTraffic(rest: string, c: StrokeChildSa, warn: (m: string, t?: string) => void): boolean {
  const bi = /(?:^|, )(\d{1,20}) bytes_i(?: \((\d{1,20}) pkts?(?:, [^)]{0,40})?\))?/.exec(rest);
  const bo = /(?:^|, )(\d{1,20}) bytes_o(?: \((\d{1,20}) pkts?(?:, [^)]{0,40})?\))?/.exec(rest);
  if (!bi && !bo) return false;
  const first = rest.split(', ')[0] ?? '';
  if (!/bytes_[io]/.test(first)) c.proposal = first;
  if (bi) {
    c.bytesIn = Number(bi[1]);
    c.packetsIn = bi[2] === undefined ? (c.bytesIn === 0 ? 0 : null) : Number(bi[2]);
  }
  if (bo) {
    c.bytesOut = Number(bo[1]);
    c.packetsOut = bo[2] === undefined ? (c.bytesOut === 0 ? 0 : null) : Number(bo[2]);
  }
  const rk = /, rekeying in ([^,]{1,40})/.exec(rest);
  if (rk) c.rekeyIn = rk[1]!.trim();
  else if (/rekeying/.test(rest)) warn('unread rekey time', rest);
  return true;
}

export function parseIpsecStatusall(text: string): Parsed<StrokeStatus> {
  const opened = openLines(text, ERRORS, 'no ipsec status output');
  if ('failed' in opened) return opened.failed;
  const W = new Warnings();
  const out: StrokeStatus = { version: null, listening: [], connections: [], shunted: [], routed: [], up: null, connecting: null, ikeSas: [] };
  let section: Section = 'none';
  let recognized = false;
  let ike: StrokeIkeSa | null = null;
  let child: StrokeChildSa | null = null;
  let routedChild: StrokeChildSa | null = null;

  opened.ls.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (!line) return;
    const warn = W.at(n);

    const daemon = /^Status of IKE charon daemon \((strongSwan [0-9][0-9A-Za-z.\-+~]{0,30})/.exec(line);
    if (daemon && raw.startsWith('Status')) {
      out.version = daemon[1] ?? null;
      section = 'header';
      recognized = true;
      return;
    }
    const sas = /^Security Associations \((\d{1,9}) up, (\d{1,9}) connecting\):$/.exec(line);
    if (sas) {
      out.up = Number(sas[1]);
      out.connecting = Number(sas[2]);
      section = 'sas';
      recognized = true;
      return;
    }
    if (line === 'Listening IP addresses:') return void (section = 'listening');
    if (line === 'Connections:') return void (section = 'connections');
    if (line === 'Shunted Connections:') return void ((section = 'shunted'), (recognized = true));
    if (line === 'Routed Connections:') return void ((section = 'routed'), (recognized = true));
    if (/^Virtual IP pools \(size\/online\/offline\):$/.test(line)) return void (section = 'pools');
    if (/^Leases in pool '/.test(line)) return void (section = 'pools');

    if (section === 'header' || section === 'pools') return; // uptime, malloc, worker threads, plugins (may wrap), pools
    if (section === 'none') {
      warn('line before any stroke status section', line);
      return;
    }
    if (section === 'listening') {
      if (/^[0-9A-Fa-f.:%a-z]{2,64}$/.test(line) && raw.startsWith(' ')) out.listening.push(line);
      else warn('unreadable listening address', line);
      return;
    }
    if (section === 'sas' && line === 'none') return;

    const m = PREFIXED.exec(raw);
    if (!m) {
      warn('unrecognized', line);
      return;
    }
    const name = m[1]!;
    const ikeId = m[2] === undefined ? null : Number(m[2]);
    const childId = m[3] === undefined ? null : Number(m[3]);
    const rest = m[4]!.trim();

    if (section === 'connections') {
      let conn = out.connections.find((c) => c.name === name);
      const head = /^(\S{1,200})\.\.\.(\S{1,200})  (IKEv1\/2|IKEv1|IKEv2|IKE)(?:,.*)?$/.exec(rest);
      if (head) {
        if (!conn) {
          conn = { name, localAddress: head[1]!, remoteAddress: head[2]!, ikeVersion: head[3]!, local: [], remote: [], children: [] };
          out.connections.push(conn);
          recognized = true;
        }
        return;
      }
      const auth = /^(local|remote): {1,4}(?:\[(.{0,300})\] )?uses (.{1,60}?) authentication/.exec(rest);
      if (auth && conn) {
        (auth[1] === 'local' ? conn.local : conn.remote).push({ id: auth[2] ?? null, method: auth[3] ?? null });
        return;
      }
      const ch = /^child: {1,4}(.{1,2000}?) === (.{1,2000}?) (TUNNEL|TRANSPORT|BEET|TUNNEL_PROXY|TRANSPORT_PROXY|PASS|DROP)(?:,.*)?$/.exec(rest);
      if (ch) {
        const owner = conn ?? out.connections[out.connections.length - 1];
        if (owner) owner.children.push({ name, localTs: ts(ch[1]!), remoteTs: ts(ch[2]!), mode: ch[3]! });
        else warn('child before any connection', line);
        return;
      }
      if (/^(cert|cacert|ca|groups|hash|ruleset|eap_id|xauth_id|aaa_id|gateway):/.test(rest) && conn) return;
      warn('unread connection line', line);
      return;
    }

    if (section === 'shunted') {
      const sh = /^(.{1,2000}?) === (.{1,2000}?) (PASS|DROP)$/.exec(rest);
      if (sh) out.shunted.push({ name, localTs: ts(sh[1]!), remoteTs: ts(sh[2]!), type: sh[3]! });
      else warn('unread shunt', line);
      return;
    }

    if (childId !== null) {
      // A CHILD_SA line: state line, traffic line, or the selector line "local === remote".
      const target = section === 'routed' ? routedChild : child;
      const sel = /^(\S.{0,2000}?) === (\S.{0,2000})$/.exec(rest);
      if (sel && target && target.name === name && target.uniqueId === childId && !/bytes_[io]/.test(rest)) {
        target.localTs = ts(sel[1]!);
        target.remoteTs = ts(sel[2]!);
        return;
      }
      if (/^[A-Z_]{3,20}(?:, |$)/.test(rest)) {
        const c = newChild(name, childId);
        childState(rest, c, warn);
        if (section === 'routed') {
          out.routed.push(c);
          routedChild = c;
        } else if (ike) {
          ike.children.push(c);
          child = c;
        } else warn('CHILD_SA before any IKE SA', line);
        return;
      }
      if (target && target.name === name && target.uniqueId === childId && childTraffic(rest, target, warn)) return;
      warn('unread CHILD_SA line', line);
      return;
    }

    if (ikeId !== null && section === 'sas') {
      const st = /^([A-Z_]{3,20})(?: ([^,]{1,40}) ago)?, (.{3,4000})$/.exec(rest);
      if (st) {
        const eps = endpoints(st[3]!);
        ike = {
          name,
          uniqueId: ikeId,
          state: st[1]!,
          establishedAgo: st[2] ?? null,
          local: eps?.local ?? { address: null, id: null },
          remote: eps?.remote ?? { address: null, id: null },
          version: null,
          initiatorSpi: null,
          responderSpi: null,
          localIsInitiator: null,
          rekeyIn: null,
          reauthIn: null,
          proposal: null,
          children: [],
        };
        if (!eps) warn('unreadable IKE endpoints', st[3]);
        out.ikeSas.push(ike);
        child = null;
        return;
      }
      if (!ike || ike.name !== name || ike.uniqueId !== ikeId) {
        warn('IKE SA line without its ESTABLISHED/CONNECTING line', line);
        return;
      }
      const spis = /^IKEv([12]) SPIs: ([0-9a-fA-F]{1,16})_i(\*?) ([0-9a-fA-F]{1,16})_r(\*?)(?:, (.{0,200}))?$/.exec(rest);
      if (spis) {
        ike.version = Number(spis[1]);
        ike.initiatorSpi = spis[2]!;
        ike.responderSpi = spis[4]!;
        ike.localIsInitiator = spis[3] === '*' ? true : spis[5] === '*' ? false : null;
        const when = spis[6] ?? '';
        const rk = /rekeying in (.{1,40})$/.exec(when);
        const ra = /reauthentication in (.{1,40})$/.exec(when);
        if (rk) ike.rekeyIn = rk[1]!;
        if (ra) ike.reauthIn = ra[1]!;
        return;
      }
      if (rest.startsWith('IKE proposal: ')) {
        ike.proposal = rest.slice(14).trim();
        return;
      }
      if (/^(Tasks (queued|active|passive)|Remote (XAuth|EAP) identity|IKE SPIs|IKEv[12] SPIs): /.test(rest)) return;
      warn('unread IKE SA line', line);
      return;
    }
    warn('unrecognized', line);
  });

  if (!recognized) return fail('unrecognized', 'no "Status of IKE charon daemon", "Security Associations (N up, M connecting):" or stroke connection line');
  return ok(out, W.all);
}

export const ipsecStatusall: Parser<StrokeStatus> = {
  id: 'ipsec-statusall',
  commands: ['ipsec statusall', 'ipsec status', 'strongswan statusall'],
  parse: parseIpsecStatusall,
};
