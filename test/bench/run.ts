// Why: `npm run bench`: speed figures as medians over several runs (these machines are noisy), printed, never asserted.

import { execRunner } from '../../src/targets/exec-runner.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { VPN_TYPES } from '../../src/lab/topology.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function benchLab(): Promise<void> {
  const why = labUnavailable();
  if (why) {
    console.log(`lab: not measured (${why})`);
    return;
  }
  const runner = execRunner();
  const name = 'bench';
  await labDown(name, runner);
  for (const vpn of VPN_TYPES) {
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await labUp({ name, vpn, runner });
      up.push(r.firstPingMs);
      const t0 = performance.now();
      await labDown(name, runner);
      down.push(performance.now() - t0);
    }
    console.log(
      `lab ${vpn}: up to first ping median ${fmt(median(up))} (min ${fmt(Math.min(...up))}, max ${fmt(Math.max(...up))}, target < 3 s); ` +
        `down median ${fmt(median(down))} (max ${fmt(Math.max(...down))}); ${RUNS} runs`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`gatewalk bench, node ${process.version}, ${new Date().toISOString()}`);
  await benchLab();
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
