// Why: `gatewalk train`: a recorded scenario replayed in the full-screen wizard (no root, no network), with a debrief at the end.

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Incident } from '../../incident/schema.js';
import { readRecording } from '../../engine/recording.js';
import { initialState } from '../../session/restore.js';
import { deferredSession } from '../../tui/deferred-session.js';
import { wizardForDisplay } from '../../tui/wizard-text.js';
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
import { scenarioDir, SCENARIOS_DIR } from './scenarios.js';
import { wizardOptions } from './wizard-options.js';

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

/**
 * The scenario's incident for the first frame without loading the schema library (~130 ms): read as
 * YAML, its addresses and interface names checked by building the panes. The session validates it
 * fully right after the first frame; anything odd here gets the schema's own error now.
 */
async function incidentOf(text: string, file: string): Promise<Incident> {
  try {
    const inc = parseYaml(text) as Incident;
    if (typeof inc.title !== 'string') throw new Error('no title');
    paneSpecs(inc);
    hostName(inc, 'a');
    hostName(inc, 'b');
    return inc;
  } catch {
    const { parseIncident } = await import('../../incident/load.js');
    const r = parseIncident(text, file);
    if (!r.ok) throw usageError(r.error);
    return r.incident;
  }
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
  const inc = await incidentOf(rec.incidentText, join(dir, 'incident.yaml'));
  const meta = scenarioMeta(dir, name);
  const journalPath = str(p, 'journal');
  const wizard = wizardForDisplay();
  // The first frame is drawn from this state; the engine's modules and the journal load right after it.
  const initial = {
    ...initialState(journalPath ?? '', Object.fromEntries(wizard.gates.map((g) => [String(g.gate), g.title]))).state,
    title: inc.title,
    pair: inc.pair,
    startedAt: new Date().toISOString(),
    busy: 'loading the engine',
  };
  const loading = new Promise<void>((r) => setImmediate(r))
    .then(() => import('../../session/open.js'))
    .then((m) => m.replaySession(name, { ...(journalPath ? { journalPath } : {}) }));
  const session = deferredSession(initial, loading);
  const sources = recordingSources(rec, realClock, speed);
  const exit = await runTui({
    ...wizardOptions(session, inc, wizard, sources, false),
    ready: session.ready,
    finale: (s) => debriefLines(debrief(s, meta.expected)),
  });
  if (exit.reason === 'error' && exit.error) throw exit.error;
  const s = session.state();
  io.out(`gatewalk train ${name}: ${exit.reason}\n`);
  io.out(debriefLines(debrief(s, meta.expected)).map(plain).join('\n') + '\n');
  io.out(`journal: ${s.journalPath}\n`);
  exitSoon(exit.code);
  return exit.code;
}
