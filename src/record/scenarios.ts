// Why: record whole scenarios for replay: the live collector run over ssh from the jump namespace, per VPN type and fault.

import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner } from '../targets/runner.js';
import { execRunner } from '../targets/exec-runner.js';
import { localTarget, netnsTarget, sshCloseArgv, sshTarget, type SshOptions, type Target } from '../targets/target.js';
import { parseIncident } from '../incident/load.js';
import type { Role } from '../probes/catalog.js';
import { collectLive } from '../engine/collect-live.js';
import { writeRecording } from '../engine/recording.js';
import { openLab, type Lab } from '../lab/context.js';
import { labUp } from '../lab/up.js';
import { labDown } from '../lab/down.js';
import { FAULTS } from '../lab/faults.js';
import { readState } from '../lab/state.js';
import { VPN_TYPES, nsName, type VpnType } from '../lab/topology.js';
import { labSecrets, redactSecrets, toolVersions } from './secrets.js';

const ROLES: Role[] = ['hostA', 'gwA', 'gwB', 'hostB'];
/** The lab's ssh config path is replaced by this in recorded incident files. */
export const RECORDED_SSH_CONFIG = '/lab/ssh_config';

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
        await recordOne(o, runner, openLab(readState(name)!, runner), vpn, fault, tools);
        n++;
        o.log(`recorded ${scenario}`);
      } finally {
        await labDown(name, runner);
      }
    }
  }
  return n;
}

/** The lab's ssh targets as an operator on the jump host would use them. */
export function labSshTargets(lab: Lab): { targets: Record<Role, Target>; close: () => Promise<void> } {
  const opts = (host: Role): SshOptions => ({ host, configFile: lab.paths.sshConfig, controlDir: lab.paths.controlDir, via: netnsTarget(nsName(lab.name, 'jump')) });
  return {
    targets: Object.fromEntries(ROLES.map((r) => [r, sshTarget(opts(r))])) as Record<Role, Target>,
    close: async () => {
      for (const r of ROLES) await lab.runner.run(localTarget(), { argv: sshCloseArgv(opts(r)) ?? ['true'] });
    },
  };
}

async function recordOne(o: ScenarioRecordOptions, runner: Runner, lab: Lab, vpn: VpnType, fault: string | null, tools: Record<string, string>): Promise<void> {
  const dir = join(o.root, 'snapshots', 'scenarios', scenarioName(vpn, fault));
  rmSync(dir, { recursive: true, force: true });
  const secrets = labSecrets(lab);
  const clean = (s: string) => redactSecrets(s, secrets);
  const incidentText = readFileSync(lab.paths.incident, 'utf8');
  const parsed = parseIncident(incidentText, lab.paths.incident);
  if (!parsed.ok) throw new Error(parsed.error);
  const { targets, close } = labSshTargets(lab);
  let rec;
  try {
    rec = await collectLive(runner, targets, parsed.incident, clean(incidentText.replace(lab.paths.sshConfig, RECORDED_SSH_CONFIG)), { clean });
  } finally {
    await close();
  }
  const f = FAULTS.find((x) => x.name === fault);
  writeRecording(dir, rec, {
    scenario: scenarioName(vpn, fault),
    how: 'recorded by `npm run snapshots:record -- --scenarios` (src/record/scenarios.ts): a fresh gatewalk lab, src/engine/collect-live.ts run over ssh from the jump namespace',
    recordedAt: new Date().toISOString(),
    vpn,
    fault,
    // A "works, but" fault expects no FAIL, as healthy does: expected stays null and `expect` says why.
    expected: f && f.expect !== 'no-fail' ? { gate: f.gate, side: f.side, cause: f.cause } : null,
    ...(f?.expect === 'no-fail' ? { expect: 'no-fail' } : {}),
    tools,
  });
  assertNoSecrets(dir, secrets);
}

/** Read back every file written: none may hold a lab secret. */
function assertNoSecrets(dir: string, secrets: string[]): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(path, 'utf8');
    for (const sec of secrets) if (text.includes(sec)) throw new Error(`a lab secret reached ${path}`);
  }
}
