// Why: `show crypto ipsec sa` pasted from a Cisco ASA or IOS peer gives the far side's selectors, packet counters and SPIs.
// Indentation is not relied on: IOS indents by depth, ASA differently, and pasted or re-formatted outputs lose it.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { openLines, uint, Warnings, nonEmptyLines } from '../vpn/common.js';
import { maskKeyish, maskToCidr, spiHex } from './common.js';

export interface CiscoSelector {
  /** As printed inside "(addr/mask/prot/port)". */
  address: string;
  mask: string;
  /** The network in CIDR (ipaddr.js), null when the mask is not a contiguous netmask or prefix length. */
  cidr: string | null;
  /** IP protocol number; 0 means any. */
  protocol: number | null;
  /** 0 means any. */
  port: number | null;
}

export interface CiscoEndpoint {
  address: string;
  /** ASA prints "addr/port" (4500 with NAT-T); IOS prints no port here. */
  port: number | null;
}

export interface CiscoSa {
  /** "0x658f7c11": eight lower-case hex digits, as ip xfrm and tcpdump print it (the decimal Cisco adds is dropped). */
  spi: string;
  /** esp, ah or pcp: the "inbound esp sas:" section it is listed under. */
  protocol: string;
  /** "esp-256-aes esp-sha256-hmac" (IOS) or "esp-aes-256 esp-md5-hmac no compression" (ASA), as printed. */
  transform: string | null;
  /** "in use settings ={L2L, Tunnel, NAT-T-Encaps, IKEv1, }" as a list. */
  settings: string[];
  /** ACTIVE, STANDBY, ... (IOS "Status: ACTIVE(ACTIVE)", ASA "SA State: active"), upper case. */
  status: string | null;
  /** "remaining key lifetime (k/sec): (4607999/83191)". */
  remainingKb: number | null;
  remainingSeconds: number | null;
}

export interface CiscoCounters {
  encaps: number | null;
  encrypt: number | null;
  digest: number | null;
  decaps: number | null;
  decrypt: number | null;
  verify: number | null;
  sendErrors: number | null;
  recvErrors: number | null;
  /** Every other "#name: N" counter, by its printed name ("pkts compressed", "pre-frag successes", ...). */
  other: Record<string, number>;
}

export interface CiscoIpsecFlow {
  interface: string | null;
  cryptoMap: string | null;
  /** ASA "seq num: 2". */
  seqNum: number | null;
  /** The crypto map's "local addr". */
  localAddr: string | null;
  /** IOS "protected vrf: X"; null for "(none)" or when not printed. */
  protectedVrf: string | null;
  /** ASA's matching ACE ("access-list 2 extended permit ip ..."), as printed. */
  accessList: string | null;
  /** The traffic selectors ("local ident", "remote ident"). */
  local: CiscoSelector | null;
  remote: CiscoSelector | null;
  currentPeer: string | null;
  /** IOS "current_peer X port 500". */
  peerPort: number | null;
  /** ASA remote access: "dynamic allocated peer ip". */
  dynamicPeerIp: string | null;
  counters: CiscoCounters;
  localEndpoint: CiscoEndpoint | null;
  remoteEndpoint: CiscoEndpoint | null;
  pathMtu: number | null;
  /** Null when none is installed (IOS prints "0x0(0)"). */
  currentOutboundSpi: string | null;
  /** ASA only ("current inbound spi : 32F752FF"). */
  currentInboundSpi: string | null;
  /** IOS "PFS (Y/N): N, DH group: none"; null when not printed (ASA). */
  pfs: boolean | null;
  dhGroup: string | null;
  inbound: CiscoSa[];
  outbound: CiscoSa[];
  /** The transform of the first SA listed (what the transform set negotiated), or null with no SA. */
  transform: string | null;
}

export interface CiscoIpsecSas {
  flows: CiscoIpsecFlow[];
}

const ERRORS = [/^% ?Invalid input detected/, /^% ?Incomplete command/, /^% ?Ambiguous command/, /^ERROR: % Invalid input/, /^ERROR: /];

