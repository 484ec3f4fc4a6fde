// Why: resume is a pure fold over the journal: gates, verdicts per run, decisions, re-runs and open intents come back as recorded.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixLineText, hasCommands } from '../../src/checks/fix.js';
import type { Verdict } from '../../src/checks/types.js';
import type { JournalEvent, JournalRecord } from '../../src/journal/events.js';
import { restore } from '../../src/session/restore.js';

const s = suite('session restore (reducer)');

function records(evs: JournalEvent[]): JournalRecord[] {
  return evs.map((e, i) => ({ seq: i, ts: `2026-11-27T01:00:${String(i).padStart(2, '0')}.000Z`, host: 'jump', ...e }) as JournalRecord);
}
const v = (check: string, gate: Verdict['gate'], status: Verdict['status']): Verdict => ({ check, gate, status, cause: null, side: null, finding: `${check} ${status}`, evidence: [], fix: [], missing: [] });
const start: JournalEvent = { type: 'start', mode: 'replay', tool: 'gatewalk', title: 'T', pair: { source: '10.0.0.1', destination: '10.0.1.1' }, scenario: 'x', incidentText: '', sites: { a: { gateway: 'a', tunnel: 'wg0' }, b: { gateway: 'b', tunnel: 'wg0' } } };

s('an empty journal: every gate pending, current gate 1', () => {
  const r = restore([], '/j');
  assert.equal(r.state.gates.map((g) => g.progress), ['pending', 'pending', 'pending', 'pending', 'pending']);
  assert.is(r.state.current, 1);
  assert.is(r.state.journalPath, '/j');
});

s('verdicts, gates, failure, decisions; current is the first undecided gate', () => {
  const r = restore(
    records([
      start,
      { type: 'verdict', run: 1, verdict: v('g1.a', 1, 'PASS') },
      { type: 'gate', run: 1, gate: 1, status: 'PASS', deciding: 'g1.a' },
      { type: 'verdict', run: 1, verdict: v('g2.a', 2, 'PASS') },
      { type: 'verdict', run: 1, verdict: v('g2.b', 2, 'FAIL') },
      { type: 'gate', run: 1, gate: 2, status: 'FAIL', deciding: 'g2.b' },
      { type: 'failure', run: 1, failure: { gate: 2, cause: 'no-route', side: 'a', point: 'dies before the tunnel', finding: 'f', evidence: [], fix: ['ip route add'] } },
      { type: 'decision', gate: 1, action: 'accept', engineStatus: 'PASS', status: 'PASS' },
      { type: 'decision', gate: 2, action: 'override', engineStatus: 'FAIL', status: 'PASS', reason: 'route is on its way' },
    ]),
    '/j',
  );
  const st = r.state;
  assert.is(st.title, 'T');
  assert.is(st.startedAt, '2026-11-27T01:00:00.000Z');
  assert.equal(st.gates[1]!.verdicts.map((x) => x.check), ['g2.a', 'g2.b']);
  assert.is(st.gates[1]!.deciding?.check, 'g2.b');
  assert.is(st.gates[1]!.progress, 'FAIL');
  assert.equal(st.gates[1]!.decision, { action: 'override', status: 'PASS', reason: 'route is on its way', ts: '2026-11-27T01:00:08.000Z' });
  assert.is(st.failure?.cause, 'no-route');
  assert.is(st.current, 3);
  assert.is(r.run, 1);
});

