// Why: what a lab started (namespaces, pids with their start times, active fault), kept on disk so `lab down` can undo it after a crash.

import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { HolderNode, VpnType } from './topology.js';

export interface ProcRecord {
  pid: number;
  /** Field 22 of /proc/PID/stat when started: a recycled pid has another value. */
  startTime: string;
  role: string;
  node: string;
}

export interface LabState {
  name: string;
  vpn: VpnType;
  createdAt: string;
  phase: 'building' | 'up';
  fault: string | null;
  procs: ProcRecord[];
  holders: Partial<Record<HolderNode, number>>;
  wgPublic?: { gwA: string; gwB: string };
}

export function labRoot(): string {
  return process.env.GATEWALK_LAB_ROOT || '/var/lib/gatewalk/labs';
}

export function labDir(name: string): string {
  return join(labRoot(), name);
}

export interface LabPaths {
  dir: string;
  state: string;
  sshConfig: string;
  key: string;
  knownHosts: string;
  incident: string;
  controlDir: string;
  node(n: string): string;
}

export function labPaths(name: string): LabPaths {
  const dir = labDir(name);
  return {
    dir,
    state: join(dir, 'state.json'),
    sshConfig: join(dir, 'ssh_config'),
    key: join(dir, 'id_ed25519'),
    knownHosts: join(dir, 'known_hosts'),
    incident: join(dir, 'incident.yaml'),
    controlDir: join(dir, 'cm'),
    node: (n) => join(dir, n),
  };
}

export function readState(name: string): LabState | null {
  const p = labPaths(name).state;
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as LabState;
  } catch {
    return null;
  }
}

/** Atomic and durable: a crash leaves the old or the new file, never half of one. */
export function writeState(s: LabState): void {
  const p = labPaths(s.name);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const tmp = `${p.state}.tmp`;
  writeFileSync(tmp, JSON.stringify(s, null, 2) + '\n', { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, p.state);
}

export function procStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

/** True while the recorded process is still the one we started. */
export function stillOurs(p: ProcRecord): boolean {
  return procStartTime(p.pid) === p.startTime;
}
