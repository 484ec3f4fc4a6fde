// Why: the screen's symbols in two sets, Unicode and plain ASCII, chosen by the locale (a non-UTF-8 terminal gets ASCII).

export interface Glyphs {
  utf8: boolean;
  pass: string;
  fail: string;
  warn: string;
  unknown: string;
  pending: string;
  running: string;
  arrow: string;
  sep: string;
  ellipsis: string;
  /** Sparkline levels, lowest first. */
  spark: readonly string[];
}

const UNICODE: Glyphs = { utf8: true, pass: '✔', fail: '✘', warn: '!', unknown: '?', pending: '·', running: '…', arrow: '→', sep: '│', ellipsis: '…', spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] };
const ASCII: Glyphs = { utf8: false, pass: '+', fail: 'x', warn: '!', unknown: '?', pending: '.', running: '~', arrow: '->', sep: '|', ellipsis: '...', spark: ['_', '.', '-', '~', '=', '+', '*', '#'] };

/** The locale decides: LC_ALL, then LC_CTYPE, then LANG, as setlocale(3) reads them. */
export function isUtf8Locale(env: Record<string, string | undefined>): boolean {
  const loc = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(loc);
}

export function glyphsFor(env: Record<string, string | undefined>): Glyphs {
  return isUtf8Locale(env) ? UNICODE : ASCII;
}
