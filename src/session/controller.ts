// Why: the Session the TUI, `check` and `train` drive: collect (live or recorded), diagnose, journal everything, and take the operator's decisions.

import { isCommand } from '../checks/fix.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gate, Status } from '../checks/types.js';
import { analyze, type Evidence } from '../engine/analyze.js';
import { collectLive } from '../engine/collect-live.js';
import { diagnose, type Diagnosis } from '../engine/diagnose.js';
import { interfaceMismatches } from '../engine/incident-mismatch.js';
import { incidentTargets } from '../engine/incident-targets.js';
import { readRecording, type Recording } from '../engine/recording.js';
import { asOneSided } from '../engine/one-sided.js';
import { loadWizard, wizardChecks, type Wizard } from '../engine/wizard.js';
import { parseIncident } from '../incident/load.js';
import { readIncidentText } from '../incident/read-file.js';
import type { Incident, Vendor } from '../incident/schema.js';
import { measureClock } from '../journal/clock.js';
import type { JournalEvent, Mode } from '../journal/events.js';
import { journalingRunner } from '../journal/journaling-runner.js';
import type { Journal } from '../journal/open.js';
import { redactText } from '../journal/redact.js';
import type { Role } from '../probes/catalog.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Runner } from '../targets/runner.js';
import { localTarget, type Target } from '../targets/target.js';
import { GatewalkError, usageError } from '../util/errors.js';
import { counterEvents, diagnosisEvents, recordingEvents, startEvent } from './events-of.js';
import { applyRecord, nextRun, restore, type Restored } from './restore.js';
import type { Session, SessionState } from './types.js';
import { writeFileAtomic } from '../util/write-atomic.js';

export interface ReplaySource {
  kind: 'replay';
  /** The scenario folder (snapshots/scenarios/<name>). */
  dir: string;
  name: string;
  /** Replay as if site B's gateway could not be logged into (its data left out), this vendor. */
  oneSided?: Vendor;
}

export interface LiveSource {
  kind: 'live';
  mode?: Extract<Mode, 'live' | 'lab'>;
  incidentFile: string;
  /** The incident's text (read from incidentFile when absent; a resumed session passes the journaled text). */
  incidentText?: string;
  runner: Runner;
  streamMs?: number;
  progress?: (line: string) => void;
}

export interface SessionOptions {
  journal: Journal;
  source: ReplaySource | LiveSource;
  wizard?: Wizard;
  /** Literal secrets to keep out of the journal (lab keys, a PSK). */
  secrets?: readonly string[];
  /** "gatewalk 0.1.0", for the start record. */
  tool?: string;
}

/** What the last diagnosis run saw: for `check`'s output; the TUI reads the state instead. */
export interface RunResult {
  run: number;
  incident: Incident;
  recording: Recording;
  evidence: Evidence;
  diagnosis: Diagnosis;
}

export interface SessionController extends Session {
  readonly journal: Journal;
  lastRun(): RunResult | null;
  /** `status`: what the operator holds true on an override (null: not said). */
  decide(gate: Gate, action: 'accept' | 'override' | 'skip', reason?: string, status?: Status): Promise<void>;
}

const ROLES: Role[] = ['hostA', 'gwA', 'gwB', 'hostB'];

function loadIncident(text: string, file: string): Incident {
  const r = parseIncident(text, file);
  if (!r.ok) throw usageError(r.error);
  return r.incident;
}