s('a re-run replaces the gate verdicts and clears its decision; other gates keep theirs', () => {
  const r = restore(
    records([
      start,
      { type: 'verdict', run: 1, verdict: v('g2.b', 2, 'FAIL') },
      { type: 'gate', run: 1, gate: 2, status: 'FAIL', deciding: 'g2.b' },
      { type: 'decision', gate: 1, action: 'skip', engineStatus: 'UNKNOWN', status: null },
      { type: 'decision', gate: 2, action: 'accept', engineStatus: 'FAIL', status: 'FAIL' },
      { type: 'rerun', gate: 2, run: 2 },
      { type: 'verdict', run: 2, verdict: v('g2.b', 2, 'PASS') },
      { type: 'gate', run: 2, gate: 2, status: 'PASS', deciding: 'g2.b' },
    ]),
    '/j',
  );
  assert.equal(r.state.gates[1]!.verdicts.map((x) => x.status), ['PASS']);
  assert.is(r.state.gates[1]!.progress, 'PASS');
  assert.is(r.state.gates[1]!.decision, null);
  assert.is(r.state.gates[0]!.decision?.action, 'skip');
  assert.is(r.state.current, 2);
  assert.is(r.run, 2);
});

s('intents without an outcome are listed as open (never re-run); notes and the end are kept; a later record reopens', () => {
  const base: JournalEvent[] = [
    start,
    { type: 'intent', id: 'c1', role: 'gwA', host: 'ssh:gwA', argv: ['ip', 'route'] },
    { type: 'outcome', id: 'c1', exitCode: 0, durationMs: 1, stdout: { excerpt: '', bytes: 0, sha256: '', truncated: false }, stderr: { excerpt: '', bytes: 0, sha256: '', truncated: false } },
    { type: 'intent', id: 'c2', role: 'gwB', host: 'ssh:gwB', argv: ['nft', 'list', 'ruleset'] },
    { type: 'note', text: 'hello' },
    { type: 'end', reason: 'signal' },
  ];
  const r = restore(records(base), '/j');
  assert.equal(r.state.openIntents, [{ id: 'c2', host: 'ssh:gwB', argv: ['nft', 'list', 'ruleset'], ts: '2026-11-27T01:00:03.000Z' }]);
  assert.equal(r.notes.map((n) => n.text), ['hello']);
  assert.is(r.ended?.reason, 'signal');
  assert.is(restore(records([...base, { type: 'note', text: 'resumed' }]), '/j').ended, null);
});

s('the fold is pure: the same records give the same state, and a prefix never sees a later record', () => {
  const recs = records([start, { type: 'decision', gate: 1, action: 'accept', engineStatus: 'PASS', status: 'PASS' }]);
  const a = restore(recs, '/j');
  const b = restore(recs, '/j');
  assert.equal(a.state, b.state);
  assert.is(restore(recs.slice(0, 1), '/j').state.gates[0]!.decision, null);
});

s('an older journal whose fix lines are shell text: restored as notes (shown, nothing to run); argv lines kept as they are', () => {
  const old = { ...v('gate2.ip-forward', 2, 'FAIL'), cause: 'ip-forward-off' as const, side: 'a' as const, fix: ['sysctl -w net.ipv4.ip_forward=1', "echo 'x' > /etc/sysctl.d/90.conf"] };
  const r = restore(
    records([
      start,
      { type: 'verdict', run: 1, verdict: old },
      { type: 'gate', run: 1, gate: 2, status: 'FAIL', deciding: 'gate2.ip-forward' },
      { type: 'failure', run: 1, failure: { gate: 2, cause: 'ip-forward-off', side: 'a', point: 'p', finding: 'f', evidence: [], fix: old.fix } },
      { type: 'verdict', run: 1, verdict: { ...v('gate3.x', 3, 'FAIL'), fix: [{ argv: ['wg', 'set', 'wg0'] }] } },
    ]),
    '/j',
  );
  const fix = r.state.gates.find((g) => g.gate === 2)?.deciding?.fix ?? [];
  assert.is(fix.length, 2);
  assert.not.ok(hasCommands(fix), JSON.stringify(fix));
  assert.ok(fixLineText(fix[0]!).includes('sysctl -w net.ipv4.ip_forward=1'));
  assert.not.ok(hasCommands(r.state.failure?.fix ?? []));
  assert.equal(r.state.gates.find((g) => g.gate === 3)?.verdicts[0]?.fix, [{ argv: ['wg', 'set', 'wg0'] }]);
});

s.run();
