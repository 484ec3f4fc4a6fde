// Why: evidence from a recorded scenario, for check and engine tests (no root, no network).

import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { readRecording } from '../../src/engine/recording.js';
import { analyze, type Evidence } from '../../src/engine/analyze.js';
import { parseIncident } from '../../src/incident/load.js';
import { REPO } from './snapshots.js';

export const SCENARIOS_DIR = join(REPO, 'snapshots', 'scenarios');

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR).sort();
}

export function evidenceOf(name: string): Evidence {
  const rec = readRecording(join(SCENARIOS_DIR, name));
  const inc = parseIncident(rec.incidentText, name);
  if (!inc.ok) throw new Error(inc.error);
  return analyze(inc.incident, rec);
}
