// Why: what every check group shares: IPv4 prefix arithmetic, reading a parsed probe or saying why it is missing, quoting lines.

import type { Evidence, ProbeResult, Sighting } from '../engine/analyze.js';
import type { EvidenceLine } from './types.js';
import { oneSided } from '../incident/reach.js';

// ---------------------------------------------------------------- IPv4

/** An IPv4 address as an unsigned 32-bit number, or null. */
export function v4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim());
  if (!m) return null;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return null;
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

export interface Prefix {
  net: number;
  len: number;
}

function mask(len: number): number {
  return len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
}

/** "10.20.0.0/24", "10.20.0.55" (a /32) or "default"; null for anything else (IPv6 included). */
export function prefix(s: string): Prefix | null {
  const t = s.trim();
  if (t === 'default' || t === 'all' || t === '0/0') return { net: 0, len: 0 };
  const slash = t.indexOf('/');
  const addr = v4(slash < 0 ? t : t.slice(0, slash));
  if (addr === null) return null;
  const lenText = slash < 0 ? '32' : t.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenText)) return null;
  const len = Number(lenText);
  if (len > 32) return null;
  return { net: (addr & mask(len)) >>> 0, len };
}

export interface Range {
  first: number;
  last: number;
}

/** A prefix, address, "default", "a..b" or "a-b" range (a selector's "[tcp/80]" suffix ignored) as numbers; null for anything else (IPv6, "dynamic"). */
export function range(spec: string): Range | null {
  const s = spec.trim().replace(/\[.*\]$/, '');
  const span = /^([\d.]+)(?:\.\.|-)([\d.]+)$/.exec(s);
  if (span) {
    const a = v4(span[1]!);
    const b = v4(span[2]!);
    return a === null || b === null ? null : { first: Math.min(a, b), last: Math.max(a, b) };
  }
  const p = prefix(s);
  if (!p) return null;
  return { first: p.net, last: p.net + 2 ** (32 - p.len) - 1 };
}

/** Does the prefix/range `outer` contain all of `inner` (an address, prefix or range)? False when either is not IPv4. */
export function covers(outer: string, inner: string): boolean {
  const o = range(outer);
  const i = range(inner);
  return o !== null && i !== null && o.first <= i.first && i.last <= o.last;
}

/** Does any of the prefixes contain `inner`? */
export function anyCovers(outers: readonly string[], inner: string): boolean {
  return outers.some((o) => covers(o, inner));
}

/** Whether two prefixes (or ranges) share any address. */
export function overlaps(a: string, b: string): boolean {
  const p = range(a);
  const q = range(b);
  return p !== null && q !== null && p.first <= q.last && q.first <= p.last;
}

/** "10.20.0.55" with prefix length 24 -> "10.20.0.0/24". */
export function networkOf(addr: string, len: number): string | null {
  const a = v4(addr);
  if (a === null || len < 0 || len > 32) return null;
  const n = (a & mask(len)) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${len}`;
}

// ---------------------------------------------------------------- probes

/** A probe's parsed value, or one sentence saying why there is none (for a verdict's `missing`). */
export type Read<T> = { ok: true; probe: ProbeResult; value: T } | { ok: false; probe: ProbeResult | null; missing: string };

/** The parsed value of a probe, or why there is none: the host was unreachable, the probe did not run, its output did not parse. */
export function read<T>(ev: Evidence, id: string): Read<T> {
  const role = id.split('.')[0] ?? id;
  const probe = ev.probes[id] ?? null;
  if (!probe) {
    if ((ev.unreachable as string[]).includes(role)) return { ok: false, probe, missing: `${id}: ${role} was unreachable` };
    if (role === 'gwB' && oneSided(ev.incident)) return { ok: false, probe, missing: `${id}: site B's gateway cannot be logged into (${ev.incident.sites.b.gateway.vendor ?? 'vendor not given'}); only the far side can show it` };
    return { ok: false, probe, missing: `${id}: not collected` };
  }
  const p = probe.parsed;
  if (!p) return { ok: false, probe, missing: `${id} (${probe.command}): no parser for its output` };
  if (!p.ok) {
    const err = firstLine(probe.stderr) ?? firstLine(probe.stdout);
    return { ok: false, probe, missing: `${id} (${probe.command}) on ${probe.host}: unreadable output (${p.error.code}: ${clip(p.error.message, 120)})${err ? `; "${clip(err, 120)}"` : ''}` };
  }
  return { ok: true, probe, value: p.value as T };
}

// ---------------------------------------------------------------- quoting

export function firstLine(s: string): string | null {
  for (const l of s.split('\n')) if (l.trim()) return l.trim();
  return null;
}

export function clip(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** One line of a probe's output (or a line about it) as evidence. */
export function quote(p: { host: string; command: string }, line: string): EvidenceLine {
  return { host: p.host, command: p.command, line: clip(line) };
}

/** The first output line (stdout, then stderr) that passes the test, trimmed for quoting; null when none does. */
export function findLine(p: ProbeResult, test: (l: string) => boolean): string | null {
  for (const text of [p.stdout, p.stderr]) {
    for (const l of text.replace(/\r/g, '').split('\n')) if (l.trim() && test(l)) return l.trim();
  }
  return null;
}

/** What a capture point saw, as evidence: the given line, else its first request, else a note that it saw none. */
export function sightingLine(s: Sighting, text?: string): EvidenceLine {
  // Packets of the pair that this run did not send (a stale connection's RST, another ping) were left
  // out of the counts; when nothing of the test flow was seen, say so, so the operator can judge them.
  const stray = s.ignored > 0 ? `; ${s.ignored} other packet${s.ignored === 1 ? '' : 's'} of the pair ignored, first: ${s.firstIgnored ?? '?'}` : '';
  return { host: s.host, command: s.command, line: text ?? s.firstRequest ?? `no packet of the test flow (${s.requests} requests, ${s.replies} replies${stray})` };
}
