// Why: the appendix: every command the session ran (host, argv, exit code, duration, output size and digest), key-looking words redacted.

import type { JournalIndex } from './journal-index.js';
import { redactArgv } from './secrets.js';

export interface CommandRow {
  n: number;
  id: string;
  ts: string;
  host: string;
  argv: string[];
  purpose: string | null;
  exitCode: number | null;
  timedOut: boolean;
  /** No outcome in the journal (the session stopped while it ran). */
  open: boolean;
  durationMs: number | null;
  stdoutBytes: number | null;
  stderrBytes: number | null;
  sha256: string | null;
}

/** The command as a person would type it (same quoting as the engine's evidence lines), key-looking words redacted. */
export function commandText(argv: readonly string[]): string {
  return quoteArgv(redactArgv(argv));
}

/** POSIX quoting as the engine writes `EvidenceLine.command`, so evidence can be matched to the command that produced it. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function commandRows(ix: JournalIndex): CommandRow[] {
  return ix.commands.map((c, i) => {
    const o = c.outcome;
    return {
      n: i + 1,
      id: c.intent.id,
      ts: c.intent.ts,
      host: c.intent.host,
      argv: redactArgv(c.intent.argv),
      purpose: c.intent.purpose ?? null,
      exitCode: o?.exitCode ?? null,
      timedOut: o?.timedOut ?? false,
      open: !o,
      durationMs: o?.durationMs ?? null,
      stdoutBytes: o?.stdout.bytes ?? null,
      stderrBytes: o?.stderr.bytes ?? null,
      sha256: o?.stdout.sha256 ?? null,
    };
  });
}
