// Why: record whole scenarios for replay: every probe and stream the wizard uses, over ssh from the jump namespace, per VPN type and fault.

import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner, StreamSession } from '../targets/runner.js';
import { execRunner } from '../targets/exec-runner.js';
import { netnsTarget, sshCloseArgv, sshTarget, localTarget, type SshOptions, type Target } from '../targets/target.js';
import { parseIncident } from '../incident/load.js';
import { oneShotProbes, streamProbes, type Role } from '../probes/catalog.js';
import { openLab, type Lab } from '../lab/context.js';
import { labUp } from '../lab/up.js';
import { labDown } from '../lab/down.js';
import { FAULTS, applyFault } from '../lab/faults.js';
import { readState } from '../lab/state.js';
import { VPN_TYPES, nsName, tunnelIf, type VpnType } from '../lab/topology.js';
import { labSecrets, redactSecrets, toolVersions } from './secrets.js';

const ROLES: Role[] = ['hostA', 'gwA', 'gwB', 'hostB'];
/** DF ping payload sizes recorded for the MTU step (1472 fills a 1500-byte packet). */
export const MTU_LADDER = [1472, 1400, 1372, 1352, 1300, 1252, 1200, 1000, 500];

export function scenarioName(vpn: VpnType, fault: string | null): string {
  return `${vpn}--${fault ?? 'healthy'}`;
}

export interface ScenarioRecordOptions {
  root: string;
  lab?: string;
  only?: string[];
  log: (s: string) => void;
}

export async function recordScenarios(o: ScenarioRecordOptions): Promise<number> {
  const runner = execRunner();
  const tools = await toolVersions(runner);
  const name = o.lab ?? 'scn';
  let n = 0;
  for (const vpn of VPN_TYPES) {
    for (const fault of [null, ...FAULTS.filter((f) => f.vpns.includes(vpn)).map((f) => f.name)]) {
      const scenario = scenarioName(vpn, fault);
      if (o.only?.length && !o.only.includes(scenario)) continue;
      await labDown(name, runner);
      await labUp({ name, vpn, runner, ...(fault ? { fault } : {}) });
      try {
        const lab = openLab(readState(name)!, runner);
        await recordOne(o, runner, lab, vpn, fault, tools);
        n++;
        o.log(`recorded ${scenario}`);
      } finally {
        await labDown(name, runner);
      }
    }
  }
  return n;
}

