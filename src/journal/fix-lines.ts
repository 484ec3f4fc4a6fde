// Why: fix lines as journaled: argv vectors and notes since fixes became argv, plain text in older journals; one reading of both.

import { fixLineText, isCommand, type FixLine } from '../checks/fix.js';

/**
 * A fix line in a journal record. Since fixes are argv vectors: a `FixLine`. Journals written
 * before hold the line as shell text (a string), which is shown as it was and never run again.
 */
export type JournalFixLine = FixLine | string;

/** What the TUI, the resume listing and the report show for a journaled fix line. */
export function journalFixText(l: JournalFixLine): string {
  return typeof l === 'string' ? l : fixLineText(l);
}

/** The argv a journaled line runs; null for a note and for an older journal's text (nothing reads it as a command). */
export function journalFixArgv(l: JournalFixLine): string[] | null {
  return typeof l !== 'string' && isCommand(l) ? l.argv : null;
}

/** The commands among the lines, as displayed, without notes or trailing remarks (old text: its comments cut). */
export function journalFixCommands(lines: readonly JournalFixLine[]): string[] {
  return lines.flatMap((l) => {
    if (typeof l === 'string') return l.trim() && !l.trim().startsWith('#') ? [l.replace(/\s+#\s.*$/, '')] : [];
    const argv = journalFixArgv(l);
    return argv ? [fixLineText({ argv })] : [];
  });
}

/**
 * A verdict's fix restored from a journal: an older journal's text lines become notes, so a resumed
 * session shows them but never runs text through a shell.
 */
export function restoredFix(lines: readonly JournalFixLine[] | undefined): FixLine[] {
  return (lines ?? []).map((l) => (typeof l === 'string' ? { note: `recorded as text by an older gatewalk (re-run the gate for a runnable fix): ${l}` } : l));
}
