// Why: the wizard's speed figures: start to first full frame, and under 4 panes x 2,000 lines/s: key-to-frame latency, CPU, RSS.

import { cpSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { startCli, type Run } from '../tui/harness.js';
import { SCENARIOS_DIR } from '../lib/replay.js';

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

async function firstFrame(dir: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = startCli(['train', 'wireguard--no-return-route', '--journal', join(dir, `ff${i}.jsonl`)], { cols: 160, rows: 48 });
    const t1 = await when(r, fullFrame, 20_000);
    times.push(t1 - t0);
    r.send('q');
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 3000))]);
    r.kill('SIGKILL');
  }
  return times;
}

/** A recorded scenario whose two tcpdump streams carry 4,000 lines/s each (2,000 for each of 4 panes: LAN and tunnel per gateway). */
async function floodScenario(dir: string, seconds: number, linesPerPane: number): Promise<string> {
  const out = join(dir, 'flood');
  cpSync(join(SCENARIOS_DIR, 'wireguard--no-return-route'), out, { recursive: true });
  const tickMs = 10;
  const perTick = (linesPerPane * tickMs) / 1000;
  for (const [gw, ifs] of [['gwA', ['lan0', 'wg0']], ['gwB', ['wg0', 'lan0']]] as const) {
    const w = createWriteStream(join(out, 'streams', `${gw}.tcpdump.jsonl`));
    for (let t = 0; t < seconds * 1000; t += tickMs) {
      let data = '';
      for (let i = 0; i < perTick; i++) {
        for (const f of ifs) data += `01:21:41.${String((t * 1000 + i) % 1e6).padStart(6, '0')} ${f}  In  IP 10.20.0.55.${33000 + i} > 172.31.40.10.8080: Flags [S], seq ${t * 100 + i}, win 64240, length 0\r\n`;
      }
      if (!w.write(JSON.stringify({ t: 1000 + t, data }) + '\n')) await once(w, 'drain');
    }
    w.end();
    await once(w, 'finish');
  }
  return out;
}

function procStat(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]);
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / 100, rssKb: Number(rss?.[1] ?? 0) };
}

async function flood(dir: string, seconds: number): Promise<void> {
  const scenario = await floodScenario(dir, seconds, 2000);
  const r = startCli(['train', scenario, '--journal', join(dir, 'flood.jsonl')], { cols: 160, rows: 48 });
  try {
    await when(r, fullFrame, 30_000);
    // Warm-up: the first seconds of the flood.
    await new Promise((res) => setTimeout(res, 3000));
    const start = procStat(r.proc.pid);
    const t0 = performance.now();
    const lat: number[] = [];
    let open = false;
    while (performance.now() - t0 < seconds * 1000 - 4000) {
      const sent = performance.now();
      r.send(open ? '\x1b' : '?');
      const shown = await when(r, (s) => (open ? !s.includes('focus the next pane') : s.includes('focus the next pane')), 5000).catch(() => NaN);
      open = !open;
      if (!Number.isNaN(shown)) lat.push(shown - sent);
      await new Promise((res) => setTimeout(res, 250));
    }
    const end = procStat(r.proc.pid);
    const wall = performance.now() - t0;
    console.log(
      `tui flood: 4 panes x 2,000 lines/s for ${seconds} s (recorded streams replayed): key-to-frame p50 ${median(lat).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms ` +
        `(${lat.length} keys; target p95 <= 100 ms); CPU ${((100 * (end.cpuMs - start.cpuMs)) / wall).toFixed(0)} % of one core; ` +
        `RSS ${(start.rssKb / 1024).toFixed(0)} MiB after warm-up -> ${(end.rssKb / 1024).toFixed(0)} MiB at the end (${(((end.rssKb - start.rssKb) / start.rssKb) * 100).toFixed(1)} %, target < 10 %)`,
    );
    r.send('q');
    await Promise.race([r.exited, new Promise((res) => setTimeout(res, 3000))]);
  } finally {
    r.kill('SIGKILL');
  }
}

export async function benchTui(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatewalk-bench-tui-'));
  try {
    const runs = Number(process.env.BENCH_TUI_RUNS ?? 10);
    const ff = await firstFrame(dir, runs);
    console.log(`tui first full frame (train, 160x48, under node-pty): median ${median(ff).toFixed(0)} ms, min ${Math.min(...ff).toFixed(0)}, max ${Math.max(...ff).toFixed(0)} (${runs} runs; target <= 400 ms)`);
    await flood(dir, Number(process.env.BENCH_TUI_SECONDS ?? 60));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
