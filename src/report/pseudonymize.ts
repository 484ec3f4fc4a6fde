// Why: `--redact-addresses`: addresses, prefixes and host names replaced consistently by readable pseudonyms, with the mapping kept apart for whoever may see the originals.
//
// Scheme (documented in README):
//   site A's LAN prefix (start record)     10.20.0.0/24  -> site-a-lan/24   (prefix lengths are kept)
//   an address inside site A's / B's LAN   10.20.0.55    -> site-a-addr-1, site-b-addr-1, ...
//   any other IPv4 / IPv6 address          203.0.113.10  -> ipv4-1, ipv6-1, ... (loopback and 0.0.0.0 / :: stay)
//   the names of site A / B                siteA         -> site-a, site-b
//   the gateways of site A / B             gwA           -> gateway-a, gateway-b
//   the source / destination host          hostA         -> source-host, destination-host
//   the host that wrote the journal        jump          -> jump-host
//   any other host name seen               db1           -> host-1, ...
// Numbers are given in the order the report first meets each original (the report model is
// pseudonymized, not the whole journal: only what is shown is scanned), so the same journal
// always gives the same pseudonyms. IPv6 addresses are compared in canonical form.

import ipaddr from 'ipaddr.js';
import type { JournalRecord } from '../journal/events.js';

export interface PseudonymMapping {
  scheme: 'gatewalk-pseudonyms';
  version: 1;
  /** original (as spelled in the journal) -> pseudonym */
  entries: Record<string, string>;
}

export interface Pseudonymizer {
  /** One string with every address, prefix and known host name replaced. */
  text(s: string): string;
  /** A deep copy of a record with its free-text fields replaced (ids, enums, digests untouched). */
  record<T extends JournalRecord>(r: T): T;
  /** The same for any value (the report model): every string but those under an id, enum, digest or time key. */
  value<T>(v: T): T;
  mapping(): PseudonymMapping;
}

/** Fields that hold ids, enum values, digests or times, never an address or a host name (journal records and the report model). */
const KEEP = new Set(['type', 'role', 'id', 'outcomeIds', 'check', 'cause', 'side', 'status', 'engineStatus', 'afterStatus', 'action', 'mode', 'when', 'format', 'sha256', 'protocol', 'ts', 'kind', 'state', 'by', 'from', 'to', 'started', 'ended', 'stream', 'vpn']);

const IPV6 = String.raw`(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])`;
const IPV4 = String.raw`(?<![0-9A-Za-z.])\d{1,3}(?:\.\d{1,3}){3}(?![0-9])`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The host inside a target label: "ssh:admin@gw1" -> "gw1", "netns:gw-jump" -> "gw-jump", "replay:gwA" -> "gwA". */
function bareHost(h: string): string {
  const s = h.replace(/^(ssh|netns|nsenter|replay):/, '');
  const at = s.lastIndexOf('@');
  return at >= 0 ? s.slice(at + 1) : s;
}

function isAddress(s: string): boolean {
  return ipaddr.isValid(s);
}

/** Words the engine puts where a host goes that name no machine ("incident" quotes the incident file). */
const NOT_HOSTS = new Set(['local', 'incident', 'localhost']);

const REMOTE_HOST_TYPES = new Set(['target', 'clock', 'intent', 'counters', 'fix-proposed', 'fix-applied']);

const ROLE: Record<string, string> = { gwA: 'gateway-a', gwB: 'gateway-b', hostA: 'source-host', hostB: 'destination-host' };

/** Words in the journal that a pseudonym could collide with (every pseudonym starts like one of these). */
const TAKEN_WORDS = /(?:site-[ab]|gateway-[ab]|ipv[46]-|source-host|destination-host|jump-host|host-)[A-Za-z0-9-]*/g;

/** What the pseudonyms are chosen from, gathered one record at a time (a journal read in chunks need not be kept). */
export interface PseudonymSource {
  /** `line` is the record's journal line (any text holding all of its strings will do). */
  add(r: JournalRecord, line: string): void;
  finish(): Pseudonymizer;
}

