// Why: `gatewalk resume JOURNAL` on a terminal: the wizard back where the journal stopped (gates, verdicts, decisions), its panes fed again, nothing re-run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../incident/schema.js';
import { parseIncident } from '../../incident/load.js';
import { readRecording } from '../../engine/recording.js';
import { loadWizard } from '../../engine/wizard.js';
import { resumeInto, resumeSession } from '../../session/open.js';
import { execRunner } from '../../targets/exec-runner.js';
import type { Runner } from '../../targets/runner.js';
import { localTarget } from '../../targets/target.js';
import { liveSources } from '../../tui/live-sources.js';
import { recordingSources } from '../../tui/recording-sources.js';
import type { TuiOptions } from '../../tui/context.js';
import { runTui } from '../../tui/run.js';
import { realClock } from '../../tui/scheduler.js';
import { debrief, debriefLines } from '../../view/debrief.js';
import { usageError } from '../../util/errors.js';
import type { Io } from '../io.js';
import { exitSoon } from './exit-soon.js';
import { scenarioDir } from './scenarios.js';
import { scenarioMeta } from './train.js';
import { wizardOptions } from './wizard-options.js';

type Start = { mode: string; scenario?: string; incidentText?: string; incidentFile?: string };

function incidentOf(text: string, file: string): Incident {
  const r = parseIncident(text, file);
  if (!r.ok) throw usageError(r.error);
  return r.incident;
}

interface Panes {
  inc: Incident;
  sources: Pick<TuiOptions, 'text' | 'samples'>;
  finale?: TuiOptions['finale'];
  closers: string[][];
  controlDir: string;
}

/** The panes the journal's session had: the recorded scenario's streams, or the incident's live gateways (started only when the screen starts them). */
function panesFor(start: Start | undefined, runner: Runner): Panes {
  if (start?.mode === 'replay') {
    const dir = scenarioDir(start.scenario ?? '');
    const rec = readRecording(dir);
    const meta = scenarioMeta(dir, start.scenario ?? '');
    return { inc: incidentOf(rec.incidentText, join(dir, 'incident.yaml')), sources: recordingSources(rec, realClock), finale: (s) => debriefLines(debrief(s, meta.expected)), closers: [], controlDir: '' };
  }
  const inc = incidentOf(start?.incidentText ?? '', start?.incidentFile ?? 'the journaled incident');
  const controlDir = mkdtempSync(join(tmpdir(), 'gatewalk-panes-'));
  const live = liveSources(inc, runner, controlDir, realClock);
  return { inc, sources: live, closers: live.closers, controlDir };
}

/** The wizard on the journal's session; the session is never run on its own (r re-runs, on the operator's key). */
export async function resumeTui(file: string, io: Io): Promise<number> {
  // Read first: a journal whose scenario or incident cannot be shown is refused before anything is written to it.
  const start = resumeSession(file).records.find((r) => r.type === 'start') as Start | undefined;
  if (!start) throw usageError(`${file} has no start record; nothing to resume`);
  // Live journals need the runner for re-runs and fixes the operator asks for; replay ones ignore it.
  const runner = execRunner();
  const panes = panesFor(start, runner);
  let code = 2;
  try {
    const session = await resumeInto(file, { runner });
    const s = session.state();
    const decided = s.gates.filter((g) => g.decision).length;
    const notice = s.gates.some((g) => g.deciding) ? `resumed: ${decided} gate(s) decided; nothing re-run` : 'resumed: no verdict was recorded; r runs the diagnosis';
    const { inc } = panes;
    const exit = await runTui({
      ...wizardOptions(session, inc, loadWizard(), panes.sources, start.mode !== 'replay'),
      autoRun: false,
      notice,
      showOpenIntents: true,
      ...(panes.finale ? { finale: panes.finale } : {}),
    });
    if (exit.reason === 'error' && exit.error) throw exit.error;
    io.out(`gatewalk: ${exit.reason}; journal ${session.state().journalPath} (gatewalk resume / gatewalk report read it)\n`);
    code = exit.code;
  } finally {
    for (const c of panes.closers) await runner.run(localTarget(), { argv: c, timeoutMs: 5000 });
    if (panes.controlDir) rmSync(panes.controlDir, { recursive: true, force: true });
  }
  exitSoon(code);
  return code;
}
