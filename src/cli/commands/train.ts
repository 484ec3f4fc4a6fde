// Why: `gatewalk train`: a recorded scenario replayed in the full-screen wizard (no root, no network), with a debrief at the end.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseIncident } from '../../incident/load.js';
import { readRecording } from '../../engine/recording.js';
import { loadWizard } from '../../engine/wizard.js';
import { replaySession, scenarioDir, SCENARIOS_DIR } from '../../session/open.js';
import { recordingSources } from '../../tui/recording-sources.js';
import { runTui } from '../../tui/run.js';
import { realClock } from '../../tui/scheduler.js';
import { listLines, type ScenarioMeta } from '../../view/briefing.js';
import { debrief, debriefLines } from '../../view/debrief.js';
import { hostName, paneSpecs } from '../../view/panes.js';
import { plain } from '../../view/styled.js';
import { EXIT, usageError } from '../../util/errors.js';
import { parse, str } from '../args.js';
import type { Io } from '../io.js';
import { exitSoon } from './exit-soon.js';
import { requireTty } from './tty.js';

export const DEFAULT_SCENARIO = 'wireguard--no-return-route';

export const TRAIN_HELP = `Usage: gatewalk train [SCENARIO] [--journal FILE]
       gatewalk train --list
       gatewalk train --lab [--vpn TYPE] [--name LAB] FAULT     (root)

Training: a recorded lab scenario replayed in the full-screen wizard, panes fed from the recorded
captures at their recorded pace. No root, no network. Walk the gates, accept, override (with a
reason) or skip each verdict; a debrief at the end says whether you found the failing gate and
cause, in how long, and where your decisions differed from the engine's verdicts.

  SCENARIO        a folder of snapshots/scenarios (default ${DEFAULT_SCENARIO})
  --list          the scenarios, each with a one-line briefing
  --journal FILE  where the session's journal goes (default: a new file under $XDG_STATE_HOME/gatewalk)
  --speed N       replay N times faster (default 1)
  --lab           instead of a recording: build a namespace lab (root) with FAULT injected
                  (gatewalk lab faults), run the live wizard from its jump namespace, remove
                  the lab on exit; --vpn wireguard|strongswan (default wireguard), --name (train)

Keys: ? in the wizard lists them. Exit: 0 done or quit, 2 usage error or no terminal.
`;

export function scenarioMeta(dir: string, name: string): ScenarioMeta {
  const j = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { vpn?: string; fault?: string; expected?: ScenarioMeta['expected'] };
  return { name, vpn: j.vpn ?? '?', fault: j.fault ?? name.split('--')[1] ?? '?', expected: j.fault === 'healthy' ? null : (j.expected ?? null) };
}

export async function trainCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('train', argv, { list: { type: 'boolean' }, journal: { type: 'string' }, speed: { type: 'string' }, lab: { type: 'boolean' }, vpn: { type: 'string' }, name: { type: 'string' }, 'lab-child': { type: 'string' } }, 1);
  if (p.values.help) {
    io.out(TRAIN_HELP);
    return EXIT.ok;
  }
  if (p.values.list) {
    const names = readdirSync(SCENARIOS_DIR).filter((n) => existsSync(join(SCENARIOS_DIR, n, 'scenario.json'))).sort();
    io.out(listLines(names.map((n) => scenarioMeta(join(SCENARIOS_DIR, n), n))).join('\n') + '\n');
    return EXIT.ok;
  }
  const labChild = str(p, 'lab-child');
  if (labChild) return (await import('./train-lab.js')).trainLabChild(labChild, str(p, 'name') ?? 'train', str(p, 'journal'), io);
  if (p.values.lab) {
    const lab = await import('./train-lab.js');
    const choice = lab.labChoice(p.positionals[0], str(p, 'vpn'));
    requireTty('train');
    const journal = str(p, 'journal');
    return lab.trainLab({ ...choice, name: str(p, 'name') ?? 'train', ...(journal ? { journal: resolve(journal) } : {}) }, io);
  }
  if (p.values.vpn || p.values.name) throw usageError('train: --vpn and --name go with --lab');
  const speed = Number(str(p, 'speed') ?? '1');
  if (!(speed > 0 && speed <= 1000)) throw usageError('train: --speed must be a number above 0');
  const name = p.positionals[0] ?? DEFAULT_SCENARIO;
  const dir = scenarioDir(name);
  requireTty('train');
  const rec = readRecording(dir);
  const parsed = parseIncident(rec.incidentText, join(dir, 'incident.yaml'));
  if (!parsed.ok) throw usageError(parsed.error);
  const inc = parsed.incident;
  const meta = scenarioMeta(dir, name);
  const journalPath = str(p, 'journal');
  const session = await replaySession(name, { ...(journalPath ? { journalPath } : {}) });
  const sources = recordingSources(rec, realClock, speed);
  const exit = await runTui({
    session,
    wizard: loadWizard(),
    specs: paneSpecs(inc),
    ...sources,
    hosts: { a: hostName(inc, 'a'), b: hostName(inc, 'b') },
    env: process.env,
    live: false,
    finale: (s) => debriefLines(debrief(s, meta.expected)),
  });
  const s = session.state();
  io.out(`gatewalk train ${name}: ${exit.reason}\n`);
  io.out(debriefLines(debrief(s, meta.expected)).map(plain).join('\n') + '\n');
  io.out(`journal: ${s.journalPath}\n`);
  exitSoon(exit.code);
  return exit.code;
}
