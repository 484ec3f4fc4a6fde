// Why: the wizard's speed figures: start to first full frame, and under 4 panes x 2,000 lines/s: key-to-frame latency, CPU, RSS.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, type Run } from '../tui/harness.js';

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
  mkdirSync(bin);
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

function procStat(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]);
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs: (ticks * 1000) / 100, rssKb: Number(rss?.[1] ?? 0) };
}

async function flood(dir: string, seconds: number): Promise<void> {
  const fake = fakeGateways(dir, 2000);
  const r = startCli(['tui', '--incident', fake.incident, '--journal', join(dir, 'flood.jsonl')], { cols: 160, rows: 48, env: { PATH: fake.path } });
  try {
    await when(r, (x) => /wg0 +In +IP/.test(x) && /lan0 +In +IP/.test(x), 30_000);
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
      `tui flood: 4 panes x 2,000 lines/s for ${seconds} s (live mode, fake local tcpdump): key-to-frame p50 ${median(lat).toFixed(0)} ms, p95 ${pct(lat, 95).toFixed(0)} ms ` +
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
    const verdicts: number[] = [];
    const ff = await firstFrame(dir, runs, verdicts);
    console.log(`tui first full frame (train, 160x48, under node-pty): median ${median(ff).toFixed(0)} ms, min ${Math.min(...ff).toFixed(0)}, max ${Math.max(...ff).toFixed(0)} (${runs} runs; target <= 400 ms); verdicts on screen: median ${median(verdicts).toFixed(0)} ms`);
    await flood(dir, Number(process.env.BENCH_TUI_SECONDS ?? 60));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
