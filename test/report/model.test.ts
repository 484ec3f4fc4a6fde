// Why: the report's judgements on hand-built journals: fixed or open, time to diagnosis, unknowns, follow-ups only where the evidence supports them, odd journals.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildReport } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { plain } from '../../src/report/text.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { journal, out, runEvents, startEv, verdictOf } from './records.js';

const s = suite('report model');

const fwdOff = verdictOf({ gate: 2, status: 'FAIL', check: 'gate2.ip-forward', cause: 'ip-forward-off', side: 'a', finding: 'gwA does not forward IPv4', evidence: [{ host: 'gwA', command: 'sysctl net.ipv4.ip_forward', line: 'net.ipv4.ip_forward = 0' }], fix: [{ argv: ['sysctl', '-w', 'net.ipv4.ip_forward=1'] }] });
const failure = { gate: 2 as const, cause: 'ip-forward-off' as const, side: 'a' as const, point: 'dies before the tunnel', finding: fwdOff.finding, evidence: fwdOff.evidence, fix: fwdOff.fix };
const unknown3 = verdictOf({ gate: 3, status: 'UNKNOWN', check: 'gate3.counters', finding: 'never reached wg0', missing: ['the test packet on gwA wg0'] });

function cmd(id: string, host: string, argv: string[], exitCode: number | null = 0): JournalEvent[] {
  return [
    { type: 'intent', id, role: 'gwA', host, argv },
    { type: 'outcome', id, exitCode, durationMs: 10, stdout: out('x\n'), stderr: out('') },
  ];
}

s('open: time to diagnosis runs from the start to the decision that accepted the failure', () => {
  const m = buildReport(
    journal([startEv(), ...cmd('1', 'ssh:gwA', ['sysctl', 'net.ipv4.ip_forward']), ...runEvents(1, { '2': fwdOff, '3': unknown3 }, failure), { type: 'decision', gate: 2, action: 'accept', engineStatus: 'FAIL', status: 'FAIL' }]),
  );
  assert.is(m.summary.state, 'open');
  assert.is(m.summary.timeToDiagnosis?.by, 'decision');
  assert.is(m.summary.timeToDiagnosis?.ms, 14_000, 'the decision is record 14');
  assert.is(m.summary.timeToDiagnosis?.engineMs, 5_000, 'the first FAIL verdict of gate 2 was record 5');
  const ids = m.followUps.map((f) => f.id);
  assert.ok(ids.includes('persist-sysctl'));
  assert.ok(ids.includes('rerun'), 'gate 3 is UNKNOWN after an open failure');
  assert.not.ok(ids.includes('mtu-mss') || ids.includes('prefix-contract') || ids.includes('firewall-contract'));
});

s('without a decision, time to diagnosis is the engine\'s first failing verdict', () => {
  const m = buildReport(journal([startEv(), ...runEvents(1, { '2': fwdOff }, failure)]));
  assert.is(m.summary.timeToDiagnosis?.by, 'verdict');
  assert.is(m.summary.timeToDiagnosis?.ms, 3_000);
});

s('fixed (an older journal: the fix as shell text run with sh -c): a fix applied and a re-run that passes; the runtime fix is to be persisted', () => {
  const m = buildReport(
    journal([
      startEv(),
      ...runEvents(1, { '2': fwdOff }, failure),
      ...cmd('fix2.1', 'ssh:gwA', ['sh', '-c', 'sysctl -w net.ipv4.ip_forward=1']),
      { type: 'rerun', gate: 2, run: 2 },
      ...runEvents(2, {}),
      { type: 'fix-applied', gate: 2, host: 'ssh:gwA', commands: ['sysctl -w net.ipv4.ip_forward=1'], outcomeIds: ['fix2.1'], before: fwdOff.evidence, after: [], afterStatus: 'PASS' },
      { type: 'end', reason: 'done' },
    ]),
  );
  assert.is(m.summary.state, 'fixed');
  assert.match(plain(m.summary.resolution), /fixed by `sysctl -w net.ipv4.ip_forward=1` applied on `ssh:gwA` at 09:00:\d\d UTC.*re-run 2 found gate 2 PASS/);
  assert.is(m.fixes.applied[0]?.results[0]?.exitCode, 0);
  assert.ok(m.fixes.proposed.length === 0);
  assert.ok(m.followUps.some((f) => f.id === 'persist-sysctl'));
  assert.not.ok(m.followUps.some((f) => f.id === 'rerun'));
});

