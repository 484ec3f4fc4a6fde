// Why: small pure helpers the VPN parsers share: durations, byte units, error lines, key redaction, short warnings.

import { fail, type Parsed } from '../result.js';
import { lines } from '../text.js';

export const REDACTED = '(redacted)';

/** Terminal colour and cursor sequences (wg colours its output on a tty); linear, no backtracking. */
export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') < 0 ? s : s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * A line, shortened for a warning message, with every long base64/hex run masked: an unexpected line may
 * carry a private key, a preshared key or xfrm key material, and warnings end up in stored parses.
 */
export function clip(s: string, max = 80): string {
  const t = s.trim();
  // Mask on a window wider than the cut, so a key straddling the cut is masked whole, not half shown.
  const masked = t
    .slice(0, max + 100)
    .replace(/0x[0-9a-fA-F]{16,}/g, '(masked)')
    .replace(/[A-Za-z0-9+/=]{24,}/g, '(masked)');
  return masked.length > max || t.length > max + 100 ? `${masked.slice(0, max)}...` : masked;
}

/** Leading spaces of a line (tabs count as 8). */
export function indentOf(s: string): number {
  let n = 0;
  for (const ch of s) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 8;
    else break;
  }
  return n;
}

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/**
 * swanctl durations: "241s", "53m", "1h 2m", "2d 3h", a bare "241", or "0s". Seconds, or null.
 * Tokens are split on whitespace and each one matched anchored and bounded, so a huge token is cheap.
 */
export function durationSeconds(text: string): number | null {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (!tokens.length || tokens.length > 8) return null;
  let total = 0;
  for (const t of tokens) {
    const m = /^(\d{1,12})([dhms]?)$/.exec(t);
    if (!m) return null;
    total += Number(m[1]) * (UNIT_SECONDS[m[2] || 's'] ?? 1);
  }
  return total;
}

const BYTE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** wg's "12.34 KiB" / "308 B" as bytes (rounded: wg prints two decimals), or null. */
export function wgBytes(text: string): number | null {
  const m = /^(\d{1,15}(?:\.\d{1,6})?) (B|KiB|MiB|GiB|TiB)$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * (BYTE_UNITS[m[2]!] ?? 1));
}

/** "198.51.100.20:51820" or "[2001:db8::1]:51820" as address and port. */
export function splitEndpoint(ep: string): { address: string; port: number | null } {
  const v6 = /^\[([0-9A-Fa-f:.%a-z]{1,64})\]:(\d{1,5})$/.exec(ep);
  if (v6) return { address: v6[1]!, port: Number(v6[2]) };
  const i = ep.lastIndexOf(':');
  if (i > 0 && ep.indexOf(':') === i) {
    const port = /^\d{1,5}$/.test(ep.slice(i + 1)) ? Number(ep.slice(i + 1)) : null;
    return { address: ep.slice(0, i), port };
  }
  return { address: ep, port: null };
}

/** A WireGuard key as printed: 44 base64 characters ending in "=". */
export function isWgKey(s: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(s);
}

/**
 * When the output starts with the command's own complaint (iproute2 "Error: ...", "RTNETLINK answers: ...",
 * wg "Unable to access interface: ...", swanctl "connecting to ... failed", possibly followed by its usage
 * text), that message (its first two lines); otherwise null.
 */
export function commandErrorOf(ls: string[], patterns: RegExp[]): string | null {
  const meaningful: string[] = [];
  for (const l of ls) {
    const t = l.trim();
    if (t) meaningful.push(t.slice(0, 200));
    if (meaningful.length >= 2) break;
  }
  const first = meaningful[0];
  if (first === undefined) return null;
  return patterns.some((p) => p.test(first)) ? meaningful.join(' / ') : null;
}

/**
 * The start every line parser here shares: empty input is 'empty', ANSI colour is stripped, and
 * output that is the command's own error message is 'command-error'. Otherwise the lines to walk.
 */
export function openLines(text: string, errors: RegExp[], emptyMessage: string): { ls: string[] } | { failed: Parsed<never> } {
  if (!text.trim()) return { failed: fail('empty', emptyMessage) };
  const ls = lines(text).map(stripAnsi);
  const err = commandErrorOf(ls, errors);
  return err ? { failed: fail('command-error', err) } : { ls };
}

/** Error lines iproute2 prints for xfrm commands. */
export const IPROUTE_ERRORS: RegExp[] = [
  /^Error: /,
  /^RTNETLINK answers: /,
  /^Object "[^"]{0,40}" is unknown/,
  /^Command "[^"]{0,80}" is unknown/,
  /^Usage: ip xfrm/,
  /^"[^"]{0,40}" is required/,
  /^Cannot open netlink socket/,
  /^Failed to send (dump|flush) request/,
  /^Dump terminated/,
];

/** A non-negative integer from a decimal string with bounded length, or null. */
export function uint(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

/** A hex number like "0x1f", or null. */
export function hexNum(s: string | undefined): number | null {
  if (s === undefined || !/^0x[0-9a-fA-F]{1,12}$/.test(s)) return null;
  return parseInt(s.slice(2), 16);
}

const WG_UNITS: Record<string, number> = { year: 365 * 86_400, day: 86_400, hour: 3_600, minute: 60, second: 1 };

/** wg's pretty times: "18 seconds", "1 minute, 5 seconds", "2 days, 1 hour". Seconds, or null. */
export function durationSecondsWg(text: string): number | null {
  const parts = text.trim().split(', ');
  if (!parts.length || parts.length > 5) return null;
  let total = 0;
  for (const p of parts) {
    const m = /^(\d{1,12}) (year|day|hour|minute|second)s?$/.exec(p.trim());
    if (!m) return null;
    total += Number(m[1]) * (WG_UNITS[m[2]!] ?? 1);
  }
  return total;
}

/** The non-blank lines of an output with their 1-based number and indentation (the shared walk of the indented formats). */
export function* nonEmptyLines(ls: readonly string[]): Generator<{ n: number; raw: string; line: string; indent: number }> {
  for (let i = 0; i < ls.length; i++) {
    const raw = ls[i] ?? '';
    const line = raw.trim();
    if (line) yield { n: i + 1, raw, line, indent: indentOf(raw) };
  }
}

/** Warnings are capped: a garbled 1 MB paste must not produce (or clip) half a million of them. */
export const MAX_WARNINGS = 50;

export class Warnings {
  private readonly list: string[] = [];
  private dropped = 0;

  /** "line N: message[: clipped text]"; the text is clipped and masked only when the warning is kept. */
  add(lineNo: number, message: string, text?: string): void {
    if (this.list.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    this.list.push(`line ${lineNo}: ${message}${text === undefined ? '' : `: ${clip(text)}`}`);
  }

  /** A warner bound to one line number. */
  at(lineNo: number): (message: string, text?: string) => void {
    return (message, text) => this.add(lineNo, message, text);
  }

  get all(): string[] {
    return this.dropped ? [...this.list, `${this.dropped} more warnings not shown`] : [...this.list];
  }
}

/** What `wg` prints instead of a listing when it fails (wg show and wg show dump alike). */
export const WG_ERRORS: RegExp[] = [/^Unable to (access|modify) interface: /, /^Usage: wg /, /^Invalid subcommand: /, /^Unable to list interfaces: /];
