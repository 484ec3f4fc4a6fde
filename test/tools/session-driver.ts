// Why: the scripted session the SIGKILL test kills: a replay session with a journal making decisions in a loop, printing "ack N" only after decide(N) resolved.

import { existsSync, writeSync } from 'node:fs';
import type { Gate } from '../../src/checks/types.js';
import { readJournal } from '../../src/journal/reader.js';
import { replaySession, resumeInto } from '../../src/session/open.js';
import { scripted } from './session-script.js';

const GATES: Gate[] = [1, 2, 3, 4, 'mtu'];

const say = (s: string) => void writeSync(1, `${s}\n`);

async function main(): Promise<void> {
  const [journalPath, scenario = 'wireguard--missing-route', max = '1000000'] = process.argv.slice(2);
  if (!journalPath) throw new Error('usage: session-driver JOURNAL [SCENARIO] [MAX]');
  // Killed before the start record was durable: the journal exists but holds nothing to resume.
  const started = existsSync(journalPath) && (readJournal(journalPath) as { records?: Array<{ type: string }> }).records?.some((r) => r.type === 'start');
  const s = started ? await resumeInto(journalPath) : await replaySession(scenario, { journalPath });
  // The script continues after the decisions already on disk.
  let i = s.journal.records.filter((r) => r.type === 'decision').length;
  if (!s.journal.records.some((r) => r.type === 'failure')) await s.run();
  say(`ready ${i}`);
  for (let n = 0; n < Number(max); n++, i++) {
    const d = scripted(i);
    await s.decide(d.gate, d.action, d.reason, d.status);
    say(`ack ${i}`);
    if (i % 7 === 3) await s.note(`note after ${i}: PresharedKey = eW91IHNoYWxsIG5vdCBwYXNzIHRoaXMga2V5IGhlcmUh`);
    if (i % 41 === 40) await s.rerun(GATES[i % GATES.length]!);
  }
  await s.close('done');
  say('done');
}

main().catch((e) => {
  process.stderr.write(`session-driver: ${(e as Error).message}\n`);
  process.exit(1);
});
