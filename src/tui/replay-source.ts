// Why: a recorded stream replayed at its recorded pace (`t` ms since the start), one timer for the next item only.

import type { Clock } from './scheduler.js';
import type { Source, SourceSink } from './sources.js';

export interface ReplayOptions {
  /** 2 plays twice as fast. */
  speed?: number;
  /** What the pane says when the recording is over. */
  endMessage?: string;
}

export function replaySource<T>(items: ReadonlyArray<{ t: number; item: T }>, clock: Clock, opts: ReplayOptions = {}): Source<T> {
  const speed = opts.speed ?? 1;
  let timer: unknown = null;
  let stopped = false;
  return {
    start(sink: SourceSink<T>) {
      const t0 = clock.now();
      let i = 0;
      const next = () => {
        timer = null;
        if (stopped) return;
        const now = clock.now() - t0;
        while (i < items.length && items[i]!.t / speed <= now) sink.data(items[i++]!.item);
        if (i >= items.length) {
          sink.ended(opts.endMessage ?? 'recording ended');
          return;
        }
        timer = clock.setTimeout(next, Math.max(0, items[i]!.t / speed - now));
      };
      next();
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