export function pseudonymSource(): PseudonymSource {
  let start: Extract<JournalRecord, { type: 'start' }> | null = null;
  // Host names are taken in two passes over the journal (labelled ones first); the calls are kept, deduplicated, in order.
  const first = new Map<string, [string, string | null]>();
  const second = new Map<string, [string, string | null]>();
  const words = new Set<string>();
  const call = (m: Map<string, [string, string | null]>, h: string | undefined, label: string | null) => {
    if (!h) return;
    const key = `${h}\u0000${label ?? ''}`;
    if (!m.has(key)) m.set(key, [h, label]);
  };
  return {
    add(r, line) {
      for (const w of line.match(TAKEN_WORDS) ?? []) words.add(w);
      if (r.type === 'start') {
        start ??= r;
        for (const side of ['a', 'b'] as const) {
          // The session writes "SITE-NAME (TARGET-LABEL)"; older writers the bare host.
          const label = r.sites[side]?.gateway ?? '';
          const m = /^(.*?)\s*\(([^()]*)\)$/.exec(label);
          if (m) {
            call(first, m[1], `site-${side}`);
            call(first, m[2], `gateway-${side}`);
          } else call(first, label, `gateway-${side}`);
        }
      }
      if ('role' in r && 'host' in r && typeof r.host === 'string') call(first, r.host, ROLE[r.role] ?? null);
      // Records whose event names a remote host reuse the head's `host` field for it; the others carry the jump host's name.
      call(second, r.host, REMOTE_HOST_TYPES.has(r.type) ? null : 'jump-host');
      if (r.type === 'intent' && r.argv[0] === 'ssh') {
        const dd = r.argv.indexOf('--');
        call(second, dd >= 0 ? r.argv[dd + 1] : undefined, null);
      }
      const lines = r.type === 'verdict' ? r.verdict.evidence : r.type === 'failure' ? (r.failure?.evidence ?? []) : r.type === 'fix-applied' ? [...r.before, ...r.after] : [];
      for (const e of lines) call(second, e.host, null);
    },
    finish() {
      const out = new Map<string, string | null>();
      for (const [h, label] of [...first.values(), ...second.values()]) {
        const name = bareHost(h);
        if (name.length < 2 || NOT_HOSTS.has(name) || isAddress(name)) continue;
        if (!out.has(name) || (out.get(name) === null && label)) out.set(name, label);
      }
      return makePseudonymizer(start, [...out].map(([name, label]) => ({ name, label })), words);
    },
  };
}

export function createPseudonymizer(records: readonly JournalRecord[]): Pseudonymizer {
  const src = pseudonymSource();
  for (const r of records) src.add(r, JSON.stringify(r));
  return src.finish();
}

