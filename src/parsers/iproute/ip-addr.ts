// Why: the node's own addresses (`ip addr show`): overlapping prefixes, on-link destinations, tunnel and NAT addresses.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, parseJson, str } from '../text.js';
import { clip, ipErrors, isIpErrorLine, numLike, warningList, words, type WarningList } from './common.js';
import { applyLinkLine, linkHeadFromJson, linkHeadFromText, type LinkHead } from './link-head.js';

export interface Address {
  /** "inet" or "inet6". */
  family: string;
  /** The interface's own address, without prefix length. */
  local: string;
  prefixlen: number;
  /** Peer address of a point-to-point address ("inet 10.99.0.1 peer 10.99.0.2/32"). */
  peer?: string;
  broadcast?: string;
  /** global, link, host, site. */
  scope?: string;
  /** IPv4 label ("lan0", "eth0:1"). */
  label?: string;
  /** dynamic, noprefixroute, secondary, tentative, deprecated, dadfailed, stable-privacy, temporary, ... */
  flags: string[];
  /** Seconds, or "forever". */
  validLft?: number | 'forever';
  preferredLft?: number | 'forever';
}

export interface Interface extends LinkHead {
  addresses: Address[];
  altnames?: string[];
}

export interface AddressList {
  interfaces: Interface[];
}

const ADDR_FLAGS: ReadonlySet<string> = new Set([
  'secondary', 'temporary', 'primary', 'tentative', 'deprecated', 'dadfailed', 'home', 'nodad', 'mngtmpaddr',
  'noprefixroute', 'autojoin', 'optimistic', 'dynamic', 'stable-privacy', 'permanent',
]);
/** 0xffffffff: iproute2's "forever" in the JSON lifetimes. */
const FOREVER = 4294967295;

function splitPrefix(s: string): { addr: string; len?: number } {
  const slash = s.indexOf('/');
  if (slash < 0) return { addr: s };
  const len = numLike(s.slice(slash + 1));
  return len === undefined ? { addr: s } : { addr: s.slice(0, slash), len };
}