export function createSession(o: SessionOptions): SessionController {
  const { journal, source } = o;
  const wizard = o.wizard ?? loadWizard();
  const checks = wizardChecks(wizard);
  const titles = Object.fromEntries(wizard.gates.map((g) => [String(g.gate), g.title]));
  const secrets = o.secrets ?? [];
  const clean = (s: string) => (secrets.length ? redactText(s, secrets) : s);
  let acc: Restored = restore(journal.records, journal.path, titles);
  let busy: string | null = null;
  let running = new Set<Gate>();
  let last: RunResult | null = null;
  const listeners = new Set<(s: SessionState) => void>();
  let chain: Promise<unknown> = Promise.resolve();

  // Replay: the recording and its incident; live: the incident and its targets (ssh control dir made on first use).
  let recording: Recording | null = null;
  const incidentText = source.kind === 'replay' ? null : (source.incidentText ?? null);
  let incident: Incident | null = null;
  let live: { targets: Partial<Record<Role, Target>>; closers: string[][]; controlDir: string } | null = null;

  const state = (): SessionState => {
    const s = acc.state;
    if (!busy) return s;
    return { ...s, busy, gates: s.gates.map((g) => (running.has(g.gate) ? { ...g, progress: 'running' } : g)) };
  };
  const emit = () => {
    const s = state();
    for (const fn of listeners) fn(s);
  };
  journal.onRecord((r) => {
    acc = applyRecord(acc, r);
    emit();
  });
  const setBusy = (what: string | null, gates: Gate[] = []) => {
    busy = what;
    running = new Set(what ? gates : []);
    emit();
  };
  /** Appends in order; queued appends share one fsync. */
  const appendAll = async (evs: JournalEvent[]) => void (await Promise.all(evs.map((e) => journal.append(e))));
  /** One operation at a time (a decision may interleave: it only appends). */
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.then(f, f);
    chain = p.catch(() => {});
    return p;
  };

  function prepare(): { inc: Incident; text: string } {
    if (source.kind === 'replay') {
      if (!existsSync(join(source.dir, 'scenario.json'))) throw usageError(`no recorded scenario at ${source.dir}`);
      recording ??= source.oneSided ? asOneSided(readRecording(source.dir), { vendor: source.oneSided }) : readRecording(source.dir);
      incident ??= loadIncident(recording.incidentText, join(source.dir, 'incident.yaml'));
      return { inc: incident, text: recording.incidentText };
    }
    let text = incidentText;
    if (text === null) {
      const r = readIncidentText(source.incidentFile);
      if (!r.ok) throw usageError(r.error);
      text = r.text;
    }
    incident ??= loadIncident(text, source.incidentFile);
    return { inc: incident, text };
  }

  const hostOf = (role: Role) => (source.kind === 'replay' ? `replay:${role}` : (live?.targets[role]?.label ?? role));
  const hostOfSide = (side: 'a' | 'b') => hostOf(side === 'a' ? 'gwA' : 'gwB');

  async function ensureStart(inc: Incident, text: string): Promise<void> {
    if (acc.state.startedAt) return;
    const mode: Mode = source.kind === 'replay' ? 'replay' : (source.mode ?? 'live');
    const where = source.kind === 'replay' ? { scenario: source.name } : { incidentFile: source.incidentFile };
    await journal.append(startEvent(inc, text, mode, o.tool ?? 'gatewalk', where));
  }

  async function collect(runNo: number, inc: Incident, text: string): Promise<Recording> {
    const prefix = `${runNo}.`;
    if (source.kind === 'replay') {
      const rec = recording!;
      await appendAll([
        ...rec.unreachable.map((role): JournalEvent => ({ type: 'target', role, host: hostOf(role), reached: false, error: 'unreachable when recorded' })),
        ...recordingEvents(rec, hostOf, prefix, secrets),
        ...counterEvents(rec, hostOf),
      ]);
      return rec;
    }
    if (!live) {
      const controlDir = mkdtempSync(join(tmpdir(), 'gatewalk-ssh-'));
      live = { ...incidentTargets(inc, controlDir), controlDir };
    }
    const l = live;
    const roleOf = (t: Target) => ROLES.find((r) => l.targets[r] === t);
    const runner = journalingRunner(source.runner, journal, { roleOf, idPrefix: prefix, secrets });
    let rec: Recording;
    try {
      rec = await collectLive(runner, l.targets, inc, text, { clean, ...(source.streamMs ? { streamMs: source.streamMs } : {}), ...(source.progress ? { progress: source.progress } : {}) });
    } catch (e) {
      if (e instanceof GatewalkError) throw e;
      throw new GatewalkError('COLLECT', `collecting evidence failed: ${(e as Error).message}`, { cause: e });
    }
    const present = ROLES.filter((r) => l.targets[r]);
    await appendAll(present.map((role): JournalEvent => ({ type: 'target', role, host: hostOf(role), reached: !rec.unreachable.includes(role), ...(rec.unreachable.includes(role) ? { error: rec.unreachableWhy?.[role] ? `ssh: ${rec.unreachableWhy[role]}` : 'ssh could not reach or log in' } : {}) })));
    const clocks = await Promise.all(present.filter((r) => !rec.unreachable.includes(r)).map((role) => measureClock(source.runner, journal, `${prefix}clock-${role}`, l.targets[role]!, role)));
    await appendAll([...clocks.filter((c): c is NonNullable<typeof c> => c !== null), ...counterEvents(rec, hostOf)]);
    return rec;
  }

  /** Collect, diagnose and journal one run; `only` journals one gate's verdicts. */
  async function diagnosisRun(only?: Gate, rerunOf?: Gate | 'all'): Promise<RunResult> {
    const { inc, text } = prepare();
    await ensureStart(inc, text);
    const runNo = nextRun(acc);
    if (rerunOf !== undefined) await journal.append({ type: 'rerun', gate: rerunOf, run: runNo });
    setBusy(source.kind === 'replay' ? 'reading the recording' : 'collecting evidence', only === undefined ? wizard.gates.map((g) => g.gate) : [only]);
    try {
      const rec = await collect(runNo, inc, text);
      const ev = analyze(inc, rec);
      const wrong = interfaceMismatches(ev);
      if (wrong.length) {
        await journal.append({ type: 'note', text: `the incident does not match the hosts: ${wrong.join('; ')}` });
        throw usageError(wrong[0]!);
      }
      const d = diagnose(ev, checks);
      await appendAll(diagnosisEvents(d, runNo, hostOfSide, only));
      last = { run: runNo, incident: inc, recording: rec, evidence: ev, diagnosis: d };
      return last;
    } finally {
      setBusy(null);
    }
  }

  async function decide(gate: Gate, action: 'accept' | 'override' | 'skip', reason?: string, status?: Status): Promise<void> {
    if (action === 'override' && !reason?.trim()) throw usageError('an override needs a reason');
    const g = acc.state.gates.find((x) => x.gate === gate);
    if (!g) throw usageError(`no gate ${gate}`);
    const engineStatus: Status = g.progress === 'pending' || g.progress === 'running' ? 'UNKNOWN' : g.progress;
    const held: Status | null = action === 'accept' ? engineStatus : action === 'override' ? (status ?? null) : null;
    await journal.append({ type: 'decision', gate, action, engineStatus, status: held, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
  }

  async function applyFix(gate: Gate): Promise<void> {
    const g = acc.state.gates.find((x) => x.gate === gate);
    const v = g?.deciding;
    if (!v || !v.fix.length) throw usageError(`gate ${gate} has no proposed fix`);
    const commands = v.fix.filter(isCommand);
    if (!commands.length) throw usageError(`gate ${gate}: the proposed fix is advice only (no command to run); follow its notes by hand`);
    if (source.kind === 'replay') throw usageError('a recorded scenario cannot run fixes (replay changes nothing); use the lab or a live incident');
    const side = v.side ?? 'a';
    const role: Role = side === 'a' ? 'gwA' : 'gwB';
    const target = live?.targets[role];
    if (!live || !target) throw usageError(`gate ${gate}: run the diagnosis before applying a fix`);
    const before = v.evidence;
    const ids: string[] = [];
    const l = live;
    const runner = journalingRunner(source.runner, journal, { roleOf: (t) => ROLES.find((r) => l.targets[r] === t), idPrefix: `fix${nextRun(acc)}.`, secrets, onOutcome: (id) => ids.push(id) });
    // Exactly the fix's argv vectors, in order; no shell reads them (a fix that needs one says `sh -c` itself, its words quoted).
    for (const c of commands) await runner.run(target, { argv: [...c.argv], timeoutMs: 15_000 });
    const r = await diagnosisRun(undefined, gate);
    const after = r.diagnosis.gates.find((x) => x.gate === gate);
    await journal.append({ type: 'fix-applied', gate, host: target.label, commands: v.fix, outcomeIds: ids, before, after: after?.deciding?.evidence ?? [], afterStatus: after?.status ?? null });
  }

  async function exportReport(file?: string): Promise<string> {
    const out = file ?? `${journal.path.replace(/\.jsonl$/, '')}.md`;
    const text = renderMarkdown([...journal.records]);
    try {
      writeFileAtomic(out, text);
    } catch (e) {
      throw usageError(`cannot write the report ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    await journal.append({ type: 'export', file: out, format: 'md' });
    return out;
  }

  let closing: Promise<void> | null = null;
  function close(reason: 'done' | 'quit' | 'error' | 'signal'): Promise<void> {
    closing ??= doClose(reason);
    return closing;
  }

  async function doClose(reason: 'done' | 'quit' | 'error' | 'signal'): Promise<void> {
    // On a signal the run in progress is abandoned (its open intents stay open in the journal).
    if (reason !== 'signal') await chain;
    try {
      await journal.append({ type: 'end', reason });
    } finally {
      await journal.close();
      if (live && source.kind === 'live') {
        for (const c of live.closers) await source.runner.run(localTarget(), { argv: c, timeoutMs: 5000 });
        rmSync(live.controlDir, { recursive: true, force: true });
        live = null;
      }
    }
  }

  return {
    journal,
    state,
    lastRun: () => last,
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    run: () => serial(async () => void (await diagnosisRun())),
    decide,
    rerun: (gate) =>
      serial(async () => void (await diagnosisRun(gate === 'all' ? undefined : gate, gate))),
    applyFix: (gate) => serial(() => applyFix(gate)),
    note: async (text) => void (await journal.append({ type: 'note', text })),
    exportReport,
    close,
  };
}
