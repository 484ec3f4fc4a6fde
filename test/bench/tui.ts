// Why: the wizard's speed figures: start to first full frame, and under 4 panes x 2,000 lines/s: key-to-frame latency, CPU, the RSS curve (median of 3 floods).

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, type Run } from '../tui/harness.js';
import { formatCurve, procStat, readHeapLog, sampleRss } from './memory-curve.js';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** A frame is full when the header, gate bar, a pane title and the status line are all drawn. */
function fullFrame(screen: string): boolean {
  const lines = screen.split('\n');
  return /REPLAY/.test(lines[0] ?? '') && /Gate 1|G1/.test(lines[1] ?? '') && /\[1\] gwA/.test(screen) && /quit|help/.test(lines[lines.length - 1] ?? '');
}

/** Resolves when `pred` holds on the screen, checked after every write the terminal model parsed. */
function when(r: Run, pred: (s: string) => boolean, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      d.dispose();
      reject(new Error('timeout'));
    }, timeoutMs);
    const check = () => {
      if (!pred(r.screen())) return false;
      clearTimeout(timer);
      d.dispose();
      resolve(performance.now());
      return true;
    };
    const d = r.term.onWriteParsed(() => void check());
    check();
  });
}

async function firstFrame(dir: string, runs: number, verdicts: number[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = startCli(['train', 'wireguard--no-return-route', '--journal', join(dir, `ff${i}.jsonl`)], { cols: 160, rows: 48 });
    // A run that never draws (another build rewriting dist/ meanwhile) is reported, not fatal.
    const t1 = await when(r, fullFrame, 20_000).catch(() => null);
    if (t1 === null) console.log(`tui first frame run ${i + 1}: no full frame within 20 s; screen:\n${r.screen()}`);
    else {
      times.push(t1 - t0);
      // The first frame shows the gates pending while the engine loads; the verdicts follow.
      const t2 = await when(r, (x) => /Gate 4 \S+ FAIL/.test(x), 20_000).catch(() => null);
      if (t2 !== null) verdicts.push(t2 - t0);
    }
    r.send('q');
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 3000))]);
    r.kill('SIGKILL');
  }
  return times;
}

/**
 * Live mode against fake gateways: both are `local: true` and PATH holds only a fake `tcpdump`
 * (4,000 lines/s: 2,000 for the LAN pane, 2,000 for the tunnel pane), a silent `conntrack`, and
 * sh/sleep/timeout. Every other command the session tries (ip, ping, ...) is not found, so
 * nothing is read from this machine and no packet is sent.
 */
function fakeGateways(dir: string, linesPerPane: number): { incident: string; path: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const tcpdump = `#!${process.execPath}
let n = 0;
const per = ${(linesPerPane * 10) / 1000};
setInterval(() => {
  let out = '';
  for (let i = 0; i < per; i++, n++) for (const f of ['lan0', 'wg0']) out += '01:21:41.' + String(n % 1e6).padStart(6, '0') + ' ' + f + '  In  IP 10.20.0.55.' + (33000 + (n % 1000)) + ' > 172.31.40.10.8080: Flags [S], seq ' + n + ', win 64240, length 0\\n';
  process.stdout.write(out);
}, 10);
`;
  writeFileSync(join(bin, 'tcpdump'), tcpdump, { mode: 0o755 });
  writeFileSync(join(bin, 'conntrack'), `#!${process.execPath}\nsetInterval(() => {}, 1000);\n`, { mode: 0o755 });
  for (const [name, real] of [['sh', '/bin/sh'], ['sleep', '/bin/sleep'], ['timeout', '/usr/bin/timeout']] as const) symlinkSync(real, join(bin, name));
  const incident = join(dir, 'incident.yaml');
  writeFileSync(
    incident,
    `title: bench flood
pair: { source: 10.20.0.55, destination: 172.31.40.10, protocol: icmp }
sites:
  a: { name: a, lan: [10.20.0.0/24], gateway: { target: { local: true }, lan_interface: lan0, wan_interface: wan0 }, tunnel: { type: wireguard, interface: wg0 } }
  b: { name: b, lan: [172.31.40.0/24], gateway: { target: { local: true }, lan_interface: lan0, wan_interface: wan0 }, tunnel: { type: wireguard, interface: wg0 } }
`,
  );
  return { incident, path: bin };
}

interface FloodResult {
  lat: number[];
  cpuPct: number;
  startKb: number;
  endKb: number;
  peakKb: number;
  curve: string;
}

/** The flood's warm-up: its first seconds, from the first tcpdump lines of both interfaces on screen. */
const WARMUP_S = Number(process.env.BENCH_TUI_WARMUP ?? 10);