function lifetime(s: string | undefined): number | 'forever' | undefined {
  if (s === 'forever') return 'forever';
  const m = s === undefined ? null : /^(\d{1,12})(?:sec)?$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

function addressFromText(family: string, t: string[], where: string, w: WarningList): Address | null {
  const first = t[1];
  if (first === undefined) return null;
  const local = splitPrefix(first);
  const a: Address = { family, local: local.addr, prefixlen: local.len ?? (family === 'inet6' ? 128 : 32), flags: [] };
  for (let i = 2; i < t.length; i++) {
    const k = t[i]!;
    const v = t[i + 1];
    if (k === 'peer' && v !== undefined) {
      const p = splitPrefix(v);
      a.peer = p.addr;
      if (p.len !== undefined) a.prefixlen = p.len;
      i++;
    } else if ((k === 'brd' || k === 'broadcast') && v !== undefined) {
      a.broadcast = v;
      i++;
    } else if (k === 'scope' && v !== undefined) {
      a.scope = v;
      i++;
    } else if ((k === 'metric' || k === 'proto' || k === 'any') && v !== undefined) i++;
    else if (ADDR_FLAGS.has(k)) a.flags.push(k);
    else if (family === 'inet' && i === t.length - 1) a.label = k;
    else w.add(() => `${where}: unknown word "${clip(k)}"`);
  }
  return a;
}

function parseText(ls: readonly string[], w: WarningList): Interface[] {
  const out: Interface[] = [];
  let cur: Interface | null = null;
  let lastAddr: Address | null = null;
  ls.forEach((line, n) => {
    if (!line.trim() || isIpErrorLine(line)) return;
    const head = /^\s/.test(line) ? null : linkHeadFromText(line, n, w);
    if (head) {
      cur = { ...head, addresses: [] };
      out.push(cur);
      lastAddr = null;
      return;
    }
    if (!cur) {
      w.add(() => `line ${n + 1}: not an interface: "${clip(line)}"`);
      return;
    }
    if (applyLinkLine(cur, line)) return;
    const t = words(line);
    const k = t[0];
    if (k === 'inet' || k === 'inet6') {
      const a = addressFromText(k, t, `line ${n + 1}`, w);
      if (a) cur.addresses.push(a);
      lastAddr = a;
    } else if (k === 'valid_lft' && lastAddr) {
      const a: Address = lastAddr;
      const v = lifetime(t[1]);
      if (v !== undefined) a.validLft = v;
      const p = t[2] === 'preferred_lft' ? lifetime(t[3]) : undefined;
      if (p !== undefined) a.preferredLft = p;
    } else if (k === 'altname' && t[1] !== undefined) {
      (cur.altnames ??= []).push(t[1]);
    }
    // Other indented lines (-d details, "link-netns ...") carry nothing this parser reads.
  });
  return out;
}

function addressFromJson(v: unknown): Address | null {
  if (!isRecord(v)) return null;
  const family = str(v.family);
  const local = str(v.local);
  const prefixlen = numLike(v.prefixlen);
  if (family === undefined || local === undefined || prefixlen === undefined) return null;
  const a: Address = { family, local, prefixlen, flags: [] };
  const peer = str(v.address);
  if (peer !== undefined && peer !== local) a.peer = peer;
  const brd = str(v.broadcast);
  if (brd !== undefined) a.broadcast = brd;
  const scope = str(v.scope);
  if (scope !== undefined) a.scope = scope;
  const label = str(v.label);
  if (label !== undefined) a.label = label;
  for (const f of ADDR_FLAGS) if (v[f] === true) a.flags.push(f);
  const life = (x: unknown): number | 'forever' | undefined => {
    const n = numLike(x);
    return n === undefined ? undefined : n === FOREVER ? 'forever' : n;
  };
  const vl = life(v.valid_life_time);
  if (vl !== undefined) a.validLft = vl;
  const pl = life(v.preferred_life_time);
  if (pl !== undefined) a.preferredLft = pl;
  return a;
}

function parseJsonInterfaces(value: unknown, w: WarningList): Interface[] | null {
  if (!Array.isArray(value)) return null;
  const out: Interface[] = [];
  value.forEach((v, i) => {
    // `ip -j -4 addr` prints {} for interfaces without an address of that family.
    if (isRecord(v) && Object.keys(v).length === 0) return;
    const head = linkHeadFromJson(v, i, w);
    if (!head || !isRecord(v)) return;
    const iface: Interface = { ...head, addresses: [] };
    if (Array.isArray(v.addr_info)) {
      v.addr_info.forEach((x, k) => {
        const a = addressFromJson(x);
        if (a) iface.addresses.push(a);
        else w.add(() => `${clip(head.name)}: address #${k + 1} lacks family, local or prefixlen`);
      });
    }
    if (Array.isArray(v.altnames)) iface.altnames = v.altnames.filter((x): x is string => typeof x === 'string');
    out.push(iface);
  });
  return out;
}

function parse(text: string): Parsed<AddressList> {
  if (!text.trim()) return fail('empty', 'no interfaces printed');
  const ls = lines(text);
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j addr show: ${j.message}`);
    const interfaces = parseJsonInterfaces(j.value, w);
    if (!interfaces) return fail('bad-json', 'ip -j addr show: expected an array of interfaces');
    if (!interfaces.length && Array.isArray(j.value) && j.value.some((v) => !isRecord(v) || Object.keys(v).length)) {
      return fail('bad-json', 'ip -j addr show: no interface with a name and index');
    }
    return ok({ interfaces }, w.list());
  }

  const interfaces = parseText(ls, w);
  if (!interfaces.length) {
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip addr output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (errors) w.add(() => `error lines beside the interfaces: ${errors}`);
  return ok({ interfaces }, w.list());
}

export const ipAddr: Parser<AddressList> = {
  id: 'ip-addr',
  commands: ['ip addr show [dev IF]', 'ip -j addr show [dev IF]'],
  parse,
};

/** Every address of a family with its interface, e.g. to test whether a destination is on-link. */
export function addressesOf(list: AddressList, family: 'inet' | 'inet6' = 'inet'): Array<Address & { ifname: string }> {
  return list.interfaces.flatMap((i) => i.addresses.filter((a) => a.family === family).map((a) => ({ ...a, ifname: i.name })));
}
