// Why: a live pane whose session dies says so and reconnects with backoff (1 s, 2 s, 4 s ... 30 s); the other panes go on.

import type { Clock } from './scheduler.js';
import type { Source, SourceSink } from './sources.js';

export interface LiveSession<T> {
  onData(fn: (item: T) => void): void;
  write(data: string): void;
  kill(): void;
  /** Resolves with a one-line reason when the session ended. */
  done: Promise<string>;
}

export interface BackoffOptions {
  firstMs?: number;
  maxMs?: number;
}

export function reconnecting<T>(open: () => LiveSession<T>, clock: Clock, opts: BackoffOptions = {}): Source<T> {
  const first = opts.firstMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  let current: LiveSession<T> | null = null;
  let timer: unknown = null;
  let stopped = false;
  let delay = first;
  let attempt = 0;
  return {
    start(sink: SourceSink<T>) {
      const connect = () => {
        timer = null;
        if (stopped) return;
        attempt++;
        let s: LiveSession<T>;
        try {
          s = open();
        } catch (e) {
          retry(`could not start: ${(e as Error).message}`);
          return;
        }
        current = s;
        let sawData = false;
        s.onData((item) => {
          if (!sawData) {
            sawData = true;
            delay = first;
            if (attempt > 1) sink.ended(null);
          }
          sink.data(item);
        });
        void s.done.then((why) => {
          if (current === s) current = null;
          if (!stopped) retry(why);
        });
      };
      const retry = (why: string) => {
        sink.ended(`session ended: ${why}; reconnecting in ${Math.round(delay / 1000)} s (attempt ${attempt + 1})`);
        timer = clock.setTimeout(connect, delay);
        delay = Math.min(max, delay * 2);
      };
      connect();
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      current?.kill();
      current = null;
    },
    write(data: string) {
      current?.write(data);
    },
  };
}
