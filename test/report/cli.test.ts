// Why: `gatewalk report`: stdout by default, -o and the mapping file, JSON, and one-line errors with exit 2 for a missing or unreadable journal.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecord } from '../../src/journal/codec.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from './session-journal.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

async function cli(args: string[]) {
  const r = await execa(process.execPath, [bin, ...args], { reject: false, stripFinalNewline: false });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

const s = suite('report cli');
let dir = '';
let journalFile = '';

s.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-report-cli-'));
  journalFile = join(dir, 'incident.jsonl');
  const records = await scriptedJournal(GOLDEN_SCRIPTS[0]!);
  writeFileSync(journalFile, records.map((r) => encodeRecord(r)).join(''));
});
s.after(() => rmSync(dir, { recursive: true, force: true }));

s('writes the Markdown report to stdout, the same as the golden', async () => {
  const r = await cli(['report', journalFile]);
  assert.is(r.code, 0, r.err);
  assert.is(r.out, readFileSync(fileURLToPath(new URL(`../../../snapshots/reports/${GOLDEN_SCRIPTS[0]!.scenario}.md`, import.meta.url)), 'utf8'));
});

s('-o writes the file (owner-only); --format json is one JSON object', async () => {
  const md = join(dir, 'out.md');
  const r = await cli(['report', journalFile, '-o', md]);
  assert.is(r.code, 0, r.err);
  assert.is(r.out, '');
  assert.match(readFileSync(md, 'utf8'), /^# Incident report: /);
  assert.is(statSync(md).mode & 0o077, 0);
  const j = await cli(['report', journalFile, '--format', 'json']);
  assert.is(j.code, 0, j.err);
  const obj = JSON.parse(j.out) as { format: string; summary: { state: string; failure: { gate: number } } };
  assert.is(obj.format, 'gatewalk-report');
  assert.is(obj.summary.state, 'open');
  assert.is(obj.summary.failure.gate, 2);
});

s('--redact-addresses writes the mapping next to -o, and next to the journal without -o', async () => {
  const md = join(dir, 'red.md');
  const r = await cli(['report', journalFile, '--redact-addresses', '-o', md]);
  assert.is(r.code, 0, r.err);
  const text = readFileSync(md, 'utf8');
  assert.not.ok(text.includes('10.20.0.55'));
  const map = JSON.parse(readFileSync(`${md}.map.json`, 'utf8')) as { entries: Record<string, string> };
  assert.is(map.entries['10.20.0.55'], 'site-a-addr-1');
  assert.match(r.err, /mapping written to .*red\.md\.map\.json/);
  const r2 = await cli(['report', journalFile, '--redact-addresses']);
  assert.is(r2.code, 0, r2.err);
  assert.ok(existsSync(`${journalFile}.map.json`));
  assert.not.ok(r2.out.includes('172.31.40.10'));
});

s('a torn last record (a crash mid-write) is cut off: the report covers the whole records and says so', async () => {
  const torn = join(dir, 'torn.jsonl');
  writeFileSync(torn, readFileSync(journalFile, 'utf8') + '{"seq":999,"ts":"2026-11-27T01:30:00.000Z","ho');
  const r = await cli(['report', torn]);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /a torn last line \(\d+ bytes\) was left out; what follows covers the 95 whole records/);
  assert.match(r.out, /Journal integrity:\*\* WARNING: a torn last line/);
  assert.match(r.out, /records 0–94/);
});

const errors: Array<[string, () => string[], RegExp]> = [
  ['a missing journal', () => ['report', join(dir, 'nope.jsonl')], /cannot read the journal .*nope\.jsonl: ENOENT/],
  ['a directory', () => ['report', dir], /cannot read the journal/],
  ['a file that is not a journal', () => ['report', join(dir, 'not-a-journal.txt')], /not a gatewalk journal/],
  ['an empty journal', () => ['report', join(dir, 'empty.jsonl')], /holds no record/],
  ['no journal named', () => ['report'], /which journal/],
  ['a bad --format', () => ['report', journalFile, '--format', 'pdf'], /--format must be one of md, json/],
  ['an unknown flag', () => ['report', journalFile, '--colour'], /Unknown option '--colour'/],
  ['-o naming the journal itself', () => ['report', journalFile, '-o', journalFile], /names the journal itself/],
  ['an unwritable -o', () => ['report', journalFile, '-o', join(dir, 'no', 'such', 'dir', 'r.md')], /cannot write/],
];

for (const [what, args, msg] of errors) {
  s(`${what}: one line, exit 2`, async () => {
    writeFileSync(join(dir, 'not-a-journal.txt'), 'hello\n');
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const r = await cli(args());
    assert.is(r.code, 2, `${r.err}`);
    assert.match(r.err, msg);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
    assert.not.match(r.err, /at .*\.js:\d+/);
    assert.is(r.out, '');
  });
}

s('report --help and the main help list the command', async () => {
  const h = await cli(['report', '--help']);
  assert.is(h.code, 0);
  assert.match(h.out, /--redact-addresses/);
  const m = await cli(['--help']);
  assert.match(m.out, /^ {2}report +/m);
});

s.run();
