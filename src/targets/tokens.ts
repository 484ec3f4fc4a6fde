// Why: every operator-supplied word that reaches a command is checked here; a bad one stops the run with one line.

import ipaddr from 'ipaddr.js';
import { usageError } from '../util/errors.js';

/** What a field should hold, for the error line: "an interface name such as eth0". */
interface Kind {
  what: string;
  rule: string;
  example: string;
  max: number;
}

const KINDS = {
  address: { what: 'an IPv4 or IPv6 address', rule: '', example: '172.31.40.10', max: 45 },
  cidr: { what: 'an address prefix', rule: '', example: '10.20.0.0/24', max: 49 },
  port: { what: 'a port number', rule: 'a whole number from 1 to 65535', example: '443', max: 5 },
  iface: {
    what: 'an interface name',
    rule: 'letters, digits, _ . -, starting with a letter or digit, at most 15 characters',
    example: 'eth0',
    max: 15,
  },
  host: {
    what: 'a host (ssh alias, DNS name or address, optionally user@)',
    rule: 'letters, digits, _ . -, optionally prefixed by a lower-case user name and @',
    example: 'gwA or admin@gw-a.example.net',
    max: 286,
  },
  netns: {
    what: 'a network namespace name',
    rule: 'letters, digits, _ . -, starting with a letter or digit, at most 63 characters',
    example: 'gw-jump',
    max: 63,
  },
  name: {
    what: 'a name (site, IKE connection, child SA)',
    rule: 'letters, digits, _ . -, starting with a letter or digit, at most 64 characters',
    example: 'siteA-siteB-child',
    max: 64,
  },
  wgkey: {
    what: 'a WireGuard public key',
    rule: '44 characters of base64 ending in =',
    example: 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=',
    max: 44,
  },
  path: {
    what: 'a file path',
    rule: 'letters, digits, _ . - / + @ :, not starting with "-" (no ~: it is not expanded)',
    example: '/etc/gatewalk/ssh_config',
    max: 4096,
  },
  lab: {
    what: 'a lab name',
    rule: 'a lower-case letter, then up to 7 lower-case letters or digits',
    example: 'lab1',
    max: 8,
  },
} satisfies Record<string, Kind>;

/** The value as printable ASCII on one line: control and non-ASCII characters become \uXXXX, long values are cut. */
function show(s: string): string {
  const cut = s.length > 48 ? `${s.slice(0, 40)}...` : s;
  let out = '';
  for (const ch of cut) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += `\\u{${c.toString(16).toUpperCase()}}`;
  }
  return `"${out}"`;
}

function fail(field: string, s: string, problem: string, k: Kind): never {
  throw usageError(`${field}: ${show(s)} ${problem}; give ${k.what} such as ${k.example}`);
}

