// Why: the flood's memory as a curve, not two points: RSS (and CPU) of a process read from /proc every few seconds, and its heap figures when the process logs them (heap-sampler.ts).

import { existsSync, readFileSync } from 'node:fs';
import type { HeapSample } from './heap-sampler.js';

export function procStat(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]);
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / 100, rssKb: Number(rss?.[1] ?? 0) };
}

export interface RssPoint {
  /** Seconds since sampling started. */
  t: number;
  rssKb: number;
}

/** Samples RSS now and every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs: number): { stop(): RssPoint[] } {
  const t0 = performance.now();
  const points: RssPoint[] = [];
  const take = () => {
    try {
      points.push({ t: Math.round((performance.now() - t0) / 1000), rssKb: procStat(pid).rssKb });
    } catch {
      // The process is gone; the curve ends here.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return points;
    },
  };
}

export function readHeapLog(file: string): HeapSample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HeapSample);
}

const mib = (kb: number) => (kb / 1024).toFixed(0);

/** One line per RSS sample; with heap samples, the heap figures logged nearest in time (process uptime). */
export function formatCurve(points: RssPoint[], heap: HeapSample[] = [], heapOffsetS = 0): string {
  return points
    .map((p) => {
      let line = `  t=${String(p.t).padStart(4)} s  RSS ${mib(p.rssKb).padStart(4)} MiB`;
      const h = heap.length ? heap.reduce((a, b) => (Math.abs(b.t - heapOffsetS - p.t) < Math.abs(a.t - heapOffsetS - p.t) ? b : a)) : null;
      if (h) {
        line += `  heap used ${h.heapUsed} / total ${h.heapTotal} MiB (new ${h.spaces.new ?? 0}, old ${h.spaces.old ?? 0}), external ${h.external}, arrayBuffers ${h.arrayBuffers}`;
      }
      return line;
    })
    .join('\n');
}
