// Why: one handle on a lab (name, runner, paths, state) and the few ways to run a command on one of its nodes.

import { GatewalkError } from '../util/errors.js';
import { describeFailure, type CommandResult, type Runner } from '../targets/runner.js';
import { localTarget, netnsTarget, nsenterTarget, type Target } from '../targets/target.js';
import { labPaths, procStartTime, writeState, type LabPaths, type LabState } from './state.js';
import { nsName, type NodeName, HOLDER_NODES, type HolderNode } from './topology.js';

export interface Lab {
  name: string;
  runner: Runner;
  paths: LabPaths;
  state: LabState;
}

export function openLab(state: LabState, runner: Runner): Lab {
  return { name: state.name, runner, paths: labPaths(state.name), state };
}

function isHolder(n: NodeName): n is HolderNode {
  return (HOLDER_NODES as readonly string[]).includes(n);
}

/**
 * Where commands for a node run: holder nodes through nsenter into the holder's namespaces
 * (private /run, own hostname), the others (jump, wan) through `ip netns exec`.
 */
export function nodeTarget(lab: Lab, node: NodeName): Target {
  const holder = isHolder(node) ? lab.state.holders[node] : undefined;
  return holder ? nsenterTarget(holder, node) : netnsTarget(nsName(lab.name, node));
}

/** `ip netns exec`, even for holder nodes (needed where /run/netns must be visible). */
export function netnsOf(lab: Lab, node: NodeName): Target {
  return netnsTarget(nsName(lab.name, node));
}

export async function attempt(lab: Lab, target: Target, argv: string[], input?: string, timeoutMs?: number): Promise<CommandResult> {
  return lab.runner.run(target, { argv, ...(input !== undefined ? { input } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
}

/** Run and insist on success; a failure becomes one-line error naming the node and command. */
export async function must(lab: Lab, target: Target, argv: string[], input?: string): Promise<CommandResult> {
  const r = await attempt(lab, target, argv, input);
  if (!r.ok) throw new GatewalkError('LAB_COMMAND', `lab ${lab.name}: on ${target.host}: ${describeFailure(r)}`);
  return r;
}

export async function onHost(lab: Lab, node: NodeName, argv: string[], input?: string): Promise<CommandResult> {
  return must(lab, nodeTarget(lab, node), argv, input);
}

export const local = localTarget();

/** Start a daemon and record its pid before anything else can fail. */
export function startDaemon(
  lab: Lab,
  node: NodeName,
  role: string,
  target: Target,
  argv: string[],
  opts: { logFile: string; env?: Record<string, string> },
): number {
  return lab.runner.spawnDaemon(target, argv, {
    ...opts,
    onPid: (pid) => {
      lab.state.procs.push({ pid, startTime: procStartTime(pid) ?? 'unknown', role, node });
      writeState(lab.state);
    },
  });
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Poll `probe` until it returns true or `ms` passes. */
export async function waitFor(what: string, ms: number, probe: () => Promise<boolean> | boolean, stepMs = 20): Promise<void> {
  const end = performance.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (performance.now() > end) throw new GatewalkError('LAB_TIMEOUT', `timed out after ${ms} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}
