// Why: batches appear in the report as their commands (rows grouped under the batch, never the script), streams gatewalk stopped read as stopped, and old journals still report.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { batchScript } from '../../src/engine/batch.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { buildReport } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderJson } from '../../src/report/json.js';
import { plain } from '../../src/report/text.js';
import { journal, out, runEvents, startEv, verdictOf } from './records.js';

const s = suite('report: batches and stopped streams');

const ITEMS = [
  ['ip', '-j', 'route', 'show', 'table', 'all'],
  ['sysctl', 'net.ipv4.ip_forward'],
  ['nft', '-j', 'list', 'ruleset'],
  ['ip', '-j', 'rule', 'show'],
];
const SCRIPT = batchScript(ITEMS.map((argv) => ({ argv })), '00112233aabbccdd');

const fwdOff = verdictOf({ gate: 2, status: 'FAIL', check: 'gate2.ip-forward', cause: 'ip-forward-off', side: 'a', finding: 'gwA does not forward IPv4', evidence: [{ host: 'gwA', command: 'sysctl net.ipv4.ip_forward', line: 'net.ipv4.ip_forward = 0' }], fix: [{ argv: ['sysctl', '-w', 'net.ipv4.ip_forward=1'] }] });
const failure = { gate: 2 as const, cause: 'ip-forward-off' as const, side: 'a' as const, point: 'dies before the tunnel', finding: fwdOff.finding, evidence: fwdOff.evidence, fix: fwdOff.fix };

/** A live journal as the journaling runner writes it now: a batch with items (the 4th did not come back and ran alone), and two streams. */
function liveEvents(): JournalEvent[] {
  return [
    startEv(),
    { type: 'intent', id: '1.1', role: 'gwA', host: 'ssh:gwA', argv: ['sh', '-c', SCRIPT], items: ITEMS },
    {
      type: 'outcome',
      id: '1.1',
      exitCode: 0,
      durationMs: 795,
      stdout: { ...out('(whole batch output)'), truncated: true },
      stderr: out(''),
      items: [
        { index: 0, exitCode: 0, startMs: 0, durationMs: 12, stdout: out('[]\n'), stderr: out('') },
        { index: 1, exitCode: 0, startMs: 14, durationMs: 3, stdout: out('net.ipv4.ip_forward = 0\n'), stderr: out('') },
        { index: 2, exitCode: 1, startMs: 20, durationMs: 40, stdout: out(''), stderr: out('Error: no nft\n') },
      ],
    },
    { type: 'intent', id: '1.2', role: 'gwA', host: 'ssh:gwA', argv: ITEMS[3]! },
    { type: 'outcome', id: '1.2', exitCode: 0, durationMs: 30, stdout: out('[]\n'), stderr: out('') },
    { type: 'intent', id: '1.3', role: 'gwA', host: 'ssh:gwA', argv: ['tcpdump', '-l', '-n', '-i', 'any'] },
    { type: 'intent', id: '1.4', role: 'gwA', host: 'ssh:gwA', argv: ['conntrack', '-E'] },
    { type: 'outcome', id: '1.3', exitCode: 255, stopped: true, durationMs: 2400, stdout: out('listening on any\n'), stderr: out('') },
    { type: 'outcome', id: '1.4', exitCode: 1, durationMs: 50, stdout: out('conntrack: not found\n'), stderr: out('') },
    ...runEvents(1, { '2': fwdOff }, failure),
  ];
}

s('appendix: one row per command of a batch, grouped under it; the script never inline', () => {
  const m = buildReport(journal(liveEvents()));
  assert.equal(m.commands.map((c) => [c.id, c.argv[0], c.exitCode, c.batch?.n ?? null, c.missing]), [
    ['1.1/1', 'ip', 0, 1, false],
    ['1.1/2', 'sysctl', 0, 1, false],
    ['1.1/3', 'nft', 1, 1, false],
    ['1.1/4', 'ip', null, 1, true],
    ['1.2', 'ip', 0, null, false],
    ['1.3', 'tcpdump', 255, null, false],
    ['1.4', 'conntrack', 1, null, false],
  ]);
  assert.equal(m.batches.map((b) => [b.n, b.id, b.size, b.returned, b.durationMs]), [[1, '1.1', 4, 3, 795]]);
  assert.is(m.commands[1]!.durationMs, 3);
  assert.is(m.commands[5]!.stopped, true);
  const md = renderMarkdown(journal(liveEvents()));
  const app = md.slice(md.indexOf('## Appendix'));
  assert.not.ok(md.includes('gatewalk-batch-v1'), 'no script body anywhere in the report');
  assert.ok(app.includes('batch 1 on `ssh:gwA`: 4 commands in one ssh session, 795 ms; 1 did not come back'), app);
  assert.ok(app.includes(`script SHA-256 \`${m.batches[0]!.script.sha256.slice(0, 16)}\``));
  assert.ok(app.includes('| 2 (B1) | +14 ms | `ssh:gwA` | `sysctl net.ipv4.ip_forward` | 0 | 3 ms |'), app);
  assert.ok(app.includes('did not come back (run alone)'));
  assert.ok(app.includes('| `tcpdump -l -n -i any` | stopped by gatewalk after 2.4 s |'), app);
  assert.ok(app.includes('| `conntrack -E` | 1 |'), 'a stream that died on its own keeps its exit code');
  assert.not.ok(app.includes('| 255 |'));
  const json = JSON.stringify(renderJson(journal(liveEvents())));
  assert.not.ok(json.includes('gatewalk-batch-v1'));
});

