// Why: what a counters pane hands blessed-contrib's sparkline widget: neutralized titles, a window of rates it can draw, and the rows it takes.

import type { CounterView } from './counters.js';
import { visible } from './sanitize.js';

/** Two widgets (TX, RX), each three rows: contrib's blank line, the title, the sparkline. */
export const SPARK_WIDGET_ROWS = 6;

export interface SparkSeries {
  /** Made visible here; the tui escapes blessed's tag braces before the widget's markup sees it. */
  title: string;
  data: number[];
  style: 'pass' | 'fail';
}

/**
 * The last rates that fit a widget `width` columns wide (contrib draws `width - 2` values), scaled to
 * 0..1000: contrib's sparkline shifts values left by 8 bits in 32-bit integers, so raw byte rates
 * above 8 MiB would wrap. It scales between the window's lowest and highest value; a leading 0
 * keeps zero the bottom, so a steady rate stands high and a flat RX stays on the floor, as in the
 * text sparkline.
 */
export function widgetData(values: readonly number[], width: number): number[] {
  const n = Math.max(0, width - 3);
  const xs = values.slice(Math.max(0, values.length - n)).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...xs);
  return [0, ...xs.map((v) => (max > 0 ? Math.round((v / max) * 1000) : 0))];
}

export function sparkWidgetSeries(v: CounterView, iface: string, width: number): [SparkSeries, SparkSeries] {
  const name = visible(iface);
  return [
    { title: `TX on ${name}, per 500 ms`, data: widgetData(v.txSeries, width), style: 'pass' },
    { title: `RX on ${name}, per 500 ms`, data: widgetData(v.rxSeries, width), style: v.txMovesRxFlat ? 'fail' : 'pass' },
  ];
}
