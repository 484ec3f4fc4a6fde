// Why: shared helpers for lab tests: bring a lab up for a suite, run on its nodes, check it left nothing behind.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execRunner } from '../../src/targets/exec-runner.js';
import { localTarget } from '../../src/targets/target.js';
import { attempt, nodeTarget, type Lab } from '../../src/lab/context.js';
import { openLab } from '../../src/lab/context.js';
import { readState, labPaths, stillOurs, type ProcRecord } from '../../src/lab/state.js';
import { NODES, nsName, type NodeName } from '../../src/lab/topology.js';

export const runner = execRunner();

export function reopen(name: string): Lab {
  const s = readState(name);
  if (!s) throw new Error(`lab ${name} has no state`);
  return openLab(s, runner);
}

export async function sh(lab: Lab, node: NodeName, argv: string[]): Promise<{ ok: boolean; out: string }> {
  const r = await attempt(lab, nodeTarget(lab, node), argv, undefined, 10_000);
  return { ok: r.ok, out: r.stdout + r.stderr };
}

/** The root namespace's addresses and routes, to prove a lab never touched them. */
export async function rootNetSnapshot(): Promise<string> {
  const l = localTarget();
  const parts = await Promise.all(
    [['ip', '-j', 'addr'], ['ip', '-j', 'route', 'show', 'table', 'all'], ['ip', '-j', '-6', 'route', 'show', 'table', 'all'], ['ip', '-j', 'rule']].map(
      async (argv) => (await runner.run(l, { argv })).stdout,
    ),
  );
  // Drop volatile fields (lifetimes, stats) that change on their own.
  return parts.map((p) => p.replace(/"(valid_life_time|preferred_life_time|expires)":\d+,?/g, '')).join('\n');
}

/** Everything a lab may leave behind, as a list of findings (empty when clean). */
export function leftovers(name: string, procs: ProcRecord[]): string[] {
  const found: string[] = [];
  const have = existsSync('/run/netns') ? readdirSync('/run/netns') : [];
  for (const n of NODES) if (have.includes(nsName(name, n))) found.push(`namespace ${nsName(name, n)}`);
  for (const p of procs) if (stillOurs(p)) found.push(`process ${p.role} ${p.pid}`);
  const dir = labPaths(name).dir;
  if (existsSync(dir)) found.push(`directory ${dir}`);
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir + '/')) found.push(`process ${pid} using ${dir}`);
    } catch {
      /* exited */
    }
  }
  if (existsSync('/run/wireguard')) {
    for (const f of readdirSync('/run/wireguard')) found.push(`wireguard socket /run/wireguard/${f}`);
  }
  return found;
}
