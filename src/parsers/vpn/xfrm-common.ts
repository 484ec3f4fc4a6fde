// Why: `ip xfrm state` and `ip xfrm policy` share selectors, lifetimes and number forms; read them once.

import { hexNum, uint } from './common.js';

export interface XfrmSelector {
  src: string | null;
  dst: string | null;
  /** Upper-layer protocol as printed ("tcp", "icmp", "50"); null for any. */
  proto: string | null;
  sport: number | null;
  dport: number | null;
  dev: string | null;
}

export interface XfrmLifetime {
  /** "lifetime current:" counters (printed with `ip -s`). */
  bytes: number | null;
  packets: number | null;
  /** "add 2026-11-27 00:16:52" as printed (local time of the host). */
  added: string | null;
  /** "use ..." as printed; null for "-" (never used). */
  used: string | null;
}

/** "1(0x00000001)" or "0x0000f86d(63597)" without the parenthesised repeat. */
export function bare(tok: string | undefined): string {
  if (tok === undefined) return '';
  const p = tok.indexOf('(');
  return p > 0 ? tok.slice(0, p) : tok;
}

/** A decimal or 0x-hex number token (with an optional "(...)" repeat), or null. */
export function numTok(tok: string | undefined): number | null {
  const b = bare(tok);
  return b.startsWith('0x') ? hexNum(b) : uint(b);
}

/** key -> value pairs from "k v k v ..." tokens, for the keys given; other tokens are returned as leftovers. */
export function pairs(tokens: string[], keys: readonly string[]): { values: Map<string, string>; rest: string[] } {
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const v = tokens[i + 1];
    if (keys.includes(t) && v !== undefined) {
      values.set(t, v);
      i++;
    } else rest.push(t);
  }
  return { values, rest };
}

const SEL_KEYS = ['src', 'dst', 'proto', 'sport', 'dport', 'type', 'code', 'dev', 'uid', 'spi', 'key'] as const;

/** "src 10.20.0.0/24 dst 172.31.40.0/24 proto tcp dport 443 uid 0" into a selector. */
export function readSelector(tokens: string[]): { sel: XfrmSelector; rest: string[] } {
  const { values, rest } = pairs(tokens, SEL_KEYS);
  return {
    sel: {
      src: values.get('src') ?? null,
      dst: values.get('dst') ?? null,
      proto: values.get('proto') ?? null,
      sport: uint(values.get('sport')),
      dport: uint(values.get('dport')),
      dev: values.get('dev') ?? null,
    },
    rest,
  };
}

export const tokens = (s: string) => s.trim().split(/\s+/).filter(Boolean);

/** One indented line under "lifetime current:": "0(bytes), 0(packets)" or "add 2026-11-27 00:16:52 use -". */
export function readLifetimeCurrent(line: string, lt: XfrmLifetime): boolean {
  const t = line.trim();
  const c = /^(\d{1,20})\(bytes\), (\d{1,20})\(packets\)$/.exec(t);
  if (c) {
    lt.bytes = uint(c[1]);
    lt.packets = uint(c[2]);
    return true;
  }
  if (t.startsWith('add ')) {
    const u = t.indexOf(' use ');
    lt.added = (u < 0 ? t.slice(4) : t.slice(4, u)).trim() || null;
    const used = u < 0 ? '' : t.slice(u + 5).trim();
    lt.used = used && used !== '-' ? used : null;
    return true;
  }
  return false;
}

export const newLifetime = (): XfrmLifetime => ({ bytes: null, packets: null, added: null, used: null });
