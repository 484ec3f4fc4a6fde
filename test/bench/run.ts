// Why: `npm run bench`: speed figures as medians over several runs (these machines are noisy), printed, never asserted.

import { execRunner } from '../../src/targets/exec-runner.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { VPN_TYPES } from '../../src/lab/topology.js';
import { ALL_PARSERS } from '../../src/parsers/registry.js';
import { fixtures } from '../lib/snapshots.js';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULTS, applyFault, healFault } from '../../src/lab/faults.js';
import { openLab } from '../../src/lab/context.js';
import { readState } from '../../src/lab/state.js';
import { benchJournal } from './journal.js';
import { benchReport } from './report.js';
import { benchTui } from './tui.js';

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

/** MB/s of each parser on its largest fixture: median of 5 timed batches of at least 100 ms each. */
function benchParsers(): void {
  const corpus = fixtures();
  for (const p of ALL_PARSERS) {
    const mine = corpus.filter((f) => f.parser === p.id).sort((a, b) => b.raw.length - a.raw.length);
    const f = mine[0];
    if (!f) continue;
    const bytes = Buffer.byteLength(f.raw);
    const rates: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      let n = 0;
      const t0 = performance.now();
      let dt = 0;
      while ((dt = performance.now() - t0) < 100) {
        p.parse(f.raw);
        n++;
      }
      rates.push((bytes * n) / 1e6 / (dt / 1000));
    }
    console.log(`parser ${p.id.padEnd(20)} ${median(rates).toFixed(1).padStart(8)} MB/s on ${f.name} (${bytes} bytes), median of 5`);
  }
}

/** Time from start to verdict of `gatewalk check --incident` run in the lab's jump namespace, per fault. */
async function benchCheck(): Promise<void> {
  const why = labUnavailable();
  if (why) {
    console.log(`check: not measured (${why})`);
    return;
  }
  const runner = execRunner();
  const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
  const runs = Number(process.env.BENCH_CHECK_RUNS ?? 3);
  // BENCH_LAB names the lab (two benches at once need two names); BENCH_VPNS and BENCH_FAULTS
  // (comma lists, "healthy" for no fault) narrow the scenarios while one change is measured.
  const labName = process.env.BENCH_LAB ?? 'benchck';
  const pick = (env: string | undefined, x: string) => !env || env.split(',').includes(x);
  const all: number[] = [];
  const wrong: string[] = [];
  // Each run's journal goes to a scratch directory (not the user's state directory), removed at the end.
  const journals = mkdtempSync(join(tmpdir(), 'gatewalk-bench-check-'));
  process.on('exit', () => rmSync(journals, { recursive: true, force: true }));
  for (const vpn of VPN_TYPES.filter((v) => pick(process.env.BENCH_VPNS, v))) {
    await labDown(labName, runner);
    await labUp({ name: labName, vpn, runner });
    try {
      for (const fault of [null, ...FAULTS.filter((f) => f.vpns.includes(vpn)).map((f) => f.name)].filter((f) => pick(process.env.BENCH_FAULTS, f ?? 'healthy'))) {
        const lab = openLab(readState(labName)!, runner);
        if (fault) await applyFault(lab, fault);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          const r = await execa('ip', ['netns', 'exec', `${labName}-jump`, process.execPath, bin, 'check', '--incident', lab.paths.incident, '--json', '--journal', join(journals, `${vpn}-${fault ?? 'healthy'}-${i}.jsonl`)], { reject: false });
          times.push(performance.now() - t0);
          // A fast wrong verdict is no verdict: say so next to the figure.
          const want = FAULTS.find((f) => f.name === fault);
          let got: { gate: unknown; cause: unknown; side: unknown } | null | undefined;
          try {
            got = (JSON.parse(String(r.stdout)) as { failure: typeof got }).failure;
          } catch {
            got = undefined;
          }
          const right = want ? got?.gate === want.gate && got?.cause === want.cause && got?.side === want.side : got === null;
          if (!right) wrong.push(`${vpn}--${fault ?? 'healthy'} run ${i + 1}: ${got === undefined ? `no JSON (exit ${r.exitCode})` : JSON.stringify(got && { gate: got.gate, cause: got.cause, side: got.side })}`);
        }
        all.push(...times);
        console.log(`check ${vpn}--${fault ?? 'healthy'}: time to verdict median ${fmt(median(times))}, worst ${fmt(Math.max(...times))} (${runs} runs)`);
        if (fault) await healFault(openLab(readState(labName)!, runner));
      }
    } finally {
      await labDown(labName, runner);
    }
  }
  for (const w of wrong) console.log(`check WRONG VERDICT ${w}`);
  console.log(`check overall: median ${fmt(median(all))}, worst ${fmt(Math.max(...all))} over ${all.length} runs (targets: median <= 5 s, worst <= 10 s)`);
}

async function main(): Promise<void> {
  console.log(`gatewalk bench, node ${process.version}, ${new Date().toISOString()}`);
  if (process.argv.includes('--tui')) return benchTui();
  // `--check` measures the live check alone (minutes per VPN type): nothing else first.
  if (process.argv.includes('--check')) return benchCheck();
  benchParsers();
  if (process.argv.includes('--parsers')) return;
  await benchJournal();
  if (process.argv.includes('--journal')) return;
  await benchReport();
  if (process.argv.includes('--report')) return;
  await benchTui();
  await benchLab();
  await benchCheck();
}

main().catch((e) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
