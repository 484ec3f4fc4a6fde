// Why: the ways a session begins: a recorded scenario, a live incident, or a journal resumed where it stopped.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWizard, type Wizard } from '../engine/wizard.js';
import type { JournalRecord } from '../journal/events.js';
import { readIncidentText } from '../incident/read-file.js';
import { VENDORS, type Vendor } from '../incident/schema.js';
import { openJournal } from '../journal/open.js';
import { defaultJournalPath } from '../journal/paths.js';
import { readJournal } from '../journal/reader.js';
import type { Runner } from '../targets/runner.js';
import { GatewalkError, usageError } from '../util/errors.js';
import { createSession, type SessionController } from './controller.js';
import { restore, type Restored } from './restore.js';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../../snapshots/scenarios/', import.meta.url));

export function toolVersion(): string {
  try {
    return `gatewalk ${(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;
  } catch {
    return 'gatewalk';
  }
}

/** A scenario name (snapshots/scenarios/<name>) or a path to a scenario folder; a one-line error otherwise. */
export function scenarioDir(full: string): string {
  const { name } = replayView(full);
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) throw usageError(`"${full}" is not a scenario name; \`ls snapshots/scenarios\` lists them`);
  const dir = existsSync(join(SCENARIOS_DIR, name, 'scenario.json')) ? join(SCENARIOS_DIR, name) : resolve(name);
  if (!existsSync(join(dir, 'scenario.json'))) throw usageError(`no recorded scenario "${name}"; the names are the folders of snapshots/scenarios`);
  return dir;
}

const ONE_SIDED = '+one-sided';

/**
 * A replay's name may ask for a view of the recording: `NAME+one-sided[=VENDOR]` replays it as if site
 * B's gateway could not be logged into (engine/one-sided.ts). The name, suffix included, is what the
 * journal's start record keeps, so a resume replays the same view.
 */
export function replayView(full: string): { name: string; oneSided: Vendor | null } {
  const i = full.indexOf(ONE_SIDED);
  if (i < 0) return { name: full, oneSided: null };
  const rest = full.slice(i + ONE_SIDED.length);
  const vendor = rest === '' ? 'other' : rest.startsWith('=') ? rest.slice(1) : null;
  if (vendor === null || !(VENDORS as readonly string[]).includes(vendor)) throw usageError(`"${full}": after +one-sided= give a vendor, one of ${VENDORS.join(', ')}`);
  return { name: full.slice(0, i), oneSided: vendor as Vendor };
}

export function oneSidedName(name: string, vendor: Vendor): string {
  return `${name}${ONE_SIDED}=${vendor}`;
}

export interface JournalChoice {
  /** --journal FILE; absent: a new file under the XDG state directory. */
  journalPath?: string;
  /** Told the chosen path (the CLI prints it to stderr). */
  announce?: (path: string) => void;
  secrets?: readonly string[];
  wizard?: Wizard;
}

/** Open the journal; one that already holds another incident or scenario is refused (records are never mixed). */
async function journalFor(title: string, c: JournalChoice, same: (start: Extract<JournalRecord, { type: 'start' }>) => boolean) {
  const path = c.journalPath ?? defaultJournalPath(title);
  const j = await openJournal(path, { createDir: !c.journalPath, ...(c.secrets ? { secrets: c.secrets } : {}) });
  if (!j.ok) throw usageError(j.error);
  const start = j.journal.records.find((r): r is Extract<JournalRecord, { type: 'start' }> => r.type === 'start');
  if (start && !same(start)) {
    await j.journal.close();
    throw usageError(`journal ${j.journal.path} belongs to another incident ("${start.title}"); give a new --journal FILE, or \`gatewalk resume\` it`);
  }
  c.announce?.(j.journal.path);
  return j.journal;
}

