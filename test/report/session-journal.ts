// Why: reproducible journals for the golden reports: the real replay session (engine, journal writer) on a recorded scenario, a fixed clock and a scripted operator.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gate, Status } from '../../src/checks/types.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { analyze } from '../../src/engine/analyze.js';
import { readRecording } from '../../src/engine/recording.js';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { parseIncident } from '../../src/incident/load.js';
import { excerpt } from '../../src/journal/excerpt.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { openJournal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';
import type { Role } from '../../src/probes/catalog.js';
import { counterEvents, diagnosisEvents, recordingEvents } from '../../src/session/events-of.js';
import { createSession } from '../../src/session/controller.js';
import { SCENARIOS_DIR } from '../lib/replay.js';

export type Step =
  | { wait: number }
  | { decide: Gate; action: 'accept' | 'override' | 'skip'; reason?: string; status?: Status }
  | { note: string }
  /**
   * Apply the failing gate's proposed fix and re-run, the healed network being the recording
   * `healed`. A replay cannot run fixes, so these records are scripted: the ones the session writes
   * in the lab (`applyFix`: the commands via `sh -c` on the failing side's gateway, a rerun record,
   * the new run, then fix-applied with the evidence before and after).
   */
  | { fix: { healed: string } };

export interface Script {
  scenario: string;
  steps: Step[];
  end: 'done' | 'quit';
}

/** The scripts behind snapshots/reports/<scenario>.md. */
export const GOLDEN_SCRIPTS: Script[] = [
  {
    // Gate 2: gwA's forward chain drops the test flow. The operator overrides an UNKNOWN and leaves the fix for the firewall's owner.
    scenario: 'wireguard--forward-drop',
    steps: [
      { wait: 38 },
      { decide: 1, action: 'accept' },
      { wait: 52 },
      { note: 'gwA firewall was hardened last night (change CHG-4411); asking its owner before touching the forward chain.' },
      { wait: 31 },
      { decide: 2, action: 'accept' },
      { wait: 24 },
      { decide: 3, action: 'override', status: 'PASS', reason: 'wg show: handshake fresh on both peers; the tunnel is not the problem' },
      { wait: 12 },
      { decide: 'mtu', action: 'skip', reason: 'not before gate 2 is fixed' },
    ],
    end: 'quit',
  },
  {
    // Gate 4: gwB sends the replies out of its WAN. The fix is applied and the walk passes on the re-run.
    scenario: 'wireguard--no-return-route',
    steps: [
      { wait: 21 },
      { decide: 1, action: 'accept' },
      { wait: 9 },
      { decide: 2, action: 'accept' },
      { wait: 17 },
      { decide: 3, action: 'accept' },
      { wait: 46 },
      { decide: 4, action: 'accept' },
      { wait: 70 },
      { fix: { healed: 'wireguard--healthy' } },
      { wait: 15 },
      { decide: 4, action: 'accept' },
      { wait: 8 },
      { decide: 'mtu', action: 'accept' },
      { note: 'The route to site A was lost when gwB reloaded its network config; persisting it is ticket NET-1207.' },
    ],
    end: 'done',
  },
  {
    // MTU: small pings pass, the TCP transfer stalls; the operator accepts the diagnosis, the clamp is not applied yet.
    scenario: 'wireguard--mtu-blackhole',
    steps: [
      { wait: 12 },
      { decide: 1, action: 'accept' },
      { decide: 2, action: 'accept' },
      { decide: 3, action: 'accept' },
      { decide: 4, action: 'accept' },
      { wait: 64 },
      { note: 'Users report uploads to site B hang after the first few kB while ping works.' },
      { wait: 40 },
      { decide: 'mtu', action: 'accept', reason: 'matches the symptom: small pings pass, uploads stall' },
    ],
    end: 'quit',
  },
  {
    // Gate 2 on IPsec: no route into ipsec0; no operator decisions at all (time to diagnosis is the engine's).
    scenario: 'strongswan--missing-route',
    steps: [],
    end: 'done',
  },
];

