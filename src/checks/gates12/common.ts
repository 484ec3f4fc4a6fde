// Why: shared by the gate 1/2 checks only: quoting `ip -j` JSON output, the incident's LANs and tunnel as site A sees them.

import type { Evidence, ProbeResult } from '../../engine/analyze.js';
import { covers, findLine, firstLine } from '../common.js';
import type { EvidenceLine, Side } from '../types.js';

// ---------------------------------------------------------------- `ip -j` JSON output

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
  return findLine(p, (l) => l.includes(local)) ?? `${ifname}: ${local}`;
}

// ---------------------------------------------------------------- incident and live evidence

export function tunnelIf(ev: Evidence, side: Side): string | null {
  return ev.incident.sites[side].tunnel.interface ?? null;
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
  const hit = lans.filter((l) => covers(l, ev.incident.pair.destination));
  return hit.length ? hit : lans;
}

export function localLans(ev: Evidence): string[] {
  return ev.incident.sites.a.lan;
}
