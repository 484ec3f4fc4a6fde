// Why: `BENCH_TUI_HEAP=1`: the flooded TUI process's own memory figures (heap, external, V8 spaces) every second, which /proc's RSS cannot split; loaded with --import through NODE_OPTIONS.

import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';

const file = process.env.GATEWALK_BENCH_HEAPLOG;
// Only this process: the fake tcpdump and every other child start without it.
delete process.env.NODE_OPTIONS;
delete process.env.GATEWALK_BENCH_HEAPLOG;

export interface HeapSample {
  /** Seconds since this process started (0.1 s). */
  t: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** MiB used per V8 space (new, old, code, large_object, ...). */
  spaces: Record<string, number>;
}

const mib = (b: number) => Math.round(b / 104857.6) / 10;

function sample(): void {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), mib(s.space_used_size)]));
  const s: HeapSample = { t: Math.round(process.uptime() * 10) / 10, rss: mib(m.rss), heapTotal: mib(m.heapTotal), heapUsed: mib(m.heapUsed), external: mib(m.external), arrayBuffers: mib(m.arrayBuffers), spaces };
  appendFileSync(file!, `${JSON.stringify(s)}\n`);
}

if (file) {
  sample();
  // Every second, so the bench's 5 s RSS points find a heap sample within half a second.
  setInterval(sample, 1000).unref();
}
