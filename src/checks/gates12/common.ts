// Why: shared by the gate 1/2 checks: IPv4 prefix arithmetic, reading a parsed probe or saying why it is missing, quoting lines.

import type { Evidence, ProbeResult, Sighting } from '../../engine/analyze.js';
import type { EvidenceLine, Side } from '../types.js';

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

function mask(len: number): number {
  return len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
}

/** Whether the prefix (or address) contains the address; false when either is not IPv4. */
export function contains(pfx: string, addr: string): boolean {
  const p = prefix(pfx);
  const a = v4(addr);
  if (!p || a === null) return false;
  return ((a & mask(p.len)) >>> 0) === p.net;
}

/** Whether two prefixes share any address. */
export function overlaps(a: string, b: string): boolean {
  const p = prefix(a);
  const q = prefix(b);
  if (!p || !q) return false;
  const len = Math.min(p.len, q.len);
  return ((p.net & mask(len)) >>> 0) === ((q.net & mask(len)) >>> 0);
}

/** "10.20.0.55" with prefix length 24 -> "10.20.0.0/24". */
export function networkOf(addr: string, len: number): string | null {
  const a = v4(addr);
  if (a === null || len < 0 || len > 32) return null;
  const n = (a & mask(len)) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${len}`;
}

// ---------------------------------------------------------------- probes

export type Got<T> = { ok: true; probe: ProbeResult; value: T } | { ok: false; probe: ProbeResult | null; missing: string };

/** The parsed value of a probe, or one sentence saying why there is none (not collected, unreachable, unparsable). */
export function got<T>(ev: Evidence, id: string): Got<T> {
  const role = id.split('.')[0] ?? id;
  const probe = ev.probes[id] ?? null;
  if (!probe) {
    if ((ev.unreachable as string[]).includes(role)) return { ok: false, probe, missing: `${id}: ${role} was unreachable` };
    return { ok: false, probe, missing: `${id}: not collected` };
  }
  const p = probe.parsed;
  if (!p) return { ok: false, probe, missing: `${id}: no parser for \`${probe.command}\`` };
  if (!p.ok) {
    const err = firstLine(probe.stderr) ?? firstLine(probe.stdout);
    return { ok: false, probe, missing: `${id}: \`${probe.command}\` gave no usable output (${p.error.code}: ${clip(p.error.message, 120)}${err ? `; "${clip(err, 120)}"` : ''})` };
  }
  return { ok: true, probe, value: p.value as T };
}

export function firstLine(s: string): string | null {
  for (const l of s.split('\n')) if (l.trim()) return l.trim();
  return null;
}

export function clip(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

export function quote(p: ProbeResult, line: string): EvidenceLine {
  return { host: p.host, command: p.command, line: clip(line) };
}

/** The output line that contains every needle (exact text of the line), or null. */
export function findLine(p: ProbeResult, ...needles: string[]): string | null {
  for (const text of [p.stdout, p.stderr]) {
    for (const l of text.split('\n')) if (l.trim() && needles.every((n) => l.includes(n))) return l.trim();
  }
  return null;
}

/** The raw JSON elements of a probe printed with -j (a top-level array), [] when it is not JSON. */
export function rawJson(p: ProbeResult): Record<string, unknown>[] {
  const t = p.stdout.trim();
  if (!t.startsWith('[') && !t.startsWith('{')) return [];
  try {
    const v: unknown = JSON.parse(t);
    const arr = Array.isArray(v) ? v : [v];
    return arr.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
  } catch {
    return [];
  }
}

/** The compact JSON of the first raw element matching, or null. */
export function jsonExcerpt(p: ProbeResult, pred: (o: Record<string, unknown>) => boolean): string | null {
  const o = rawJson(p).find(pred);
  return o ? JSON.stringify(o) : null;
}

/** What `ip route get` printed: the JSON object, the text route line, or the kernel's refusal. */
export function routeGetLine(p: ProbeResult): string {
  const j = rawJson(p)[0];
  if (j) return JSON.stringify(j);
  return firstLine(p.stdout) ?? firstLine(p.stderr) ?? '(no output)';
}

/** One address of an interface in `ip -j addr show`, as a compact JSON path and value. */
export function addrLine(p: ProbeResult, ifname: string, local: string): string {
  for (const o of rawJson(p)) {
    if (o.ifname !== ifname || !Array.isArray(o.addr_info)) continue;
    const a = o.addr_info.find((x: unknown) => typeof x === 'object' && x !== null && (x as Record<string, unknown>).local === local);
    if (a) {
      const r = a as Record<string, unknown>;
      return `${ifname}: addr_info ${JSON.stringify({ family: r.family, local: r.local, prefixlen: r.prefixlen, scope: r.scope })}`;
    }
  }
  return findLine(p, local) ?? `${ifname}: ${local}`;
}

// ---------------------------------------------------------------- incident and live evidence

export function tunnelIf(ev: Evidence, side: Side): string | null {
  return ev.incident.sites[side].tunnel.interface ?? null;
}

export function sightingLine(s: Sighting, which: 'request' | 'reply' = 'request'): EvidenceLine {
  const line = which === 'request' ? s.firstRequest : s.firstReply;
  return { host: s.host, command: s.command, line: line ?? `no packet of the test flow (${s.requests} requests, ${s.replies} replies)` };
}

/** Whether traffic was generated at all (ping or the TCP probe was recorded). */
export function trafficSent(ev: Evidence): boolean {
  return ev.ping !== null || ev.tcp !== null;
}

export function incidentLine(line: string): EvidenceLine {
  return { host: 'incident', command: 'incident file', line };
}

/** Site B's LAN prefixes that hold the destination, else all of them. */
export function remoteLans(ev: Evidence): string[] {
  const lans = ev.incident.sites.b.lan;
  const hit = lans.filter((l) => contains(l, ev.incident.pair.destination));
  return hit.length ? hit : lans;
}

export function localLans(ev: Evidence): string[] {
  return ev.incident.sites.a.lan;
}
