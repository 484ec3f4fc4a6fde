// Why: `gatewalk check`: the diagnosis engine without the screen, on live hosts (--incident) or a recorded scenario (--replay).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, GatewalkError, usageError } from '../../util/errors.js';
import { execRunner } from '../../targets/exec-runner.js';
import { localTarget } from '../../targets/target.js';
import { parseIncident } from '../../incident/load.js';
import type { Incident } from '../../incident/schema.js';
import { analyze } from '../../engine/analyze.js';
import { collectLive } from '../../engine/collect-live.js';
import { diagnose, type Diagnosis } from '../../engine/diagnose.js';
import { incidentTargets } from '../../engine/incident-targets.js';
import { interfaceMismatches } from '../../engine/incident-mismatch.js';
import { excerpt, openJournalLite, type JournalLite } from '../../engine/journal-lite.js';
import { readRecording, type Recording } from '../../engine/recording.js';
import { loadWizard, wizardChecks } from '../../engine/wizard.js';
import { checkReport } from '../../view/check-report.js';
import { parse, str } from '../args.js';
import type { Io } from '../io.js';

export const CHECK_HELP = `Usage: gatewalk check --incident FILE [--json] [--journal FILE]
       gatewalk check --replay SCENARIO [--json] [--journal FILE]

Walk the test pair through the four gates and MTU, headless, and print a verdict per gate with
the lines of evidence that decided it. Read-only: fixes are printed, never run.

  --incident FILE   the incident file (test pair, both sites, how to reach each gateway)
  --replay NAME     a recorded scenario under snapshots/scenarios (e.g. wireguard--missing-route),
                    or a path to one: no root, no network
  --json            one JSON object: {"gates": [...], "failure": null | {gate, cause, side, ...}}
  --journal FILE    append every command, its outcome and every verdict to FILE (JSON lines)

Exit status: 0 no gate failed; 1 a gate failed; 2 usage or incident-file error; 3 a host unreachable.
`;

const SCENARIOS = fileURLToPath(new URL('../../../../snapshots/scenarios/', import.meta.url));

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('check', argv, { incident: { type: 'string' }, replay: { type: 'string' }, json: { type: 'boolean' }, journal: { type: 'string' } });
  if (p.values.help) {
    io.out(CHECK_HELP);
    return EXIT.ok;
  }
  const incidentFile = str(p, 'incident');
  const replay = str(p, 'replay');
  if (!incidentFile === !replay) throw usageError('check: give exactly one of --incident FILE or --replay SCENARIO; see `gatewalk check --help`');
  const journalPath = str(p, 'journal');
  const checks = wizardChecks(loadWizard());
  const journal = journalPath ? openJournal(journalPath) : null;
  try {
    const { inc, rec, source } = replay ? loadReplay(replay) : await runLive(resolve(incidentFile!), io, journal);
    const ev = analyze(inc, rec);
    const wrong = interfaceMismatches(ev);
    if (wrong.length) {
      journal?.event('end', { error: wrong });
      throw usageError(wrong[0]!);
    }
    const d = diagnose(ev, checks);
    journalRun(journal, rec, d, source);
    if (p.values.json) io.out(JSON.stringify(toJson(d, rec), null, 2) + '\n');
    else io.out(checkReport(inc, d, { source }));
    if (rec.unreachable.some((r) => r === 'gwA' || r === 'gwB')) {
      io.err(`gatewalk: could not reach ${rec.unreachable.join(', ')}; check ssh access (ssh -F <config> HOST true) and run again\n`);
      return EXIT.unreachable;
    }
    return d.failure ? EXIT.failed : EXIT.ok;
  } finally {
    journal?.close();
  }
}

function openJournal(path: string): JournalLite {
  try {
    return openJournalLite(path);
  } catch (e) {
    throw usageError(`check: cannot write the journal ${path}: ${(e as Error).message}`);
  }
}

function loadIncident(text: string, file: string): Incident {
  const r = parseIncident(text, file);
  if (!r.ok) throw usageError(r.error);
  return r.incident;
}

function loadReplay(name: string): { inc: Incident; rec: Recording; source: string } {
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) throw usageError(`check: "${name}" is not a scenario name; \`ls snapshots/scenarios\` lists them`);
  const dir = existsSync(join(SCENARIOS, name, 'scenario.json')) ? join(SCENARIOS, name) : resolve(name);
  if (!existsSync(join(dir, 'scenario.json'))) throw usageError(`check: no recorded scenario "${name}"; the names are the folders of snapshots/scenarios`);
  const rec = readRecording(dir);
  return { inc: loadIncident(rec.incidentText, join(dir, 'incident.yaml')), rec, source: `replay of ${name}` };
}

async function runLive(file: string, io: Io, journal: JournalLite | null): Promise<{ inc: Incident; rec: Recording; source: string }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`check: cannot read the incident file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const inc = loadIncident(text, file);
  if (inc.ssh_config && !existsSync(inc.ssh_config)) throw usageError(`${file}: ssh_config: ${inc.ssh_config} does not exist`);
  const controlDir = mkdtempSync(join(tmpdir(), 'gatewalk-ssh-'));
  const runner = execRunner();
  const { targets, closers } = incidentTargets(inc, controlDir);
  journal?.event('start', { mode: 'live', incident: file, pair: inc.pair });
  try {
    const rec = await collectLive(runner, targets, inc, text, { progress: (l) => io.err(`gatewalk: ${l}\n`) });
    return { inc, rec, source: `live, ${file}` };
  } catch (e) {
    if (e instanceof GatewalkError) throw e;
    throw new GatewalkError('COLLECT', `collecting evidence failed: ${(e as Error).message}`, { cause: e });
  } finally {
    for (const c of closers) await runner.run(localTarget(), { argv: c, timeoutMs: 5000 });
    rmSync(controlDir, { recursive: true, force: true });
  }
}

function journalRun(j: JournalLite | null, rec: Recording, d: Diagnosis, source: string): void {
  if (!j) return;
  if (source.startsWith('replay')) j.event('start', { mode: 'replay', source });
  for (const role of rec.unreachable) j.event('target', { role, reached: false });
  for (const c of [...Object.values(rec.probes), ...Object.values(rec.traffic)]) {
    j.event('command', { role: c.role, argv: c.argv, exitCode: c.exitCode, durationMs: c.durationMs, stdout: excerpt(c.stdout), stderr: excerpt(c.stderr) });
  }
  for (const g of d.gates) for (const v of g.verdicts) j.event('verdict', { ...v });
  j.event('end', { failure: d.failure });
}

function toJson(d: Diagnosis, rec: Recording): unknown {
  return {
    gates: d.gates.map((g) => ({
      gate: g.gate,
      status: g.status,
      finding: g.deciding?.finding ?? null,
      cause: g.deciding?.status === 'FAIL' ? g.deciding.cause : null,
      evidence: g.deciding?.evidence ?? [],
      checks: g.verdicts,
    })),
    failure: d.failure,
    unreachable: rec.unreachable,
    traffic: Object.values(rec.traffic).map((c) => ({ id: c.id, role: c.role, argv: c.argv, exitCode: c.exitCode })),
  };
}
