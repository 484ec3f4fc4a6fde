// Why: collect evidence from real hosts: live captures while test traffic flows, counters, then every probe and a DF-ping ladder.

import type { Runner, StreamSession } from '../targets/runner.js';
import type { Target } from '../targets/target.js';
import type { Incident } from '../incident/schema.js';
import { oneShotProbes, streamProbes, type Role } from '../probes/catalog.js';
import { emptyRecording, type CounterSample, type RecordedCommand, type Recording } from './recording.js';

/** DF ping payload sizes for the MTU step (1472 fills a 1500-byte packet). */
export const MTU_LADDER = [1472, 1400, 1372, 1352, 1300, 1252, 1200, 1000, 500];

export interface LiveOptions {
  /** How long captures run (they start before and end after the test traffic). */
  streamMs?: number;
  /** Redaction applied to every output before it is kept. */
  clean?: (s: string) => string;
  /** Progress for a person: "probing gwA", ... */
  progress?: (line: string) => void;
}

const ROLES: Role[] = ['hostA', 'gwA', 'gwB', 'hostB'];

/** ssh exits 255 when it could not reach or log in to the host. */
export function isUnreachable(exitCode: number | null): boolean {
  return exitCode === 255;
}

export async function collectLive(runner: Runner, targets: Partial<Record<Role, Target>>, inc: Incident, incidentText: string, o: LiveOptions = {}): Promise<Recording> {
  const clean = o.clean ?? ((s: string) => s);
  const progress = o.progress ?? (() => {});
  const rec = emptyRecording(incidentText);
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const run = async (id: string, role: Role, argv: string[], parser?: string, timeoutMs = 10_000): Promise<RecordedCommand> => {
    const startedAt = at();
    const r = await runner.run(targets[role]!, { argv, timeoutMs });
    return { id, role, argv, ...(parser ? { parser } : {}), exitCode: r.exitCode, stdout: clean(r.stdout), stderr: clean(r.stderr), startedAt, durationMs: Math.round(r.durationMs) };
  };

  // Reach every host first, one at a time: this also opens each multiplexed ssh connection
  // before anything runs in parallel (ControlMaster=auto races otherwise).
  const present = ROLES.filter((r) => targets[r]);
  for (const role of present) {
    progress(`reaching ${role}`);
    const r = await run(`${role}.reach`, role, ['true']);
    if (isUnreachable(r.exitCode) || r.exitCode === null) rec.unreachable.push(role);
  }
  const usable = (role: Role) => Boolean(targets[role]) && !rec.unreachable.includes(role);

  progress('capturing while test traffic flows');
  const streamMs = o.streamMs ?? 5000;
  const sessions: StreamSession[] = [];
  for (const sp of streamProbes(inc, streamMs)) {
    if (!usable(sp.role)) continue;
    const chunks: Array<{ t: number; data: string }> = [];
    rec.streams[sp.id] = { id: sp.id, role: sp.role, argv: sp.argv, parser: sp.parser, chunks };
    const s = runner.stream(targets[sp.role]!, sp.argv, { timeoutMs: sp.timeoutMs, ...(sp.maxLines ? { maxLines: sp.maxLines } : {}) });
    s.onData((data) => chunks.push({ t: at(), data: clean(data) }));
    sessions.push(s);
  }
  const sampler = sampleCounters(runner, targets, inc, usable, at, clean, rec);
  await sleep(1200);
  const source: Role | null = usable('hostA') ? 'hostA' : null;
  if (source) {
    const dst = inc.pair.destination;
    rec.traffic.ping = await run('ping', source, ['ping', '-n', '-c', '3', '-i', '0.3', '-W', '1', dst]);
    if (inc.pair.protocol === 'tcp' && inc.pair.port) {
      rec.traffic['tcp-connect'] = await run('tcp-connect', source, ['curl', '-s', '-o', '/dev/null', '--max-time', '3', '-w', '%{http_code} %{size_download}\\n', `http://${dst}:${inc.pair.port}/2M`]);
    }
  }
  await sleep(1000);
  for (const s of sessions) s.kill();
  await Promise.all(sessions.map((s) => s.done));
  await sampler.stop();

  progress('reading configuration and state');
  for (const p of oneShotProbes(inc)) {
    if (!usable(p.role)) continue;
    rec.probes[p.id] = await run(p.id, p.role, p.argv, p.parser);
  }
  if (source) {
    progress('searching the path MTU');
    for (const size of MTU_LADDER) {
      rec.traffic[`mtu-${size}`] = await run(`mtu-${size}`, source, ['ping', '-n', '-c', '1', '-W', '1', '-M', 'do', '-s', String(size), inc.pair.destination], undefined, 5000);
    }
  }
  return rec;
}

/** Tunnel counters on both gateways every 500 ms while traffic flows. */
function sampleCounters(
  runner: Runner,
  targets: Partial<Record<Role, Target>>,
  inc: Incident,
  usable: (r: Role) => boolean,
  at: () => number,
  clean: (s: string) => string,
  rec: Recording,
) {
  let running = true;
  const loop = async (role: 'gwA' | 'gwB') => {
    const site = inc.sites[role === 'gwA' ? 'a' : 'b'];
    const tun = site.tunnel.interface;
    if (!usable(role) || !tun) return;
    const samples: CounterSample[] = [];
    rec.counters[role] = samples;
    const vpnArgv = site.tunnel.type === 'wireguard' ? ['wg', 'show', tun, 'dump'] : site.tunnel.type === 'strongswan' ? ['swanctl', '--list-sas'] : null;
    while (running) {
      const t = at();
      const link = await runner.run(targets[role]!, { argv: ['ip', '-s', '-j', 'link', 'show', 'dev', tun], timeoutMs: 3000 });
      const v = vpnArgv ? await runner.run(targets[role]!, { argv: vpnArgv, timeoutMs: 3000 }) : null;
      samples.push({ t, link: clean(link.stdout), vpn: clean(v?.stdout ?? ''), vpnArgv: vpnArgv ?? [] });
      await sleep(500);
    }
  };
  const both = Promise.all([loop('gwA'), loop('gwB')]);
  return {
    stop: async () => {
      running = false;
      await both;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