/** Checks shared by every kind: the things that are never allowed in a command word. */
function common(field: string, s: unknown, k: Kind): string {
  if (typeof s !== 'string') {
    throw usageError(`${field}: expected text, got ${s === null ? 'null' : typeof s}; give ${k.what} such as ${k.example}`);
  }
  if (s === '') throw usageError(`${field}: is empty; give ${k.what} such as ${k.example}`);
  const bad = [...s].find((ch) => !/^[\x21-\x7e]$/.test(ch));
  if (bad !== undefined) {
    const c = bad.codePointAt(0) ?? 0;
    let what = 'a control character';
    if (c > 0x7e) what = 'a non-ASCII character';
    else if (bad === '\n' || bad === '\r') what = 'a line break';
    else if (/\s/.test(bad)) what = 'whitespace';
    fail(field, s, `contains ${what} (U+${c.toString(16).toUpperCase().padStart(4, '0')})`, k);
  }
  const meta = /["'`;$|&<>()\\*?~!#{}[\]^%,]/.exec(s);
  if (meta) fail(field, s, `contains the character ${meta[0]}, which is not allowed in ${k.what}`, k);
  if (s.startsWith('-')) fail(field, s, `starts with "-", which a command would read as an option`, k);
  if (s.length > k.max) fail(field, s, `is ${s.length} characters long, more than the limit of ${k.max}`, k);
  return s;
}

function matching(field: string, s: unknown, k: Kind, re: RegExp): string {
  const t = common(field, s, k);
  if (!re.test(t)) fail(field, t, `is not ${k.what} (${k.rule})`, k);
  return t;
}

/** Parses an address; null when it is not one. IPv4 must be four decimal parts; no zone index. */
function parseAddress(s: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (s.includes(':')) {
    // ipaddr.js reads the deprecated IPv4-compatible form ::a.b.c.d as IPv4-mapped, a different address.
    if (/^::\d+\./.test(s) || !/^[0-9A-Fa-f:.]+$/.test(s) || !ipaddr.IPv6.isValid(s)) return null;
    return ipaddr.IPv6.parse(s);
  }
  return ipaddr.IPv4.isValidFourPartDecimal(s) ? ipaddr.IPv4.parse(s) : null;
}

/** RFC 5952 text for IPv6 (lower case, shortest), with IPv4-mapped addresses as ::ffff:a.b.c.d. */
function format(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (a.kind() === 'ipv4') return a.toString();
  const v6 = a as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? `::ffff:${v6.toIPv4Address().toString()}` : v6.toRFC5952String();
}

/** An IPv4 (dotted decimal) or IPv6 address; returned in canonical text form. */
export function ipAddress(field: string, s: string): string {
  const t = common(field, s, KINDS.address);
  const a = parseAddress(t);
  if (!a) fail(field, t, `is not ${KINDS.address.what}`, KINDS.address);
  return format(a);
}

function parseCidr(field: string, s: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; bits: number } {
  const k = KINDS.cidr;
  const t = common(field, s, k);
  const m = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(t);
  const addr = m?.[1] === undefined ? null : parseAddress(m[1]);
  if (!m || !addr) fail(field, t, `is not ${k.what} (address/length)`, k);
  const bits = Number(m[2]);
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  if (bits > max) fail(field, t, `has prefix length ${bits}, more than ${max}`, k);
  return { addr, bits };
}

/** A prefix such as 10.20.0.5/24, host bits kept as given; the address part in canonical form. */
export function cidr(field: string, s: string): string {
  const { addr, bits } = parseCidr(field, s);
  return `${format(addr)}/${bits}`;
}

/** A prefix in network form: 10.20.0.5/24 gives 10.20.0.0/24. */
export function cidrNetwork(field: string, s: string): string {
  const { addr, bits } = parseCidr(field, s);
  const text = `${addr.toString()}/${bits}`;
  const net = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  return `${format(net)}/${bits}`;
}

/** A TCP/UDP port, 1-65535, decimal digits only; returned as text for argv. */
export function port(field: string, s: string | number): string {
  const k = KINDS.port;
  if (typeof s === 'number') {
    if (!Number.isInteger(s) || s < 1 || s > 65535) fail(field, String(s), `is not ${k.rule}`, k);
    return String(s);
  }
  const t = common(field, s, k);
  if (!/^[1-9][0-9]{0,4}$/.test(t) || Number(t) > 65535) fail(field, t, `is not ${k.rule}`, k);
  return t;
}

/** A Linux interface name (IFNAMSIZ-1 = 15 characters). "." and ".." fail the first-character rule. */
export function interfaceName(field: string, s: string): string {
  return matching(field, s, KINDS.iface, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/);
}

/** An ssh host alias, DNS name or address, optionally with a `user@` prefix. */
export function hostName(field: string, s: string): string {
  const k = KINDS.host;
  const t = common(field, s, k);
  const at = t.lastIndexOf('@');
  const user = at < 0 ? null : t.slice(0, at);
  const host = at < 0 ? t : t.slice(at + 1);
  if (user !== null && !/^[a-z_][a-z0-9_.-]{0,31}$/.test(user)) {
    fail(field, t, `has user name "${user}", which is not a lower-case login name of at most 32 characters`, k);
  }
  if (host.includes(':')) {
    const a = parseAddress(host);
    if (!a) fail(field, t, `is not ${k.what} (${k.rule})`, k);
    return user === null ? format(a) : `${user}@${format(a)}`;
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/.test(host)) fail(field, t, `is not ${k.what} (${k.rule})`, k);
  if (/^[0-9.]+$/.test(host) && !parseAddress(host)) fail(field, t, `is not ${KINDS.address.what}`, k);
  return t;
}

/** A network namespace name, as used by `ip netns`. */
export function netnsName(field: string, s: string): string {
  return matching(field, s, KINDS.netns, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/);
}

/** A lab name: short, because namespaces and links are named from it (NAME-hostA, NAME-gwA). */
export function labName(field: string, s: string): string {
  return matching(field, s, KINDS.lab, /^[a-z][a-z0-9]{0,7}$/);
}

/** A name the operator gives a site, an IKE connection or a child SA: it may reach a command (swanctl --child NAME) or a fix. */
export function objectName(field: string, s: string): string {
  return matching(field, s, KINDS.name, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
}

/** A WireGuard public key (base64 of 32 bytes), as wg prints it. */
export function wgPublicKey(field: string, s: string): string {
  return matching(field, s, KINDS.wgkey, /^[A-Za-z0-9+/]{43}=$/);
}

/** A file path given to a command (ssh -F PATH). */
export function filePath(field: string, s: string): string {
  return matching(field, s, KINDS.path, /^[A-Za-z0-9_./+@:-]+$/);
}