const COUNTER_KEYS: Record<string, keyof Omit<CiscoCounters, 'other'>> = {
  'pkts encaps': 'encaps',
  'pkts encrypt': 'encrypt',
  'pkts digest': 'digest',
  'pkts decaps': 'decaps',
  'pkts decrypt': 'decrypt',
  'pkts verify': 'verify',
  'send errors': 'sendErrors',
  'recv errors': 'recvErrors',
};

/** Lines Cisco prints that carry nothing the checks read. */
const IGNORED = [
  /^PERMIT, flags/,
  /^DENY, flags/,
  /^conn id: /,
  /^slot: \d+, conn_id: /,
  /^IV size: /,
  /^replay detection support: /,
  /^Anti replay bitmap:/,
  /^(0x[0-9A-Fa-f]{8} ?)+$/,
  /^PMTU time remaining/,
  /^ICMP error validation: /,
  /^DPD status: /,
  /^Kilobyte Volume Rekey has been disabled/,
  /^ecn bit support: /,
];

const newCounters = (): CiscoCounters => ({ encaps: null, encrypt: null, digest: null, decaps: null, decrypt: null, verify: null, sendErrors: null, recvErrors: null, other: {} });

interface Context {
  interface: string | null;
  cryptoMap: string | null;
  seqNum: number | null;
  localAddr: string | null;
}

function newFlow(ctx: Context): CiscoIpsecFlow {
  return {
    interface: ctx.interface,
    cryptoMap: ctx.cryptoMap,
    seqNum: ctx.seqNum,
    localAddr: ctx.localAddr,
    protectedVrf: null,
    accessList: null,
    local: null,
    remote: null,
    currentPeer: null,
    peerPort: null,
    dynamicPeerIp: null,
    counters: newCounters(),
    localEndpoint: null,
    remoteEndpoint: null,
    pathMtu: null,
    currentOutboundSpi: null,
    currentInboundSpi: null,
    pfs: null,
    dhGroup: null,
    inbound: [],
    outbound: [],
    transform: null,
  };
}

/** "0x658F7C11(1703902225)", "0x1E8246FC (511854332)" or ASA's bare "DC15BF68"; null for "0x0(0)" or junk. */
function spiOf(s: string): string | null {
  const m = /^(?:0x)?([0-9A-Fa-f]{1,8})(?:\s?\(\d{1,10}\))?$/.exec(s.trim());
  return m ? spiHex(m[1]!) : null;
}

/** "(20.20.20.0/255.255.255.0/0/0)" or "(::/0/0/0)". */
function readSelector(s: string): CiscoSelector | null {
  const m = /^\(([0-9A-Fa-f:.]{2,45})\/([0-9.]{1,15})\/(\d{1,3})\/(\d{1,5})\)$/.exec(s.trim());
  if (!m) return null;
  return { address: m[1]!, mask: m[2]!, cidr: maskToCidr(m[1]!, m[2]!), protocol: uint(m[3]), port: uint(m[4]) };
}

/** "172.16.248.119/4500" (ASA) or "1.1.1.2" (IOS). */
function readEndpoint(s: string): CiscoEndpoint | null {
  const t = s.trim().replace(/,$/, '');
  if (!t) return null;
  const m = /^([0-9.]{7,15})\/(\d{1,5})$/.exec(t);
  return m ? { address: m[1]!, port: uint(m[2]) } : { address: t, port: null };
}

/** "#pkts encaps: 4, #pkts encrypt: 4" or "#send errors 0, #recv errors 0": true when the line was a counter line. */
function readCounters(line: string, c: CiscoCounters): boolean {
  let any = false;
  for (const part of line.split(/,\s*/)) {
    const m = /^#{1,2}([A-Za-z][A-Za-z .()/-]{0,60}?):?\s+(\d{1,18})$/.exec(part.trim());
    if (!m) continue;
    any = true;
    const name = m[1]!.trim();
    const v = uint(m[2]);
    if (v === null) continue;
    const key = COUNTER_KEYS[name];
    if (key) c[key] = v;
    else c.other[name] = v;
  }
  return any;
}