s('fixed (argv fix lines): the report shows each command shell-quoted, notes apart, and the runtime fix to persist', () => {
  const lines = [{ argv: ['sysctl', '-w', 'net.ipv4.ip_forward=1'] }, { argv: ['swanctl', '--initiate', '--child', "it's a child"] }, { note: 'and persist it' }];
  const m = buildReport(
    journal([
      startEv(),
      ...runEvents(1, { '2': { ...fwdOff, fix: lines } }, { ...failure, fix: lines }),
      { type: 'fix-proposed', gate: 2, cause: 'ip-forward-off', side: 'a', host: 'ssh:gwA', commands: lines },
      ...cmd('fix2.1', 'ssh:gwA', ['sysctl', '-w', 'net.ipv4.ip_forward=1']),
      ...cmd('fix2.2', 'ssh:gwA', ['swanctl', '--initiate', '--child', "it's a child"]),
      { type: 'rerun', gate: 2, run: 2 },
      ...runEvents(2, {}),
      { type: 'fix-applied', gate: 2, host: 'ssh:gwA', commands: lines, outcomeIds: ['fix2.1', 'fix2.2'], before: fwdOff.evidence, after: [], afterStatus: 'PASS' },
      { type: 'end', reason: 'done' },
    ]),
  );
  assert.is(m.summary.state, 'fixed');
  assert.match(plain(m.summary.resolution), /fixed by `sysctl -w net.ipv4.ip_forward=1` and 1 more command\(s\) applied on `ssh:gwA`/);
  assert.equal(m.fixes.applied[0]?.commands, ['sysctl -w net.ipv4.ip_forward=1', "swanctl --initiate --child 'it'\\''s a child'", '# and persist it']);
  assert.equal(m.fixes.applied[0]?.results.map((x) => x.exitCode), [0, 0]);
  assert.ok(m.followUps.some((f) => f.id === 'persist-sysctl'));
});

s('still open when the re-run fails at another gate', () => {
  const mtu = verdictOf({ gate: 'mtu', status: 'FAIL', cause: 'mtu-blackhole', side: 'a', finding: 'black hole' });
  const m = buildReport(
    journal([startEv(), ...runEvents(1, { '2': fwdOff }, failure), { type: 'rerun', gate: 'all', run: 2 }, ...runEvents(2, { mtu }, { gate: 'mtu', cause: 'mtu-blackhole', side: 'a', point: 'MTU', finding: 'black hole', evidence: [], fix: [] })]),
  );
  assert.is(m.summary.state, 'open');
  assert.match(plain(m.summary.resolution), /now fails at MTU/);
  assert.ok(m.followUps.some((f) => f.id === 'mtu-mss'));
});

s('unknowns: unreachable hosts, commands without outcome, clock offsets, gaps, no end record', () => {
  const recs = journal([
    startEv(),
    { type: 'target', role: 'gwB', host: 'ssh:gwB', reached: false, error: 'Connection timed out' },
    { type: 'clock', role: 'gwA', host: 'ssh:gwA', offsetMs: 2500, rttMs: 4 },
    { type: 'intent', id: 'x', role: 'gwA', host: 'ssh:gwA', argv: ['nft', '-j', 'list', 'ruleset'] },
    ...runEvents(1, {}),
  ]);
  recs.push({ ...recs.at(-1)!, seq: recs.at(-1)!.seq + 5 });
  const m = buildReport(recs);
  const kinds = m.unknowns.map((u) => u.kind);
  for (const k of ['unreachable', 'open-intent', 'clock', 'journal-gap', 'no-end'] as const) assert.ok(kinds.includes(k), `no ${k}: ${kinds.join(',')}`);
  assert.match(plain(m.unknowns.find((u) => u.kind === 'clock')!.text), /`ssh:gwA` \(2500 ms\)/);
  assert.ok(m.followUps.some((f) => f.id === 'access') && m.followUps.some((f) => f.id === 'time-sync'));
  assert.is(m.commands[0]?.open, true);
  const md = renderMarkdown(recs);
  assert.match(md, /\*\*no outcome\*\*/);
  assert.match(md, /\*\*no\*\*: Connection timed out/);
});

s('a healthy walk: no failure, no follow-up the evidence does not support', () => {
  const m = buildReport(journal([startEv(), ...runEvents(1, {}), { type: 'end', reason: 'done' }]));
  assert.is(m.summary.state, 'no-failure');
  assert.equal(m.followUps, []);
  assert.match(renderMarkdown(journal([startEv(), ...runEvents(1, {})])), /No gate failed/);
});

s('prefix-contract wording follows the VPN: AllowedIPs for WireGuard, traffic selectors for IPsec', () => {
  const sel = verdictOf({ gate: 3, status: 'FAIL', cause: 'selectors', side: 'a', finding: 'selectors differ' });
  const f = { gate: 3 as const, cause: 'selectors' as const, side: 'a' as const, point: 'dies in tunnel policy', finding: 'x', evidence: [], fix: [] };
  const ipsec = buildReport(journal([startEv(), ...cmd('1', 'ssh:gwA', ['swanctl', '--list-sas']), ...runEvents(1, { '3': sel }, f)]));
  assert.match(plain(ipsec.followUps.find((x) => x.id === 'prefix-contract')!.text), /traffic selectors/);
  const wg = buildReport(journal([startEv(), ...cmd('1', 'ssh:gwA', ['wg', 'show', 'wg0', 'dump']), ...runEvents(1, { '3': { ...sel, cause: 'allowed-ips' } }, { ...f, cause: 'allowed-ips' })]));
  assert.match(plain(wg.followUps.find((x) => x.id === 'prefix-contract')!.text), /AllowedIPs/);
});

s('odd journals still give a report: empty, no start, an override to FAIL against the engine', () => {
  assert.match(renderMarkdown([]), /No diagnosis was recorded/);
  const noStart = journal([...runEvents(1, {})]);
  assert.match(renderMarkdown(noStart), /test pair is unknown/);
  const m = buildReport(journal([startEv(), ...runEvents(1, {}), { type: 'decision', gate: 4, action: 'override', engineStatus: 'PASS', status: 'FAIL', reason: 'users still cannot reach the app' }]));
  assert.is(m.summary.state, 'open');
  assert.ok(m.unknowns.some((u) => u.kind === 'override'));
});

s.run();
