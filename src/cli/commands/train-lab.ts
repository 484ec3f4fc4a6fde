// Why: `gatewalk train --lab`: a live namespace lab with the fault injected, the wizard run from its jump namespace, the lab removed after.

import { fileURLToPath } from 'node:url';
import { loadWizard } from '../../engine/wizard.js';
import { readIncidentFile } from '../../incident/read-file.js';
import { labDown } from '../../lab/down.js';
import { findFault } from '../../lab/faults.js';
import { labPaths } from '../../lab/state.js';
import { nsName, VPN_TYPES, type VpnType } from '../../lab/topology.js';
import { labUp } from '../../lab/up.js';
import { liveSession } from '../../session/open.js';
import { execRunner } from '../../targets/exec-runner.js';
import { netnsTarget } from '../../targets/target.js';
import { labName } from '../../targets/tokens.js';
import { liveSources } from '../../tui/live-sources.js';
import { runTui } from '../../tui/run.js';
import { realClock } from '../../tui/scheduler.js';
import { debrief, debriefLines } from '../../view/debrief.js';
import { plain } from '../../view/styled.js';
import { EXIT, usageError } from '../../util/errors.js';
import type { Io } from '../io.js';
import { exitSoon } from './exit-soon.js';
import { wizardOptions } from './wizard-options.js';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));

/** "no-return-route" or "wireguard--no-return-route" (the VPN part then picks the lab's VPN). */
export function labChoice(arg: string | undefined, vpnFlag: string | undefined): { fault: string; vpn: VpnType } {
  if (!arg) throw usageError('train --lab: name the fault (gatewalk lab faults lists them), e.g. gatewalk train --lab no-return-route');
  const [a, b] = arg.includes('--') ? arg.split('--') : [undefined, arg];
  const vpn = (vpnFlag ?? a ?? 'wireguard') as VpnType;
  if (!(VPN_TYPES as readonly string[]).includes(vpn)) throw usageError(`train: --vpn must be one of ${VPN_TYPES.join(', ')} (got "${vpn}")`);
  const f = findFault(b ?? '');
  if (!f.vpns.includes(vpn)) throw usageError(`train: fault ${f.name} applies to ${f.vpns.join(' and ')} labs, not ${vpn}`);
  return { fault: f.name, vpn };
}

/** Builds the lab, runs the wizard inside its jump namespace (same terminal), removes the lab whatever happens. */
export async function trainLab(o: { fault: string; vpn: VpnType; name: string; journal?: string }, io: Io): Promise<number> {
  const name = labName('--name', o.name);
  const runner = execRunner();
  io.err(`gatewalk: building lab ${name} (${o.vpn}, fault ${o.fault}); a few seconds\n`);
  let code: number = EXIT.internal;
  // While the wizard runs, signals are its to handle; this process only waits to remove the lab.
  const ignore = () => {};
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, ignore);
  try {
    await labUp({ name, vpn: o.vpn, fault: o.fault, runner });
    code = await runner.foreground(netnsTarget(nsName(name, 'jump')), [process.execPath, BIN, 'train', '--lab-child', o.fault, '--name', name, ...(o.journal ? ['--journal', o.journal] : [])]);
  } finally {
    await labDown(name, runner);
    io.err(`gatewalk: lab ${name} removed\n`);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(s, ignore);
  }
  return code;
}

/** Inside the jump namespace: the live wizard on the lab's incident, mode "lab", with the debrief. */
export async function trainLabChild(fault: string, name: string, journal: string | undefined, io: Io): Promise<number> {
  const f = findFault(fault);
  const file = labPaths(labName('--name', name)).incident;
  const parsed = readIncidentFile(file);
  if (!parsed.ok) throw usageError(parsed.error);
  const inc = parsed.incident;
  const runner = execRunner();
  const session = await liveSession({ incidentFile: file, runner, mode: 'lab', title: `lab ${name}`, ...(journal ? { journalPath: journal } : {}) });
  const paths = labPaths(name);
  const sources = liveSources(inc, runner, paths.controlDir, realClock);
  const expected = { gate: f.gate, side: f.side, cause: f.cause };
  const exit = await runTui({ ...wizardOptions(session, inc, loadWizard(), sources, true), finale: (s) => debriefLines(debrief(s, expected)) });
  io.out(`gatewalk train --lab ${fault}: ${exit.reason}\n`);
  io.out(debriefLines(debrief(session.state(), expected)).map(plain).join('\n') + '\n');
  io.out(`journal: ${session.state().journalPath}\n`);
  exitSoon(exit.code);
  return exit.code;
}
