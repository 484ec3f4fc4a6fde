// Why: the counters panes' sparklines drawn by blessed-contrib's sparkline widget (UTF-8 and colour only), loaded after the first frame; its titles are escaped before they reach the widget's tag markup.

import { createRequire } from 'node:module';
import type { SparkSeries } from '../view/spark-widget.js';
import type { Widgets } from './blessed.js';
import { escapeTags } from './tags.js';

type SparklineWidget = Widgets.BoxElement & { setData(titles: string[], data: number[][]): void };
type SparklineCtor = new (opts: Record<string, unknown>) => SparklineWidget;

export interface Place {
  top: number;
  left: number;
  width: number;
}

export interface SparkWidgets {
  /** Pane `i`'s two widgets at `at` (6 rows), or hidden (`null`: the pane is not shown, or draws text sparklines). */
  draw(i: number, at: Place | null, series: readonly [SparkSeries, SparkSeries] | null): void;
}

const FG: Record<SparkSeries['style'], string> = { pass: 'green', fail: 'red' };

/**
 * Only contrib's sparkline module (~2 ms), not its index, which loads every widget (maps, pictures,
 * ~110 ms); the widget requires the same `blessed` this screen runs on.
 */
export function loadSparkWidgets(screen: Widgets.Screen): SparkWidgets {
  const Sparkline = createRequire(import.meta.url)('blessed-contrib/lib/widget/sparkline.js') as SparklineCtor;
  const panes = new Map<number, Array<{ w: SparklineWidget; shown: string }>>();
  const pair = (i: number) => {
    let p = panes.get(i);
    if (!p) {
      // Never focusable, never scrolled: the pane box under it keeps the keys.
      const make = () => ({ w: new Sparkline({ parent: screen, tags: true, top: 0, left: 0, width: 10, height: 3, hidden: true, style: { fg: 'green', titleFg: 'white' } }), shown: '' });
      p = [make(), make()];
      panes.set(i, p);
    }
    return p;
  };
  return {
    draw(i, at, series) {
      if (!at || !series) {
        for (const x of panes.get(i) ?? []) x.w.hide();
        return;
      }
      pair(i).forEach((x, k) => {
        const s = series[k]!;
        const key = `${at.top},${at.left},${at.width},${s.style},${s.title},${s.data.join(',')}`;
        x.w.show();
        if (x.shown === key) return;
        x.shown = key;
        x.w.top = at.top + 3 * k;
        x.w.left = at.left;
        x.w.width = at.width;
        x.w.height = 3;
        x.w.style.fg = FG[s.style];
        x.w.setData([escapeTags(s.title)], [s.data]);
      });
    },
  };
}
