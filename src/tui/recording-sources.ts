// Why: a recording's streams and counter samples as pane sources, replayed at their recorded pace (training, frame tests).

import type { Recording } from '../engine/recording.js';
import { replaySource } from './replay-source.js';
import type { Clock } from './scheduler.js';
import type { SampleSource, TextSource } from './sources.js';

export function recordingSources(rec: Recording, clock: Clock, speed = 1): { text: Record<string, TextSource>; samples: Partial<Record<'gwA' | 'gwB', SampleSource>> } {
  const text: Record<string, TextSource> = {};
  for (const s of Object.values(rec.streams)) {
    const last = s.chunks[s.chunks.length - 1]?.t ?? 0;
    text[s.id] = replaySource(s.chunks.map((c) => ({ t: c.t, item: c.data })), clock, { speed, endMessage: `recording ended after ${(last / 1000).toFixed(1)} s` });
  }
  const samples: Partial<Record<'gwA' | 'gwB', SampleSource>> = {};
  for (const role of ['gwA', 'gwB'] as const) {
    const xs = rec.counters[role];
    if (xs?.length) samples[role] = replaySource(xs.map((x) => ({ t: x.t, item: x })), clock, { speed, endMessage: 'recording ended' });
  }
  return { text, samples };
}