function parse(text: string): Parsed<CiscoIpsecSas> {
  const opened = openLines(text, ERRORS, 'no output (no IPsec SAs)');
  if ('failed' in opened) return opened.failed;
  const W = new Warnings();
  const flows: CiscoIpsecFlow[] = [];
  const ctx: Context = { interface: null, cryptoMap: null, seqNum: null, localAddr: null };
  let flow: CiscoIpsecFlow | null = null;
  let section: { dir: 'inbound' | 'outbound'; protocol: string } | null = null;
  let sa: CiscoSa | null = null;
  let sawHeader = false;
  let noSas = false;

  /** The flow a flow-level line belongs to; a selector or VRF line after a started flow opens the next one. */
  const flowFor = (opens: boolean): CiscoIpsecFlow => {
    if (!flow || (opens && (flow.local !== null || flow.counters.encaps !== null))) {
      flow = newFlow(ctx);
      flows.push(flow);
      section = null;
      sa = null;
    }
    return flow;
  };

  for (const { n, line } of nonEmptyLines(opened.ls)) {
    const warn = W.at(n);
    let m: RegExpExecArray | null;
    if (/^\S{0,64}[#>]\s*sh(ow?)?\s+cry\S*\s+ips\S*\s+sa\b/i.test(line) || /^sh(ow?)?\s+cry\S*\s+ips\S*\s+sa\b/i.test(line)) continue;
    if (/^There are no ipsec sas$/i.test(line) || /^No SAs found$/i.test(line)) {
      noSas = true;
      continue;
    }
    if ((m = /^interface: (\S{1,80})$/.exec(line))) {
      ctx.interface = m[1]!;
      ctx.cryptoMap = ctx.localAddr = null;
      ctx.seqNum = null;
      flow = null;
      sawHeader = true;
      continue;
    }
    if ((m = /^Crypto map tag: ([^,]{1,80})(.*)$/.exec(line))) {
      ctx.cryptoMap = m[1]!.trim();
      const seq = /seq num: (\d{1,10})/.exec(m[2]!);
      const addr = /local addr:? (\S{1,45})/.exec(m[2]!);
      ctx.seqNum = seq ? uint(seq[1]) : null;
      ctx.localAddr = addr ? addr[1]! : null;
      flow = null;
      sawHeader = true;
      continue;
    }
    if (!sawHeader) {
      warn('line before any "interface:" header', maskKeyish(line));
      continue;
    }
    if ((m = /^protected vrf: ?(.{0,80})$/.exec(line))) {
      const v = m[1]!.trim();
      flowFor(true).protectedVrf = v === '(none)' || !v ? null : v;
      continue;
    }
    if (/^access-list /.test(line)) {
      flowFor(true).accessList = line;
      continue;
    }
    if ((m = /^(local|remote)\s+ident \(addr\/mask\/prot\/port\): (.{1,120})$/.exec(line))) {
      const f = flowFor(m[1] === 'local');
      const sel = readSelector(m[2]!);
      if (!sel) warn('unreadable selector', line);
      if (m[1] === 'local') f.local = sel;
      else f.remote = sel;
      continue;
    }
    if ((m = /^current_peer:? (\S{1,45})(?: port (\d{1,5}))?$/.exec(line))) {
      const f = flowFor(false);
      f.currentPeer = m[1]!;
      f.peerPort = m[2] ? uint(m[2]) : null;
      continue;
    }
    if ((m = /^dynamic allocated peer ip(?:v6)?: (\S{1,45})$/.exec(line))) {
      flowFor(false).dynamicPeerIp = m[1]!;
      continue;
    }
    if (line.startsWith('#')) {
      if (!readCounters(line, flowFor(false).counters)) warn('unread counter line', line);
      continue;
    }
    if (/^(local|remote) crypto endpt\.:/.test(line)) {
      const f = flowFor(false);
      const l = /local crypto endpt\.: ([^,\s]{1,60})/.exec(line);
      const r = /remote crypto endpt\.: ([^,\s]{1,60})/.exec(line);
      if (l) f.localEndpoint = readEndpoint(l[1]!);
      if (r) f.remoteEndpoint = readEndpoint(r[1]!);
      continue;
    }
    if (/(^|, )path mtu \d/.test(line)) {
      const p = /path mtu (\d{1,6})/.exec(line);
      flowFor(false).pathMtu = p ? uint(p[1]) : null;
      continue;
    }
    if ((m = /^current outbound spi: (.{1,40})$/.exec(line))) {
      flowFor(false).currentOutboundSpi = spiOf(m[1]!);
      continue;
    }
    if ((m = /^current inbound spi ?: (.{1,40})$/.exec(line))) {
      flowFor(false).currentInboundSpi = spiOf(m[1]!);
      continue;
    }
    // "PFS (Y/N): N, DH group: none" (newer IOS-XE adds ", PQC Key Exchange: ML-KEM-1024").
    if ((m = /^PFS \(Y\/N\): ([YN]), DH group: ([^,\s]{1,20})/.exec(line))) {
      const f = flowFor(false);
      f.pfs = m[1] === 'Y';
      f.dhGroup = m[2] === 'none' ? null : m[2]!;
      continue;
    }
    if ((m = /^(inbound|outbound) (esp|ah|pcp) sas:$/.exec(line))) {
      flowFor(false);
      section = { dir: m[1] as 'inbound' | 'outbound', protocol: m[2]! };
      sa = null;
      continue;
    }
    if ((m = /^spi: (.{1,40})$/.exec(line))) {
      const f = flowFor(false);
      const spi = spiOf(m[1]!);
      if (!section || !spi) {
        warn(section ? 'unreadable SPI' : 'SPI outside an "inbound/outbound ... sas:" section', line);
        continue;
      }
      sa = { spi, protocol: section.protocol, transform: null, settings: [], status: null, remainingKb: null, remainingSeconds: null };
      f[section.dir].push(sa);
      continue;
    }
    if (sa) {
      const cur: CiscoSa = sa;
      if ((m = /^transform: (.{1,200})$/.exec(line))) {
        cur.transform = m[1]!.replace(/[\s,]+$/, '') || null;
        const f = flowFor(false);
        if (f.transform === null) f.transform = cur.transform;
        continue;
      }
      if ((m = /^in use settings ?=\{(.{0,200})\}$/.exec(line))) {
        cur.settings = m[1]!.split(',').map((x) => x.trim()).filter(Boolean);
        continue;
      }
      if ((m = /^(?:Status|SA State): (\w{1,20})/.exec(line))) {
        cur.status = m[1]!.toUpperCase();
        continue;
      }
      if ((m = /^sa timing: remaining key lifetime \(([^)]{1,10})\): \(?(\d{1,18})(?:\/(\d{1,18}))?\)?/.exec(line))) {
        if (m[3] !== undefined) {
          cur.remainingKb = uint(m[2]);
          cur.remainingSeconds = uint(m[3]);
        } else if (m[1] === 'sec') cur.remainingSeconds = uint(m[2]);
        continue;
      }
      // Without a volume limit: "sa timing: remaining key lifetime 1 hours, 10 mins".
      if ((m = /^sa timing: remaining key lifetime (?:(\d{1,9}) hours?)?,? ?(?:(\d{1,9}) mins?)?,? ?(?:(\d{1,9}) secs?)?$/.exec(line)) && (m[1] || m[2] || m[3])) {
        cur.remainingSeconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
        continue;
      }
    }
    if (/(^|, )(plaintext mtu|ipsec overhead|media mtu)/.test(line) || IGNORED.some((r) => r.test(line))) continue;
    warn('unrecognized', maskKeyish(line));
  }
  if (!flows.length) {
    if (noSas) return ok({ flows: [] }, ['no IPsec SAs ("There are no ipsec sas")']);
    return fail('unrecognized', 'no "interface:" / "local ident (addr/mask/prot/port)" lines: not `show crypto ipsec sa` output');
  }
  return ok({ flows }, W.all);
}

export const ciscoCryptoIpsecSa: Parser<CiscoIpsecSas> = {
  id: 'cisco-crypto-ipsec-sa',
  commands: ['show crypto ipsec sa', 'show crypto ipsec sa detail'],
  parse,
};