async function recordOne(o: ScenarioRecordOptions, runner: Runner, lab: Lab, vpn: VpnType, fault: string | null, tools: Record<string, string>): Promise<void> {
  const dir = join(o.root, 'snapshots', 'scenarios', scenarioName(vpn, fault));
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['probes', 'streams', 'traffic', 'counters']) mkdirSync(join(dir, sub), { recursive: true });
  const secrets = labSecrets(lab);
  const clean = (s: string) => redactSecrets(s, secrets);
  const incidentText = readFileSync(lab.paths.incident, 'utf8');
  const parsed = parseIncident(incidentText, lab.paths.incident);
  if (!parsed.ok) throw new Error(parsed.error);
  const inc = parsed.incident;
  const sshOpts = (host: Role): SshOptions => ({ host, configFile: lab.paths.sshConfig, controlDir: lab.paths.controlDir, via: netnsTarget(nsName(lab.name, 'jump')) });
  const targets = Object.fromEntries(ROLES.map((r) => [r, sshTarget(sshOpts(r))])) as Record<Role, Target>;
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const commands: unknown[] = [];

  try {
    // One master connection per host before anything runs in parallel (ControlMaster=auto races otherwise).
    for (const r of ROLES) await runner.run(targets[r], { argv: ['true'], timeoutMs: 10_000 });
    // Live streams first, then traffic, while counters are sampled.
    const sessions: Array<{ id: string; s: StreamSession }> = [];
    for (const sp of streamProbes(inc, 5000)) {
      const s = runner.stream(targets[sp.role], sp.argv, { timeoutMs: sp.timeoutMs, ...(sp.maxLines ? { maxLines: sp.maxLines } : {}) });
      const file = join(dir, 'streams', `${sp.id}.jsonl`);
      writeFileSync(file, '');
      s.onData((data) => appendFileSync(file, JSON.stringify({ t: at(), data: clean(data) }) + '\n'));
      sessions.push({ id: sp.id, s });
      commands.push({ kind: 'stream', id: sp.id, role: sp.role, argv: sp.argv, parser: sp.parser, startedAt: at() });
    }
    const sampling = sampleCounters(runner, targets, vpn, tunnelIf(vpn), dir, at, clean);
    await sleep(1200);
    const traffic = [
      { id: 'ping', argv: ['ping', '-n', '-c', '3', '-i', '0.3', '-W', '1', inc.pair.destination] },
      { id: 'tcp-connect', argv: ['curl', '-s', '-o', '/dev/null', '--max-time', '3', '-w', '%{http_code} %{size_download}\\n', `http://${inc.pair.destination}:${inc.pair.port ?? 8080}/2M`] },
    ];
    for (const tr of traffic) {
      const started = at();
      const r = await runner.run(targets.hostA, { argv: tr.argv, timeoutMs: 10_000 });
      writeFileSync(join(dir, 'traffic', `${tr.id}.out`), clean(r.stdout + r.stderr));
      commands.push({ kind: 'traffic', id: tr.id, role: 'hostA', argv: tr.argv, exitCode: r.exitCode, startedAt: started, durationMs: Math.round(r.durationMs) });
    }
    await sleep(1000);
    for (const { s } of sessions) s.kill();
    await Promise.all(sessions.map(({ s }) => s.done));
    await sampling.stop();

    for (const p of oneShotProbes(inc)) {
      const started = at();
      const r = await runner.run(targets[p.role], { argv: p.argv, timeoutMs: 10_000 });
      writeFileSync(join(dir, 'probes', `${p.id}.out`), clean(r.stdout));
      if (r.stderr) writeFileSync(join(dir, 'probes', `${p.id}.err`), clean(r.stderr));
      commands.push({ kind: 'probe', id: p.id, role: p.role, argv: p.argv, parser: p.parser, exitCode: r.exitCode, startedAt: started, durationMs: Math.round(r.durationMs) });
    }
    for (const size of MTU_LADDER) {
      const argv = ['ping', '-n', '-c', '1', '-W', '1', '-M', 'do', '-s', String(size), inc.pair.destination];
      const started = at();
      const r = await runner.run(targets.hostA, { argv, timeoutMs: 5000 });
      writeFileSync(join(dir, 'traffic', `mtu-${size}.out`), clean(r.stdout + r.stderr));
      commands.push({ kind: 'traffic', id: `mtu-${size}`, role: 'hostA', argv, exitCode: r.exitCode, startedAt: started, durationMs: Math.round(r.durationMs) });
    }
  } finally {
    for (const r of ROLES) await runner.run(localTarget(), { argv: sshCloseArgv(sshOpts(r)) ?? ['true'] });
  }
  const f = FAULTS.find((x) => x.name === fault);
  const meta = {
    scenario: scenarioName(vpn, fault),
    how: 'recorded by `npm run snapshots:record -- --scenarios` (src/record/scenarios.ts): a fresh gatewalk lab, every probe run over ssh from the jump namespace',
    recordedAt: new Date().toISOString(),
    vpn,
    fault,
    expected: f ? { gate: f.gate, side: f.side, cause: fault } : null,
    tools,
    commands,
  };
  writeFileSync(join(dir, 'incident.yaml'), clean(incidentText.replace(lab.paths.sshConfig, '/lab/ssh_config')));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify(meta, null, 2) + '\n');
  assertNoSecrets(dir, secrets);
}

/** Read back every file written: none may hold a lab secret. */
function assertNoSecrets(dir: string, secrets: string[]): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const text = readFileSync(join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const sec of secrets) if (text.includes(sec)) throw new Error(`a lab secret reached ${join(entry.parentPath ?? entry.path, entry.name)}`);
  }
}

/** Tunnel counters on both gateways every 500 ms, as raw command outputs with their time. */
function sampleCounters(runner: Runner, targets: Record<Role, Target>, vpn: VpnType, tun: string, dir: string, at: () => number, clean: (s: string) => string) {
  let running = true;
  const loop = async (role: 'gwA' | 'gwB') => {
    const file = join(dir, 'counters', `${role}.jsonl`);
    writeFileSync(file, '');
    while (running) {
      const t = at();
      const link = await runner.run(targets[role], { argv: ['ip', '-s', '-j', 'link', 'show', 'dev', tun], timeoutMs: 3000 });
      const vpnArgv = vpn === 'wireguard' ? ['wg', 'show', tun, 'dump'] : ['swanctl', '--list-sas'];
      const v = await runner.run(targets[role], { argv: vpnArgv, timeoutMs: 3000 });
      appendFileSync(file, JSON.stringify({ t, link: clean(link.stdout), vpn: clean(v.stdout), vpnArgv }) + '\n');
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
