// Why: `gatewalk resume JOURNAL`: where an incident stood when its journal stopped (gates, verdicts, decisions, commands that never finished), without running anything.

import type { Runner } from '../../targets/runner.js';
import { EXIT, usageError } from '../../util/errors.js';
import type { SessionController } from '../../session/controller.js';
import { resumeInto, resumeSession } from '../../session/open.js';
import type { Restored } from '../../session/restore.js';
import { visible } from '../../view/sanitize.js';
import { parse } from '../args.js';
import type { Io } from '../io.js';

export const RESUME_HELP = `Usage: gatewalk resume JOURNAL [--json]

Show where the incident in JOURNAL stood when its journal stopped: the test pair, each gate's
verdict and the operator's decision, the failure point, notes, and every command whose intent was
journaled but whose outcome never was (shown, never re-run). Reads the journal; writes nothing.

  --json   the restored state as one JSON object

Exit status: 0 shown; 2 the journal is missing, unreadable or not a gatewalk journal.
`;

/** For the TUI: re-open JOURNAL for writing and get its session back where it stopped; nothing is re-run. */
export function resumeWizard(journalPath: string, o: { runner?: Runner; progress?: (line: string) => void } = {}): Promise<SessionController> {
  return resumeInto(journalPath, o);
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The restored state as text. Pure; remote text is made visible. */
export function renderResume(r: Restored & { truncatedBytes: number; damaged: number; records: unknown[] }): string {
  const s = r.state;
  const v = visible;
  const out: string[] = [];
  out.push(`journal: ${v(s.journalPath)} (${r.records.length} records${r.truncatedBytes ? `; a torn last record of ${r.truncatedBytes} bytes is ignored` : ''}${r.damaged ? `; ${r.damaged} damaged line(s) skipped` : ''})`);
  if (!s.startedAt) {
    out.push('no start record: nothing was begun in this journal');
    return out.join('\n') + '\n';
  }
  const p = s.pair;
  out.push(`incident: ${v(s.title)}`);
  out.push(`test pair: ${v(p.source)} -> ${v(p.destination)}${p.protocol === 'tcp' && p.port ? ` tcp/${p.port}` : ''}   (${s.mode}, started ${s.startedAt})`);
  out.push(r.ended ? `ended: ${r.ended.reason} at ${r.ended.ts}` : 'ended: no (the session stopped without closing its journal)');
  out.push(`diagnosis runs: ${r.run}`);
  out.push('');
  for (const g of s.gates) {
    const d = g.decision;
    const decided = !d ? 'not decided' : d.action === 'accept' ? `accepted (${d.status ?? '-'})` : d.action === 'skip' ? 'skipped' : `overridden${d.status ? ` to ${d.status}` : ''}: ${v(d.reason ?? '')}`;
    out.push(`gate ${pad(String(g.gate), 4)}${pad(g.progress, 9)}${pad(decided, 0)}${d ? `  [${d.ts}]` : ''}`);
    if (g.deciding) out.push(`          ${v(g.deciding.finding)}`);
  }
  out.push('');
  const f = s.failure;
  out.push(f ? `failure: gate ${f.gate}, ${f.point}: ${f.cause} on site ${f.side.toUpperCase()}'s side` : 'failure: none recorded');
  out.push(`current gate: ${s.current}`);
  if (r.unreachable.length) out.push(`unreachable: ${r.unreachable.map(v).join(', ')}`);
  if (r.clock.length) out.push(`clock offsets: ${r.clock.map((c) => `${v(c.host)} ${c.offsetMs >= 0 ? '+' : ''}${c.offsetMs.toFixed(1)} ms (rtt ${c.rttMs.toFixed(1)} ms)`).join(', ')}`);
  if (r.notes.length) {
    out.push('notes:');
    for (const n of r.notes) out.push(`  ${n.ts}  ${v(n.text)}`);
  }
  if (s.openIntents.length) {
    out.push(`commands started but never finished (not re-run; check them by hand): ${s.openIntents.length}`);
    for (const i of s.openIntents) out.push(`  ${i.ts}  ${v(i.host)}$ ${v(i.argv.join(' '))}`);
  } else out.push('commands started but never finished: none');
  return out.join('\n') + '\n';
}

export async function resumeCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('resume', argv, { json: { type: 'boolean' } }, 1);
  if (p.values.help) {
    io.out(RESUME_HELP);
    return EXIT.ok;
  }
  const file = p.positionals[0];
  if (!file) throw usageError('resume: give the journal file; see `gatewalk resume --help`');
  const r = resumeSession(file);
  if (p.values.json) {
    const { state, run, notes, unreachable, clock, ended, truncatedBytes, damaged } = r;
    io.out(JSON.stringify({ ...state, run, notes, unreachable, clock, ended, truncatedBytes, damaged }, null, 2) + '\n');
  } else io.out(renderResume(r));
  return EXIT.ok;
}
