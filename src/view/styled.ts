// Why: what the view hands the screen: lines of segments with a named style, so view/ stays free of blessed and colour codes.

export type Style = 'pass' | 'fail' | 'warn' | 'unknown' | 'pending' | 'running' | 'dim' | 'bold' | 'key' | 'title' | 'alert' | 'focus';

export interface Seg {
  text: string;
  style?: Style;
  /** Text that carries SGR colour codes from our own Markdown renderer (never remote bytes). */
  ansi?: boolean;
}

export type Line = Seg[];

export const seg = (text: string, style?: Style): Seg => (style ? { text, style } : { text });

export function plain(line: Line): string {
  return line.map((s) => (s.ansi ? stripSgr(s.text) : s.text)).join('');
}

/** Colour is off with NO_COLOR (any value, no-color.org), TERM=dumb, or GATEWALK_MONO. */
export function monochrome(env: Record<string, string | undefined>): boolean {
  return env.NO_COLOR !== undefined || env.TERM === 'dumb' || Boolean(env.GATEWALK_MONO);
}

/** Cut a string to `width` columns (one column per code point; wide characters are rare in our text). */
export function fit(s: string, width: number, ellipsis = '…'): string {
  // Code points never outnumber UTF-16 units: a short string fits without being split (this runs per line, per frame).
  if (s.length <= width) return s;
  const cps = [...s];
  if (cps.length <= width) return s;
  if (width <= ellipsis.length) return cps.slice(0, width).join('');
  return cps.slice(0, width - [...ellipsis].length).join('') + ellipsis;
}

export function stripSgr(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Columns of a string as fit() counts them (code points), without splitting it when it has no surrogate pairs. */
export function columns(s: string): number {
  return /[\ud800-\udfff]/.test(s) ? [...s].length : s.length;
}
