// Why: `diagnose vpn tunnel list` pasted from a FortiGate peer gives its gateways, phase-2 selectors, SPIs and
// per-tunnel and per-SA packet counters. The SA lines print key material in hex: it never enters the parse.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { openLines, REDACTED, uint, Warnings, nonEmptyLines } from '../vpn/common.js';
import { maskKeyish, maskToCidr, rangeToCidr, spiHex } from './common.js';

export interface FortiSelector {
  /** IP protocol number; 0 means any. */
  protocol: number | null;
  /** The address part as printed: "0.0.0.0-255.255.255.255", "192.168.100.0/255.255.255.0". */
  addresses: string;
  /** The same as CIDR (ipaddr.js) when it is one block; null for a range that is not one. */
  cidr: string | null;
  /** 0 means any. */
  port: number | null;
}

export interface FortiSaDirection {
  /** "0x148a81f0" (FortiOS prints it without 0x; normalized to the form ip xfrm and tcpdump print). */
  spi: string | null;
  /** "esp=aes": the cipher. */
  esp: string | null;
  /** "ah=sha1": the integrity algorithm ("null" with GCM). */
  ah: string | null;
  /** Always "(redacted)" when key material was printed, else null: the key itself is never kept. */
  key: typeof REDACTED | null;
}

export interface FortiProxyId {
  name: string;
  /** "proto=0": 0 any, 17 UDP (L2TP). */
  proto: number | null;
  /** "sa=1": SAs installed for this selector pair (0: phase 2 is down). */
  sa: number | null;
  /** Bare words after the fields: "auto-negotiate", "transport-mode", "add-route". */
  flags: string[];
  src: FortiSelector | null;
  dst: FortiSelector | null;
  mtu: number | null;
  /** "expire=2905/0B": seconds left. */
  expireSeconds: number | null;
  /** "life: ... timeout=3333/3600": remaining and configured lifetime in seconds. */
  lifeRemainingSeconds: number | null;
  lifeSeconds: number | null;
  dec: FortiSaDirection;
  enc: FortiSaDirection;
  /** "dec:pkts/bytes=220/21680, enc:pkts/bytes=230/30340". */
  decPackets: number | null;
  decBytes: number | null;
  encPackets: number | null;
  encBytes: number | null;
  /** "npu_flag=00": which directions are offloaded to the NP (00 none, 01 out, 02 in, 03 both), as printed. */
  npuFlag: string | null;
}

export interface FortiTunnel {
  name: string;
  /** IKE version. */
  ver: number | null;
  localGateway: string | null;
  localPort: number | null;
  /** 0.0.0.0 for a dial-up template. */
  remoteGateway: string | null;
  remotePort: number | null;
  tunId: string | null;
  /** "mode=auto/1": auto (static peer), dialup (template), dial_inst (a dial-up instance). */
  mode: string | null;
  /** A dial-up instance's template ("parent=..."). */
  parent: string | null;
  proxyidNum: number | null;
  /** Seconds since the last inbound / outbound packet. */
  ilast: number | null;
  olast: number | null;
  /** "stat: rxp=... txp=... rxb=... txb=...". */
  rxPackets: number | null;
  txPackets: number | null;
  rxBytes: number | null;
  txBytes: number | null;
  dpdMode: string | null;
  /** "natt: mode=none ..."; "keepalive" when NAT traversal is in use. */
  nattMode: string | null;
  nattRemotePort: number | null;
  proxyIds: FortiProxyId[];
}

export interface FortiTunnelList {
  /** "list all ipsec tunnel in vd 0". */
  vd: number | null;
  tunnels: FortiTunnel[];
}

const ERRORS = [/^Command fail\. Return code/, /^Unknown action \d+/, /^command parse error/i];

/** Lines that carry nothing the checks read. */
const IGNORED = [/^-{5,}$/, /^run_tally=/, /^fec: /, /^seqno=\S+ esn=/, /^bound_if=/];

/** key=value words of a line; bare words (no "=") go to `bare`. */
function fields(line: string): { kv: Map<string, string>; bare: string[] } {
  const kv = new Map<string, string>();
  const bare: string[] = [];
  for (const w of line.split(/\s+/).filter(Boolean)) {
    const i = w.indexOf('=');
    if (i > 0) {
      if (!kv.has(w.slice(0, i))) kv.set(w.slice(0, i), w.slice(i + 1));
    } else bare.push(w);
  }
  return { kv, bare };
}

/** "N/..." or "N": the leading count. */
const lead = (s: string | undefined): number | null => (s === undefined ? null : uint(/^(\d{1,15})/.exec(s)?.[1]));