s('timeline counts a batch\'s commands and lists their non-zero exits; stopped streams are not failures', () => {
  const m = buildReport(journal(liveEvents()));
  const rows = m.timeline.filter((r) => r.kind === 'commands').map((r) => plain(r.text));
  const first = rows[0]!;
  assert.ok(first.startsWith('Ran 6 commands on `ssh:gwA` (3 of them in 1 batch, one ssh session each); 1 batched command did not come back and ran alone'), first);
  assert.ok(first.includes('`nft -j list ruleset` on `ssh:gwA` (exit 1, 40 ms)'), first);
  assert.not.ok(first.includes('tcpdump'), first);
  assert.ok(first.includes('`conntrack -E` on `ssh:gwA` (exit 1, 50 ms)'), first);
  assert.not.ok(first.includes('gatewalk-batch-v1'));
});

s('evidence quotes a batched probe from its own excerpt', () => {
  const m = buildReport(journal(liveEvents()));
  assert.equal(m.outputs.map((o) => [o.command, o.lines, o.batch?.id ?? null, o.durationMs]), [['sysctl net.ipv4.ip_forward', ['net.ipv4.ip_forward = 0'], '1.1', 3]]);
});

s('an old journal (batch argv, no items): commands decoded from the script, results from the excerpt; an open batch named by its commands', () => {
  const stdout = execFileSync('sh', ['-c', batchScript([{ argv: ['echo', 'one'] }, { argv: ['sh', '-c', 'exit 4'] }], 'aaaabbbbccccdddd')], { encoding: 'utf8' });
  const script = batchScript([{ argv: ['echo', 'one'] }, { argv: ['sh', '-c', 'exit 4'] }], 'aaaabbbbccccdddd');
  const openScript = batchScript([{ argv: ['ip', 'addr'] }], 'eeeeffff00001111');
  const recs = journal([
    startEv(),
    { type: 'intent', id: '1.1', role: 'gwB', host: 'ssh:gwB', argv: ['sh', '-c', script] },
    { type: 'outcome', id: '1.1', exitCode: 0, durationMs: 100, stdout: out(stdout), stderr: out('') },
    { type: 'intent', id: '1.2', role: 'gwB', host: 'ssh:gwB', argv: ['sh', '-c', openScript] },
  ]);
  const m = buildReport(recs);
  assert.equal(m.commands.map((c) => [c.argv.join(' '), c.exitCode, c.open]), [['echo one', 0, false], ['sh -c exit 4', 4, false], ['ip addr', null, true]]);
  assert.is(m.batches[0]!.fromExcerpt, true);
  assert.is(m.commands[0]!.stdoutBytes, 4);
  const md = renderMarkdown(recs);
  assert.not.ok(md.includes('gatewalk-batch-v1'));
  const open = m.unknowns.find((u) => u.kind === 'open-intent');
  assert.ok(open && plain(open.text).startsWith('A batch of 1 command(s) (`ip addr`) on `ssh:gwB`'), open && plain(open.text));
});

s('the clock session stopped by gatewalk reads as stopped in the timeline', () => {
  const recs = journal([
    startEv(),
    { type: 'intent', id: '1.clock-gwA', role: 'gwA', host: 'ssh:gwA', argv: ['sh', '-c', 'echo ready; read x; date'], purpose: 'clock offset against the jump host' },
    { type: 'outcome', id: '1.clock-gwA', exitCode: 255, stopped: true, durationMs: 310, stdout: out('ready\n'), stderr: out('') },
  ]);
  const row = buildReport(recs).timeline.find((r) => r.kind === 'commands');
  assert.ok(row && plain(row.text).endsWith('(stopped by gatewalk after 310 ms).'), row && plain(row.text));
});

s.run();
