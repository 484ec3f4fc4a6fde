// Why: evidence from a recorded scenario, for check and engine tests (no root, no network).

import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { readRecording } from '../../src/engine/recording.js';
import { analyze, type Evidence } from '../../src/engine/analyze.js';
import { parseIncident } from '../../src/incident/load.js';
import { REPO } from './snapshots.js';
import { asOneSided } from '../../src/engine/one-sided.js';
import type { Vendor } from '../../src/incident/schema.js';

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

/** A recorded scenario as a run from site A alone would see it (site B's gateway and host out of reach). */
export function oneSidedEvidenceOf(name: string, vendor: Vendor = 'other'): Evidence {
  const rec = asOneSided(readRecording(join(SCENARIOS_DIR, name)), { vendor, peerAddress: '198.51.100.20' });
  const inc = parseIncident(rec.incidentText, `${name} (one-sided)`);
  if (!inc.ok) throw new Error(inc.error);
  return analyze(inc.incident, rec);
}