/** A clock that starts at the recording's time and moves 40 ms per reading; `wait` moves it further. */
function fakeClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    now: () => new Date((t += 40)),
    wait: (s: number) => void (t += s * 1000),
  };
}

const made = new Map<string, JournalRecord[]>();

/** The journal a script produces (made once per process; callers get their own copy). */
export async function scriptedJournal(script: Script): Promise<JournalRecord[]> {
  const key = JSON.stringify(script);
  if (!made.has(key)) made.set(key, await makeJournal(script));
  return structuredClone(made.get(key)!);
}

async function makeJournal(script: Script): Promise<JournalRecord[]> {
  const dir = join(SCENARIOS_DIR, script.scenario);
  const meta = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as { recordedAt: string };
  const clock = fakeClock(meta.recordedAt);
  const tmp = mkdtempSync(join(tmpdir(), 'gatewalk-golden-'));
  try {
    const path = join(tmp, 'journal.jsonl');
    const o = await openJournal(path, { host: 'jump', now: clock.now });
    if (!o.ok) throw new Error(o.error);
    const journal = o.journal;
    const session = createSession({ journal, source: { kind: 'replay', dir, name: script.scenario }, tool: 'gatewalk 0.1.0' });
    await session.run();
    for (const step of script.steps) {
      if ('wait' in step) clock.wait(step.wait);
      else if ('note' in step) await session.note(step.note);
      else if ('decide' in step) await session.decide(step.decide, step.action, step.reason, step.status);
      else await scriptedFix(journal, session.lastRun()!.diagnosis, step.fix.healed, clock);
    }
    await session.close(script.end);
    const r = readJournal(path);
    if (!r.ok) throw new Error(r.error);
    return r.records;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type Journal = Parameters<typeof createSession>[0]['journal'];
type Diagnosis = ReturnType<typeof diagnose>;

const hostOf = (role: Role) => `replay:${role}`;
const hostOfSide = (side: 'a' | 'b') => hostOf(side === 'a' ? 'gwA' : 'gwB');

async function scriptedFix(journal: Journal, d: Diagnosis, healed: string, clock: { wait: (s: number) => void }): Promise<void> {
  const f = d.failure;
  if (!f) throw new Error('the script applies a fix, but no gate failed');
  const role: Role = f.side === 'a' ? 'gwA' : 'gwB';
  const ids: string[] = [];
  // As the session's applyFix: each command line's argv as it is, notes not run.
  for (const [i, argv] of f.fix.flatMap((l) => ('argv' in l ? [l.argv] : [])).entries()) {
    const id = `fix2.${i + 1}`;
    await journal.append({ type: 'intent', id, role, host: hostOf(role), argv });
    await journal.append({ type: 'outcome', id, exitCode: 0, durationMs: 38, stdout: excerpt(''), stderr: excerpt('') });
    ids.push(id);
  }
  clock.wait(4);
  await journal.append({ type: 'rerun', gate: f.gate, run: 2 });
  const rec = readRecording(join(SCENARIOS_DIR, healed));
  const inc = parseIncident(rec.incidentText, healed);
  if (!inc.ok) throw new Error(inc.error);
  const d2 = diagnose(analyze(inc.incident, rec), wizardChecks(loadWizard()));
  for (const ev of [...recordingEvents(rec, hostOf, '2.'), ...counterEvents(rec, hostOf), ...diagnosisEvents(d2, 2, hostOfSide)]) await journal.append(ev);
  const after = d2.gates.find((g) => g.gate === f.gate);
  await journal.append({ type: 'fix-applied', gate: f.gate, host: hostOf(role), commands: f.fix, outcomeIds: ids, before: f.evidence, after: after?.deciding?.evidence ?? [], afterStatus: after?.status ?? null });
}
