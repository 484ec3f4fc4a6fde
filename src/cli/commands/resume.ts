// Why: `gatewalk resume JOURNAL`: the wizard back where the journal stopped on a terminal; headless, where it stood as text or JSON. Nothing is re-run.

import { EXIT, usageError } from '../../util/errors.js';
import { resumeSession } from '../../session/open.js';
import type { Restored } from '../../session/restore.js';
import { visible } from '../../view/sanitize.js';
import { parse } from '../args.js';
import type { Io } from '../io.js';

export const RESUME_HELP = `Usage: gatewalk resume JOURNAL [--print | --json]

On a terminal: the full-screen wizard back where JOURNAL stopped: gates, verdicts and decisions
restored, the panes fed again (a replay's recorded streams, a live incident's gateways), and every
command whose intent was journaled but whose outcome never was shown first (Enter acknowledges;
never re-run). Nothing runs on its own; r re-runs a gate. New decisions go to the same journal.

Headless (stdout not a terminal, or --print/--json): where the incident stood, as text: the test
pair, each gate's verdict and decision, the failure point, notes, unfinished commands. Reads the
journal; writes nothing.

  --print  the text form even on a terminal
  --json   the restored state as one JSON object

Exit status: 0 shown or quit; 2 the journal is missing, unreadable, not a gatewalk journal, or
held by another writer (the wizard only).
`;

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
    for (const i of s.openIntents) out.push(`  ${i.ts}  ${v(i.host)}$ ${v(i.items ? `batch of ${i.items.length}: ${i.items.map((a) => a.join(' ')).join('; ')}` : i.argv.join(' '))}`);
  } else out.push('commands started but never finished: none');
  return out.join('\n') + '\n';
}

export async function resumeCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('resume', argv, { json: { type: 'boolean' }, print: { type: 'boolean' } }, 1);
  if (p.values.help) {
    io.out(RESUME_HELP);
    return EXIT.ok;
  }
  const file = p.positionals[0];
  if (!file) throw usageError('resume: give the journal file; see `gatewalk resume --help`');
  if (!p.values.json && !p.values.print && process.stdout.isTTY && process.stdin.isTTY) return (await import('./resume-tui.js')).resumeTui(file, io);
  const r = resumeSession(file);
  if (p.values.json) {
    const { state, run, notes, unreachable, clock, ended, truncatedBytes, damaged } = r;
    io.out(JSON.stringify({ ...state, run, notes, unreachable, clock, ended, truncatedBytes, damaged }, null, 2) + '\n');
  } else io.out(renderResume(r));
  return EXIT.ok;
}
