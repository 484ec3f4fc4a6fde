// Why: everything one diagnosis run collected (probes, streams, counters, traffic), the same in memory, on disk and in replay.

import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../probes/catalog.js';

export interface RecordedCommand {
  id: string;
  role: Role;
  argv: string[];
  parser?: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  startedAt: number;
  durationMs: number;
}

export interface RecordedStream {
  id: string;
  role: Role;
  argv: string[];
  parser: string;
  /** Raw pty text with its arrival time (ms since the run started). */
  chunks: Array<{ t: number; data: string }>;
}

export interface CounterSample {
  t: number;
  /** `ip -s -j link show dev TUN` output. */
  link: string;
  /** `wg show TUN dump` or `swanctl --list-sas` output. */
  vpn: string;
  vpnArgv: string[];
}

export interface Recording {
  incidentText: string;
  probes: Record<string, RecordedCommand>;
  streams: Record<string, RecordedStream>;
  counters: Partial<Record<'gwA' | 'gwB', CounterSample[]>>;
  traffic: Record<string, RecordedCommand>;
  /** Roles whose host could not be reached (ssh exit 255 on the first command). */
  unreachable: Role[];
  /** Live only: why a host was unreachable, ssh's own last stderr line (not written to scenario files). */
  unreachableWhy?: Partial<Record<Role, string>>;
}

export function emptyRecording(incidentText: string): Recording {
  return { incidentText, probes: {}, streams: {}, counters: {}, traffic: {}, unreachable: [] };
}

interface CommandMeta {
  kind: 'probe' | 'traffic' | 'stream';
  id: string;
  role: Role;
  argv: string[];
  parser?: string;
  exitCode?: number | null;
  startedAt: number;
  durationMs?: number;
}

/** Write a recording as a scenario folder (see snapshots/README.md); `extra` goes into scenario.json. */
export function writeRecording(dir: string, rec: Recording, extra: Record<string, unknown>): void {
  for (const sub of ['probes', 'streams', 'traffic', 'counters']) mkdirSync(join(dir, sub), { recursive: true });
  const commands: CommandMeta[] = [];
  for (const s of Object.values(rec.streams)) {
    const file = join(dir, 'streams', `${s.id}.jsonl`);
    writeFileSync(file, '');
    for (const c of s.chunks) appendFileSync(file, JSON.stringify(c) + '\n');
    commands.push({ kind: 'stream', id: s.id, role: s.role, argv: s.argv, parser: s.parser, startedAt: s.chunks[0]?.t ?? 0 });
  }
  for (const [gw, samples] of Object.entries(rec.counters)) {
    writeFileSync(join(dir, 'counters', `${gw}.jsonl`), samples.map((x) => JSON.stringify(x)).join('\n') + '\n');
  }
  for (const [kind, group] of [['traffic', rec.traffic], ['probe', rec.probes]] as const) {
    for (const c of Object.values(group)) {
      const sub = kind === 'probe' ? 'probes' : 'traffic';
      // Traffic keeps stdout and stderr together, as a terminal shows them.
      writeFileSync(join(dir, sub, `${c.id}.out`), kind === 'probe' ? c.stdout : c.stdout + c.stderr);
      if (kind === 'probe' && c.stderr) writeFileSync(join(dir, sub, `${c.id}.err`), c.stderr);
      commands.push({ kind, id: c.id, role: c.role, argv: c.argv, ...(c.parser ? { parser: c.parser } : {}), exitCode: c.exitCode, startedAt: c.startedAt, durationMs: c.durationMs });
    }
  }
  writeFileSync(join(dir, 'incident.yaml'), rec.incidentText);
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ ...extra, unreachable: rec.unreachable, commands }, null, 2) + '\n');
}

/** Read a scenario folder back into a recording (replay: no root, no network). */
export function readRecording(dir: string): Recording {
  const meta = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { commands: CommandMeta[]; unreachable?: Role[] };
  const rec = emptyRecording(readFileSync(join(dir, 'incident.yaml'), 'utf8'));
  rec.unreachable = meta.unreachable ?? [];
  const text = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
  for (const c of meta.commands) {
    if (c.kind === 'stream') {
      const chunks = text(join(dir, 'streams', `${c.id}.jsonl`))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { t: number; data: string });
      rec.streams[c.id] = { id: c.id, role: c.role, argv: c.argv, parser: c.parser ?? 'tcpdump', chunks };
      continue;
    }
    const sub = c.kind === 'probe' ? 'probes' : 'traffic';
    rec[c.kind === 'probe' ? 'probes' : 'traffic'][c.id] = {
      id: c.id,
      role: c.role,
      argv: c.argv,
      ...(c.parser ? { parser: c.parser } : {}),
      exitCode: c.exitCode ?? null,
      stdout: text(join(dir, sub, `${c.id}.out`)),
      stderr: text(join(dir, sub, `${c.id}.err`)),
      startedAt: c.startedAt,
      durationMs: c.durationMs ?? 0,
    };
  }
  const cdir = join(dir, 'counters');
  if (existsSync(cdir)) {
    for (const f of readdirSync(cdir)) {
      const gw = f.replace(/\.jsonl$/, '') as 'gwA' | 'gwB';
      rec.counters[gw] = text(join(cdir, f)).split('\n').filter(Boolean).map((l) => JSON.parse(l) as CounterSample);
    }
  }
  return rec;
}