export async function replaySession(scenario: string, c: JournalChoice = {}): Promise<SessionController> {
  const dir = scenarioDir(scenario);
  const view = replayView(scenario);
  // A scenario of the corpus by its name, any other by its path (what resume needs to find it again), with its view.
  const base = dir.startsWith(SCENARIOS_DIR) ? dir.slice(SCENARIOS_DIR.length).replace(/\/+$/, '') : dir;
  const name = view.oneSided ? oneSidedName(base, view.oneSided) : base;
  const journal = await journalFor(name, c, (st) => st.mode === 'replay' && st.scenario === name);
  return createSession({ journal, source: { kind: 'replay', dir, name, ...(view.oneSided ? { oneSided: view.oneSided } : {}) }, tool: toolVersion(), ...(c.secrets ? { secrets: c.secrets } : {}), ...(c.wizard ? { wizard: c.wizard } : {}) });
}

export interface LiveChoice extends JournalChoice {
  incidentFile: string;
  runner: Runner;
  mode?: 'live' | 'lab';
  streamMs?: number;
  progress?: (line: string) => void;
  /** Used for the default journal name. */
  title?: string;
}

export async function liveSession(o: LiveChoice): Promise<SessionController> {
  const file = resolve(o.incidentFile);
  // A file that cannot be read (or is refused) is reported by the session when it runs.
  const read = readIncidentText(file);
  const text = read.ok ? read.text : '';
  const journal = await journalFor(o.title ?? 'incident', o, (st) => st.mode !== 'replay' && st.incidentText === text);
  return createSession({
    journal,
    source: { kind: 'live', incidentFile: resolve(o.incidentFile), runner: o.runner, ...(o.mode ? { mode: o.mode } : {}), ...(o.streamMs ? { streamMs: o.streamMs } : {}), ...(o.progress ? { progress: o.progress } : {}) },
    tool: toolVersion(),
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.wizard ? { wizard: o.wizard } : {}),
  });
}

/** Read a journal and restore the session's state from it, without writing or running anything. */
export function resumeSession(journalPath: string, wizard?: Wizard): Restored & { records: JournalRecord[]; truncatedBytes: number; damaged: number } {
  const r = readJournal(journalPath);
  if (!r.ok) throw usageError(r.error);
  const w = wizard ?? loadWizard();
  const titles = Object.fromEntries(w.gates.map((g) => [String(g.gate), g.title]));
  return { ...restore(r.records, resolve(journalPath), titles), records: r.records, truncatedBytes: r.truncated?.bytes ?? 0, damaged: r.damaged.length };
}

/**
 * Re-open a journal for writing and return its session, restored to where it stopped. Nothing is
 * run: intents without an outcome stay listed in `openIntents` for the operator. A live session
 * needs a runner; its incident comes from the journal's start record.
 */
export async function resumeInto(journalPath: string, o: { runner?: Runner; secrets?: readonly string[]; wizard?: Wizard; progress?: (line: string) => void } = {}): Promise<SessionController> {
  const j = await openJournal(journalPath, o.secrets ? { secrets: o.secrets } : {});
  if (!j.ok) throw usageError(j.error);
  const journal = j.journal;
  const start = journal.records.find((r) => r.type === 'start');
  const extra = { tool: toolVersion(), ...(o.secrets ? { secrets: o.secrets } : {}), ...(o.wizard ? { wizard: o.wizard } : {}) };
  try {
    if (!start || start.type !== 'start') throw usageError(`${journal.path} has no start record; nothing to resume`);
    if (start.mode === 'replay') {
      const dir = scenarioDir(start.scenario ?? '');
      const view = replayView(start.scenario ?? '');
      return createSession({ journal, source: { kind: 'replay', dir, name: start.scenario ?? '', ...(view.oneSided ? { oneSided: view.oneSided } : {}) }, ...extra });
    }
    if (!o.runner) throw new GatewalkError('RESUME', 'resuming a live session needs a runner', { exitCode: 2 });
    return createSession({
      journal,
      source: { kind: 'live', mode: start.mode, incidentFile: start.incidentFile ?? '(journaled incident)', incidentText: start.incidentText, runner: o.runner, ...(o.progress ? { progress: o.progress } : {}) },
      ...extra,
    });
  } catch (e) {
    await journal.close();
    throw e;
  }
}