function makePseudonymizer(start: Extract<JournalRecord, { type: 'start' }> | null, known: Array<{ name: string; label: string | null }>, words: ReadonlySet<string>): Pseudonymizer {
  const lans: Array<{ side: 'a' | 'b'; net: [ipaddr.IPv4 | ipaddr.IPv6, number]; base: string }> = [];
  if (start) {
    for (const side of ['a', 'b'] as const) {
      const lan = start.sites[side]?.lan;
      try {
        if (lan) {
          const net = ipaddr.parseCIDR(lan);
          lans.push({ side, net, base: networkOf(net) });
        }
      } catch {
        // Not a prefix: left to the address patterns.
      }
    }
  }
  const hosts = known.sort((a, b) => b.name.length - a.name.length);
  // Pseudonyms never collide with text the journal already holds (so the mapping can be reversed).
  const inJournal = (name: string) => [...words].some((w) => w.includes(name));
  const taken = new Set<string>();
  const fresh = (want: string): string => {
    let name = want;
    for (let i = 2; inJournal(name) || taken.has(name); i++) name = `${want}-x${i}`;
    taken.add(name);
    return name;
  };
  const counters = new Map<string, number>();
  const numbered = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return fresh(`${prefix}-${n}`);
  };
  const byCanon = new Map<string, string>();
  const entries: Record<string, string> = {};
  const hostLabel = new Map(hosts.map((h) => [h.name, h.label]));

  const address = (spelled: string): string => {
    const canon = canonical(spelled);
    let p = byCanon.get(canon);
    if (!p) {
      const addr = ipaddr.parse(spelled);
      const lan = lans.find((l) => addr.kind() === l.net[0].kind() && (addr as ipaddr.IPv4).match(l.net as [ipaddr.IPv4, number]));
      if (lan && canon === lan.base) p = fresh(`site-${lan.side}-lan`);
      else if (lan) p = numbered(`site-${lan.side}-addr`);
      else p = numbered(addr.kind() === 'ipv6' ? 'ipv6' : 'ipv4');
      byCanon.set(canon, p);
    }
    entries[spelled] = p;
    return p;
  };
  const host = (name: string): string => {
    let p = byCanon.get(`host:${name}`);
    if (!p) {
      const label = hostLabel.get(name) ?? null;
      p = label && !taken.has(label) ? fresh(label) : numbered('host');
      byCanon.set(`host:${name}`, p);
    }
    entries[name] = p;
    return p;
  };

  // A host name ends at anything but a letter, digit or underscore (so "siteA" is found in "siteA-siteB-child"), or a dot that starts a longer name.
  const hostAlt = hosts.length ? `|(?<![A-Za-z0-9_.])(?:${hosts.map((h) => escapeRe(h.name)).join('|')})(?![A-Za-z0-9_]|\\.[A-Za-z0-9])` : '';
  const re = new RegExp(`(${IPV6})|(${IPV4})${hostAlt}`, 'g');
  const text = (s: string): string =>
    s.replace(re, (m, v6: string | undefined, v4: string | undefined) => {
      if (v6 !== undefined) return ipaddr.IPv6.isValid(v6) && !unremarkable(v6) ? address(v6) : m;
      if (v4 !== undefined) return ipaddr.IPv4.isValidFourPartDecimal(v4) && !unremarkable(v4) ? address(v4) : m;
      return host(m);
    });

  const deep = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return key !== null && KEEP.has(key) ? v : text(v);
    if (Array.isArray(v)) return v.map((x) => deep(x, key));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = deep(x, k);
      return o;
    }
    return v;
  };
  return {
    text,
    record: <T extends JournalRecord>(r: T) => deep(r, null) as T,
    value: <T>(v: T) => deep(v, null) as T,
    mapping: () => ({ scheme: 'gatewalk-pseudonyms', version: 1, entries: { ...entries } }),
  };
}

/** Loopback and the unspecified address identify nothing; they stay readable. */
function unremarkable(s: string): boolean {
  const r = ipaddr.parse(s).range();
  return r === 'loopback' || r === 'unspecified';
}

function canonical(s: string): string {
  try {
    return ipaddr.parse(s).toString();
  } catch {
    return s;
  }
}

function networkOf(net: [ipaddr.IPv4 | ipaddr.IPv6, number]): string {
  const [addr, len] = net;
  const bytes = addr.toByteArray();
  const out = bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, len - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return ipaddr.fromByteArray(out).toString();
}

/** The originals back in place of the pseudonyms (for whoever holds the mapping file). */
export function restore(text: string, mapping: PseudonymMapping): string {
  const back = new Map<string, string>();
  for (const [orig, p] of Object.entries(mapping.entries)) if (!back.has(p)) back.set(p, orig);
  if (!back.size) return text;
  const names = [...back.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
  const re = new RegExp(`(?<![A-Za-z0-9_])(?:${names.join('|')})(?![A-Za-z0-9_])`, 'g');
  return text.replace(re, (m) => back.get(m) ?? m);
}
