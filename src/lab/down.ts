// Why: undo a lab completely and idempotently: its daemons (by recorded pid only), namespaces and files.

import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Runner } from '../targets/runner.js';
import { local, sleep } from './context.js';
import { labPaths, procStartTime, readState, stillOurs, type ProcRecord } from './state.js';
import { NODES, nsName } from './topology.js';

export interface DownReport {
  name: string;
  stopped: number;
  namespaces: string[];
  /** Processes still inside a lab namespace that the lab did not start (left alone). */
  strangers: number[];
  hadAnything: boolean;
}

/** Order: charon first (its SIGTERM removes its TUN device and routes), then the rest (and their children), holders last. */
function stopOrder(p: ProcRecord): number {
  return p.role === 'charon' ? 0 : p.role === 'holder' ? 2 : 1;
}

/** Processes forked by the ones the lab started (sshd's per-connection sessions), read from /proc. */
function descendants(roots: ProcRecord[]): ProcRecord[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* exited */
    }
  }
  const out: ProcRecord[] = [];
  const walk = (pid: number, root: ProcRecord) => {
    for (const c of children.get(pid) ?? []) {
      const startTime = procStartTime(c);
      if (!startTime) continue;
      out.push({ pid: c, startTime, role: `${root.role}-child`, node: root.node });
      walk(c, root);
    }
  };
  for (const r of roots) walk(r.pid, r);
  return out;
}

async function stop(procs: ProcRecord[]): Promise<number> {
  let n = 0;
  const started = procs.filter(stillOurs);
  const mine = [...started, ...descendants(started)];
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

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
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
  let stopped = state ? await stop(state.procs) : 0;
  const inside = async () => (await Promise.all(namespaces.map(async (ns) => (await runner.run(local, { argv: ['ip', 'netns', 'pids', ns] })).stdout.split(/\s+/).filter(Boolean).map(Number)))).flat();
  // A build killed between starting a daemon and recording its pid leaves it unrecorded; a process in
  // the lab's namespaces whose command line names the lab's own directory can only be the lab's.
  const unrecorded = (await inside()).filter((pid) => cmdline(pid).includes(`${paths.dir}/`));
  stopped += await stop(unrecorded.flatMap((pid) => {
    const startTime = procStartTime(pid);
    return startTime ? [{ pid, startTime, role: 'unrecorded', node: 'unknown' }] : [];
  }));
  const strangers = await inside();
  for (const ns of namespaces) await runner.run(local, { argv: ['ip', 'netns', 'del', ns] });
  rmSync(paths.dir, { recursive: true, force: true });
  return { name, stopped, namespaces, strangers, hadAnything };
}
