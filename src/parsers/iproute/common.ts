// Why: small helpers the iproute group's parsers share: bounded warnings, iproute2's own error lines, safe map keys.

/** At most this many warnings per parse; garbled 10,000-line input must not make a 10,000-entry list. */
const MAX_WARNINGS = 30;

export interface WarningList {
  /** A message, or a function making it (so garbled input past the cap costs no formatting). */
  add(message: string | (() => string)): void;
  list(): string[];
}

export function warningList(): WarningList {
  const out: string[] = [];
  let dropped = 0;
  return {
    add(message) {
      if (out.length < MAX_WARNINGS) out.push(typeof message === 'string' ? message : message());
      else dropped++;
    },
    list() {
      return dropped ? [...out, `${dropped} more warnings not shown`] : out;
    },
  };
}

/** A short, printable excerpt of untrusted text for a warning: no control bytes, bounded length. */
export function clip(s: string, max = 60): string {
  const cut = s.length > max ? `${s.slice(0, max)}...` : s;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/** Whitespace-separated words of a line (linear, no regex backtracking). */
export function words(line: string): string[] {
  return line.split(/[ \t]+/).filter((w) => w !== '');
}

/**
 * Lines iproute2 (or the shell) prints instead of output: "RTNETLINK answers: ...", "Error: ...",
 * 'Cannot find device "x"', 'Device "x" does not exist.', "Dump terminated", unknown object/command.
 * The JSON forms print "[" before a dump error, so a leading "[" is ignored.
 */
export function isIpErrorLine(line: string): boolean {
  if (line.endsWith('command not found')) return true;
  // Cheap first-letter filter: most lines are data, and this runs on every line.
  let i = 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  // BusyBox's ip prefixes its messages with the applet name: "ip: RTNETLINK answers: Network unreachable".
  if (line.startsWith('ip: ', i)) i += 4;
  if (line[i] === '[') i++;
  const c = line[i];
  if (c !== 'R' && c !== 'E' && c !== 'C' && c !== 'D' && c !== 'O' && c !== 'N' && c !== 'U') return false;
  const t = line.slice(i).trimEnd();
  return (
    t.startsWith('RTNETLINK answers:') ||
    t.startsWith('Error:') ||
    t.startsWith('Cannot find device') ||
    (t.startsWith('Device "') && t.endsWith('does not exist.')) ||
    t === 'Dump terminated' ||
    (t.startsWith('Object "') && t.includes('is unknown')) ||
    (t.startsWith('Command "') && t.includes('is unknown')) ||
    t.startsWith('Not enough information') ||
    t.startsWith('Usage: ip ')
  );
}

/** The error lines of an output, joined, or null when there are none. */
export function ipErrors(lines: readonly string[]): string | null {
  const errs = lines.filter(isIpErrorLine).map((l) => (l.startsWith('[') ? l.slice(1) : l).trim());
  return errs.length ? clip(errs.join('; '), 300) : null;
}

/** Set an own enumerable property, also for keys like "__proto__" (maps built from untrusted text). */
export function setKey<V>(obj: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A finite number from JSON, or a decimal string, or undefined. */
export function numLike(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d{1,18}$/.test(v)) return Number(v);
  return undefined;
}

/** "598sec" -> 598; "5" -> 5; anything else undefined. */
export function seconds(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d{1,15})(?:sec|s)?$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

/** Strings of a JSON array, ignoring non-strings. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A literal IPv4 or IPv6 address as iproute2 prints it ("10.20.0.1", "fe80::1"), with "/len" when `prefix` allows it. */
export function isAddress(s: string, opts: { prefix: boolean }): boolean {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  if (slash >= 0) {
    if (!opts.prefix || !/^\d{1,3}$/.test(s.slice(slash + 1))) return false;
  }
  const len = slash < 0 ? null : Number(s.slice(slash + 1));
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(addr)) return addr.split('.').every((o) => Number(o) <= 255) && (len === null || len <= 32);
  if (!/^[0-9a-fA-F:.]+$/.test(addr) || !addr.includes(':')) return false;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h ? h.split(':') : []));
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(g))) return false;
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return false;
  return len === null || len <= 128;
}
