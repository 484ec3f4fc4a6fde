// Why: undo a lab completely and idempotently: its daemons (by recorded pid only), namespaces and files.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import type { Runner } from '../targets/runner.js';
import { local, sleep } from './context.js';
import { labPaths, readState, stillOurs, type ProcRecord } from './state.js';
import { NODES, nsName } from './topology.js';

export interface DownReport {
  name: string;
  stopped: number;
  namespaces: string[];
  /** Processes still inside a lab namespace that the lab did not start (left alone). */
  strangers: number[];
  hadAnything: boolean;
}

/** Order: charon first (its SIGTERM removes its TUN device and routes), then the rest, holders last. */
function stopOrder(p: ProcRecord): number {
  return p.role === 'charon' ? 0 : p.role === 'holder' ? 2 : 1;
}

async function stop(procs: ProcRecord[]): Promise<number> {
  let n = 0;
  const mine = procs.filter(stillOurs);
  for (const rank of [0, 1, 2]) {
    const group = mine.filter((p) => stopOrder(p) === rank);
    for (const p of group) {
      try {
        process.kill(p.pid, 'SIGTERM');
        n++;
      } catch {
        /* already gone */
      }
    }
    const end = performance.now() + 3000;
    while (group.some(stillOurs) && performance.now() < end) await sleep(20);
    for (const p of group.filter(stillOurs)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    while (group.some(stillOurs) && performance.now() < end + 1000) await sleep(20);
  }
  return n;
}

function existingNamespaces(lab: string): string[] {
  const have = existsSync('/run/netns') ? new Set(readdirSync('/run/netns')) : new Set<string>();
  return NODES.map((n) => nsName(lab, n)).filter((ns) => have.has(ns));
}

export async function labDown(name: string, runner: Runner): Promise<DownReport> {
  const state = readState(name);
  const paths = labPaths(name);
  const namespaces = existingNamespaces(name);
  const hadAnything = state !== null || namespaces.length > 0 || existsSync(paths.dir);
  const stopped = state ? await stop(state.procs) : 0;
  const strangers: number[] = [];
  for (const ns of namespaces) {
    const pids = await runner.run(local, { argv: ['ip', 'netns', 'pids', ns] });
    strangers.push(...pids.stdout.split(/\s+/).filter(Boolean).map(Number));
    await runner.run(local, { argv: ['ip', 'netns', 'del', ns] });
  }
  rmSync(paths.dir, { recursive: true, force: true });
  return { name, stopped, namespaces, strangers, hadAnything };
}
