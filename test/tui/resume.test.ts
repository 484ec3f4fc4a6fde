// Why: `gatewalk resume` on a terminal brings the wizard back where the journal stopped: decided gates stay decided, it goes on at the next gate in the same journal, and a command with no outcome is shown, never re-run.

import * as assert from 'uvu/assert';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { encodeRecord, lineHash } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { readJournal } from '../../src/journal/reader.js';
import { BIN, cliSuite, quitCli, startCli } from './harness.js';

const { s, runs, dir: scratch } = cliSuite('tui resume', 'gatewalk-resume-');

const start = (args: string[]) => {
  const r = startCli(args, { cols: 160, rows: 48 });
  runs.push(r);
  return r;
};
const records = (j: string): JournalRecord[] => {
  const r = readJournal(j);
  if (!r.ok) throw new Error(r.error);
  return r.records;
};
const count = (j: string, type: string) => records(j).filter((r) => r.type === type).length;

s('train, accept gates 1 and 2, quit; resume shows both accepted, goes on at gate 3 in the same journal, runs nothing', async () => {
  const j = join(scratch(), 'train.jsonl');
  const t = start(['train', 'wireguard--no-return-route', '--speed', '20', '--journal', j]);
  await t.waitFor(/Gate 4 ✘ FAIL/);
  for (const g of [1, 2]) {
    t.send('\r');
    await t.waitFor(new RegExp(`Gate ${g} ✔ PASS accepted`));
  }
  assert.is(await quitCli(t), 0);
  const intents = count(j, 'intent');
  const verdicts = count(j, 'verdict');
  assert.ok(intents > 0 && verdicts > 0);

  const r = start(['resume', j]);
  const scr = await r.waitFor((x) => x.includes('Gate 2 ✔ PASS accepted') && x.includes('Gate 3: '));
  assert.match(scr, /REPLAY/);
  assert.match(scr, /Gate 1 ✔ PASS accepted +Gate 2 ✔ PASS accepted +>Gate 3 ✔ PASS +Gate 4 ✘ FAIL/);
  assert.match(scr, /Gate 3: The tunnel accepts it/);
  assert.match(scr, /resumed: 2 gate\(s\) decided; nothing re-run/);
  assert.not.match(scr, /collecting evidence|reading the recording/);
  assert.match(scr, /\[1\] gwA LAN lan0 on gwA/, 'the recorded panes are back');
  r.send('\r');
  await r.waitFor(/Gate 3 ✔ PASS accepted/);
  await r.waitFor(/Verdict: FAIL no-return-route/);
  assert.is(await quitCli(r), 0);

  const recs = records(j);
  const decisions = recs.filter((x): x is Extract<JournalRecord, { type: 'decision' }> => x.type === 'decision');
  assert.equal(decisions.map((d) => [d.gate, d.action]), [[1, 'accept'], [2, 'accept'], [3, 'accept']]);
  assert.is(count(j, 'intent'), intents, 'nothing re-run');
  assert.is(count(j, 'verdict'), verdicts, 'no new diagnosis');
  assert.is(recs.filter((x) => x.type === 'start').length, 1, 'the same journal goes on');
});

s('a journal with an unfinished command: the wizard shows it (host, argv, when), Enter acknowledges it, nothing runs', async () => {
  const j = join(scratch(), 'crash.jsonl');
  const c = await execa(process.execPath, [BIN, 'check', '--replay', 'wireguard--missing-route', '--journal', j], { reject: false });
  assert.is(c.exitCode, 1, String(c.stderr));
  const seq = records(j).length;
  // Chained to the last line, as gatewalk itself would have written it before the crash.
  const prev = lineHash(readFileSync(j, 'utf8').trimEnd().split('\n').at(-1)!);
  appendFileSync(j, encodeRecord({ seq, ts: '2026-11-27T03:00:00.000Z', host: 'ssh:gwB', prev, type: 'intent', id: '9.1', role: 'gwB', argv: ['nft', 'list', 'ruleset'] } as never));
  const intents = count(j, 'intent');
  const outcomes = count(j, 'outcome');

  const r = start(['resume', j]);
  const scr = await r.waitFor('Resumed: commands with no outcome');
  assert.match(scr, /1 command started before the session stopped; no outcome was recorded/);
  assert.match(scr, /2026-11-27T03:00:00\.000Z +ssh:gwB\$ nft list ruleset/);
  assert.match(scr, /gatewalk does not run them again/);
  assert.match(scr, /Enter acknowledge/);
  r.send('\r');
  const after = await r.waitFor((x) => !x.includes('Resumed: commands with no outcome') && x.includes('acknowledged'));
  assert.match(after, /Gate 1: /);
  assert.match(after, /ssh:gwB\$ nft list ruleset/, 'still listed in the step panel\n' + after);
  assert.is(await quitCli(r), 0);

  const recs = records(j);
  assert.is(count(j, 'intent'), intents, 'nothing re-run');
  assert.is(count(j, 'outcome'), outcomes);
  const notes = recs.filter((x): x is Extract<JournalRecord, { type: 'note' }> => x.type === 'note');
  assert.ok(notes.some((n) => /acknowledged 1 command\(s\) with no recorded outcome, not re-run: 9\.1/.test(n.text)), JSON.stringify(notes));
});

s('--print on a terminal: the text form, no wizard', async () => {
  const j = join(scratch(), 'print.jsonl');
  await execa(process.execPath, [BIN, 'check', '--replay', 'wireguard--healthy', '--journal', j], { reject: false });
  const r = start(['resume', j, '--print']);
  const e = await r.exited;
  assert.is(e.exitCode, 0);
  assert.match(r.raw(), /gate 1 +PASS +not decided/);
  assert.not.match(r.raw(), /\x1b\[\?1049h/, 'no alternate screen');
});

s.run();
