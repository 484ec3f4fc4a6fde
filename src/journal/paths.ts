// Why: without --journal, each incident gets its own file under the user's XDG state directory.

import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_STATE_HOME/gatewalk/journals (default ~/.local/state/gatewalk/journals). */
export function journalDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'gatewalk', 'journals');
}

/** 20261127T021648Z */
export function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A file-name-safe slug of a title or scenario name, at most 40 characters. */
export function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return s || 'incident';
}

/** <dir>/<utc-stamp>-<slug>.jsonl. Pure given its inputs. */
export function defaultJournalPath(title: string, now = new Date(), env: NodeJS.ProcessEnv = process.env): string {
  return join(journalDir(env), `${utcStamp(now)}-${slug(title)}.jsonl`);
}