/** "202.106.1.1:0": address and port (IPv6 addresses contain colons: the port is after the last one). */
function hostPort(s: string): { address: string | null; port: number | null } {
  const i = s.lastIndexOf(':');
  if (i <= 0) return { address: s || null, port: null };
  return { address: s.slice(0, i), port: uint(s.slice(i + 1)) };
}

/** "0:192.168.0.0-192.168.0.255:0", "17:201.1.1.3-201.1.1.3:1701", "0:192.168.100.0/255.255.255.0:0". */
function readSelector(s: string): FortiSelector | null {
  const t = s.trim();
  const first = t.indexOf(':');
  const last = t.lastIndexOf(':');
  if (first <= 0 || last <= first) return null;
  const protocol = uint(t.slice(0, first));
  const port = uint(t.slice(last + 1));
  const addresses = t.slice(first + 1, last);
  if (protocol === null || port === null || !addresses) return null;
  let cidr: string | null = null;
  const dash = addresses.indexOf('-');
  const slash = addresses.indexOf('/');
  if (dash > 0) cidr = rangeToCidr(addresses.slice(0, dash), addresses.slice(dash + 1));
  else if (slash > 0) cidr = maskToCidr(addresses.slice(0, slash), addresses.slice(slash + 1));
  return { protocol, addresses, cidr, port };
}

const direction = (): FortiSaDirection => ({ spi: null, esp: null, ah: null, key: null });

/** "spi=148a81f0 esp=aes key=16 <hex>" or "ah=sha1 key=20 <hex>": fields kept, key replaced. */
function readSaLine(rest: string, d: FortiSaDirection): void {
  const { kv, bare } = fields(rest);
  if (kv.has('spi')) d.spi = spiHex(kv.get('spi') ?? '');
  if (kv.has('esp')) d.esp = kv.get('esp') || null;
  if (kv.has('ah')) d.ah = kv.get('ah') || null;
  // "key=N" is the key length; the bare hex word after it is the key. "key=0" (ah=null) prints none.
  const len = kv.get('key');
  if ((len !== undefined && len !== '0') || bare.length) d.key = REDACTED;
}

function newTunnel(name: string): FortiTunnel {
  return {
    name,
    ver: null,
    localGateway: null,
    localPort: null,
    remoteGateway: null,
    remotePort: null,
    tunId: null,
    mode: null,
    parent: null,
    proxyidNum: null,
    ilast: null,
    olast: null,
    rxPackets: null,
    txPackets: null,
    rxBytes: null,
    txBytes: null,
    dpdMode: null,
    nattMode: null,
    nattRemotePort: null,
    proxyIds: [],
  };
}

function newProxyId(name: string): FortiProxyId {
  return {
    name,
    proto: null,
    sa: null,
    flags: [],
    src: null,
    dst: null,
    mtu: null,
    expireSeconds: null,
    lifeRemainingSeconds: null,
    lifeSeconds: null,
    dec: direction(),
    enc: direction(),
    decPackets: null,
    decBytes: null,
    encPackets: null,
    encBytes: null,
    npuFlag: null,
  };
}

