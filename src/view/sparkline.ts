// Why: a row of per-interval rates as one line of bar glyphs (Unicode blocks, or ASCII when the locale is not UTF-8).

import type { Glyphs } from './glyphs.js';

/** The last `width` values, scaled to the largest; zero stays the lowest glyph. */
export function sparkline(values: readonly number[], width: number, g: Glyphs): string {
  const xs = values.slice(Math.max(0, values.length - width));
  const max = Math.max(0, ...xs);
  const top = g.spark.length - 1;
  return xs.map((v) => g.spark[max > 0 && v > 0 ? Math.max(1, Math.round((v / max) * top)) : 0]).join('');
}