async function flood(dir: string, seconds: number, run: number): Promise<FloodResult> {
  const fake = fakeGateways(join(dir, `flood${run}`), 2000);
  const heapLog = join(dir, `heap${run}.jsonl`);
  // BENCH_TUI_HEAP=1: the TUI process logs its heap figures too (test/bench/heap-sampler.ts).
  const heap: Record<string, string> = process.env.BENCH_TUI_HEAP ? { NODE_OPTIONS: `--import ${new URL('./heap-sampler.js', import.meta.url).href}`, GATEWALK_BENCH_HEAPLOG: heapLog } : {};
  const spawned = performance.now();
  const r = startCli(['tui', '--incident', fake.incident, '--journal', join(dir, `flood${run}.jsonl`)], { cols: 160, rows: 48, env: { PATH: fake.path, ...heap } });
  try {
    await when(r, (x) => /wg0 +In +IP/.test(x) && /lan0 +In +IP/.test(x), 30_000);
    const flooding = performance.now();
    const rss = sampleRss(r.proc.pid, 5000);
    await new Promise((res) => setTimeout(res, WARMUP_S * 1000));
    const start = procStat(r.proc.pid);
    const t0 = performance.now();
    const lat: number[] = [];
    let open = false;
    while (performance.now() - flooding < seconds * 1000) {
      const sent = performance.now();
      r.send(open ? '\x1b' : '?');
      const shown = await when(r, (s) => (open ? !s.includes('focus the next pane') : s.includes('focus the next pane')), 5000).catch(() => NaN);
      open = !open;
      if (!Number.isNaN(shown)) lat.push(shown - sent);
      await new Promise((res) => setTimeout(res, 250));
    }
    const end = procStat(r.proc.pid);
    const wall = performance.now() - t0;
    const points = rss.stop();
    const tEnd = Math.round((performance.now() - flooding) / 1000);
    if (points.at(-1)?.t !== tEnd) points.push({ t: tEnd, rssKb: end.rssKb });
    r.send('q');
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 3000))]);
    const after = points.filter((p) => p.t >= WARMUP_S);
    return {
      lat,
      cpuPct: (100 * (end.cpuMs - start.cpuMs)) / wall,
      startKb: start.rssKb,
      endKb: end.rssKb,
      peakKb: Math.max(start.rssKb, ...after.map((p) => p.rssKb)),
      curve: formatCurve(points, readHeapLog(heapLog), (flooding - spawned) / 1000),
    };
  } finally {
    r.kill('SIGKILL');
  }
}

const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`;

async function floods(dir: string, seconds: number, runs: number): Promise<void> {
  const growth = (f: FloodResult) => ((f.endKb - f.startKb) / f.startKb) * 100;
  const mib = (kb: number) => (kb / 1024).toFixed(0);
  const all: FloodResult[] = [];
  for (let i = 0; i < runs; i++) {
    const before = load();
    const f = await flood(dir, seconds, i);
    all.push(f);
    console.log(
      `tui flood run ${i + 1}/${runs}: key-to-frame p50 ${median(f.lat).toFixed(0)} ms, p95 ${pct(f.lat, 95).toFixed(0)} ms (${f.lat.length} keys); CPU ${f.cpuPct.toFixed(0)} % of one core; ` +
        `RSS ${mib(f.startKb)} MiB after warm-up -> ${mib(f.endKb)} MiB at the end (${growth(f).toFixed(1)} %; peak ${mib(f.peakKb)} MiB); ${before} before, ${load()} after\n  RSS every 5 s since the flood reached the screen:\n${f.curve}`,
    );
  }
  const lat = all.flatMap((f) => f.lat);
  console.log(
    `tui flood: 4 panes x 2,000 lines/s for ${seconds} s (live mode, fake local tcpdump), ${runs} runs: key-to-frame p50 ${median(lat).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms ` +
      `(${lat.length} keys; target p95 <= 100 ms); CPU median ${median(all.map((f) => f.cpuPct)).toFixed(0)} % of one core; ` +
      `RSS growth after warm-up median ${median(all.map(growth)).toFixed(1)} % (runs: ${all.map((f) => `${mib(f.startKb)} -> ${mib(f.endKb)} MiB`).join(', ')}; target < 10 %). ` +
      `Warm-up: the first ${WARMUP_S} s after both interfaces' tcpdump lines are on screen; growth is from the end of the warm-up to the end of the flood.`,
  );
}

export async function benchTui(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatewalk-bench-tui-'));
  try {
    const runs = Number(process.env.BENCH_TUI_RUNS ?? 10);
    const verdicts: number[] = [];
    const ff = await firstFrame(dir, runs, verdicts);
    console.log(`tui first full frame (train, 160x48, under node-pty): median ${median(ff).toFixed(0)} ms, min ${Math.min(...ff).toFixed(0)}, max ${Math.max(...ff).toFixed(0)} (${runs} runs; target <= 400 ms); verdicts on screen: median ${median(verdicts).toFixed(0)} ms`);
    await floods(dir, Number(process.env.BENCH_TUI_SECONDS ?? 60), Number(process.env.BENCH_TUI_FLOODS ?? 3));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