function parse(text: string): Parsed<FortiTunnelList> {
  const opened = openLines(text, ERRORS, 'no output (no IPsec tunnels)');
  if ('failed' in opened) return opened.failed;
  const W = new Warnings();
  const tunnels: FortiTunnel[] = [];
  let vd: number | null = null;
  let tun: FortiTunnel | null = null;
  let pid: FortiProxyId | null = null;
  /** The direction an "ah=... key=..." continuation line belongs to. */
  let lastDir: FortiSaDirection | null = null;
  for (const { n, line } of nonEmptyLines(opened.ls)) {
    const warn = W.at(n);
    let m: RegExpExecArray | null;
    // A pasted prompt: "FortiGate # diagnose vpn tunnel list", "FG60F (root) # diag vpn tunnel list".
    if (/^(\S{1,64}\s+)?(\(\S{1,64}\)\s+)?#\s*diag(nose)?\s+vpn\s+tunnel\s+list\b/.test(line)) continue;
    if ((m = /^list all ipsec tunnel in vd (\d{1,6})$/.exec(line))) {
      vd = uint(m[1]);
      continue;
    }
    if (line.startsWith('name=')) {
      const { kv, bare } = fields(line);
      if (!kv.has('ver')) {
        warn('tunnel line without ver=', maskKeyish(line));
        continue;
      }
      tun = newTunnel(kv.get('name') ?? '');
      tunnels.push(tun);
      pid = null;
      lastDir = null;
      tun.ver = uint(kv.get('ver'));
      tun.tunId = kv.get('tun_id') ?? null;
      const gw = bare.find((w) => w.includes('->'));
      if (gw) {
        const [l, r] = gw.split('->');
        const lh = hostPort(l ?? '');
        const rh = hostPort(r ?? '');
        tun.localGateway = lh.address;
        tun.localPort = lh.port;
        tun.remoteGateway = rh.address;
        tun.remotePort = rh.port;
      }
      continue;
    }
    if (/^-{5,}$/.test(line)) continue;
    if (!tun) {
      warn('line before any "name=... ver=..." tunnel line', maskKeyish(line));
      continue;
    }
    const t = tun;
    if (line.startsWith('bound_if=')) {
      const mode = fields(line).kv.get('mode');
      t.mode = mode ? mode.split('/')[0] || null : null;
      continue;
    }
    if ((m = /^parent=(\S{1,64})/.exec(line))) {
      t.parent = m[1]!;
      continue;
    }
    if (line.startsWith('proxyid_num=')) {
      const { kv } = fields(line);
      t.proxyidNum = uint(kv.get('proxyid_num'));
      t.ilast = uint(kv.get('ilast'));
      t.olast = uint(kv.get('olast'));
      continue;
    }
    if (line.startsWith('stat: ')) {
      const { kv } = fields(line.slice(6));
      t.rxPackets = uint(kv.get('rxp'));
      t.txPackets = uint(kv.get('txp'));
      t.rxBytes = uint(kv.get('rxb'));
      t.txBytes = uint(kv.get('txb'));
      continue;
    }
    if (line.startsWith('dpd: ')) {
      t.dpdMode = fields(line.slice(5)).kv.get('mode') ?? null;
      continue;
    }
    if (line.startsWith('natt: ')) {
      const { kv } = fields(line.slice(6));
      t.nattMode = kv.get('mode') ?? null;
      t.nattRemotePort = uint(kv.get('remote_port'));
      continue;
    }
    if (line.startsWith('proxyid=')) {
      const { kv, bare } = fields(line);
      pid = newProxyId(kv.get('proxyid') ?? '');
      t.proxyIds.push(pid);
      lastDir = null;
      pid.proto = uint(kv.get('proto'));
      pid.sa = uint(kv.get('sa'));
      pid.flags = bare;
      continue;
    }
    if (!pid) {
      if (IGNORED.some((r) => r.test(line))) continue;
      warn('unrecognized tunnel line', maskKeyish(line));
      continue;
    }
    const p = pid;
    if ((m = /^(src|dst): (.{1,120})$/.exec(line))) {
      const sel = readSelector(m[2]!);
      if (!sel) warn('unreadable selector', line);
      p[m[1] as 'src' | 'dst'] = sel;
      continue;
    }
    if (line.startsWith('SA:')) {
      const { kv } = fields(line.slice(3));
      p.mtu = uint(kv.get('mtu'));
      p.expireSeconds = lead(kv.get('expire'));
      continue;
    }
    if (line.startsWith('life: ')) {
      const timeout = fields(line.slice(6)).kv.get('timeout');
      const tm = timeout ? /^(\d{1,12})\/(\d{1,12})$/.exec(timeout) : null;
      p.lifeRemainingSeconds = tm ? uint(tm[1]) : null;
      p.lifeSeconds = tm ? uint(tm[2]) : null;
      continue;
    }
    if ((m = /^dec:pkts\/bytes=(\d{1,18})\/(\d{1,18}),\s*enc:pkts\/bytes=(\d{1,18})\/(\d{1,18})$/.exec(line))) {
      p.decPackets = uint(m[1]);
      p.decBytes = uint(m[2]);
      p.encPackets = uint(m[3]);
      p.encBytes = uint(m[4]);
      continue;
    }
    if ((m = /^(dec|enc): (.{0,400})$/.exec(line))) {
      lastDir = p[m[1] as 'dec' | 'enc'];
      readSaLine(m[2]!, lastDir);
      continue;
    }
    if (line.startsWith('ah=') && lastDir) {
      readSaLine(line, lastDir);
      continue;
    }
    if (line.startsWith('npu_flag=')) {
      p.npuFlag = fields(line).kv.get('npu_flag') ?? null;
      continue;
    }
    if (IGNORED.some((r) => r.test(line))) continue;
    warn('unrecognized', maskKeyish(line));
  }
  if (!tunnels.length) return fail('unrecognized', 'no "name=... ver=..." tunnel line: not `diagnose vpn tunnel list` output');
  return ok({ vd, tunnels }, W.all);
}

export const fortigateVpnTunnelList: Parser<FortiTunnelList> = {
  id: 'fortigate-vpn-tunnel-list',
  commands: ['diagnose vpn tunnel list'],
  parse,
};
