// Why: the journal-fault corpus: every way a journal file is found damaged, foreign or cut off, and what open, read and report do with it (never lose a whole record, never truncate more than a torn last line).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecord, lineHash, GENESIS } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { openJournal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';
import { createWriter } from '../../src/journal/writer.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { EXIT, GatewalkError } from '../../src/util/errors.js';
import { gated } from '../lib/skip.js';
import { mulberry32 } from '../lib/prng.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from '../report/session-journal.js';

const s = suite('journal faults');
const root = mkdtempSync(join(tmpdir(), 'gw-faults-'));
let n = 0;
const path = (name = 'j.jsonl') => {
  const d = join(root, String(n++));
  mkdirSync(d);
  return join(d, name);
};

/** A real journal of `count` notes, written through openJournal (so chained). */
async function written(count = 5): Promise<string> {
  const p = path();
  const r = await openJournal(p);
  if (!r.ok) throw new Error(r.error);
  for (let i = 0; i < count; i++) await r.journal.append({ type: 'note', text: `note ${i}` });
  await r.journal.close();
  return p;
}

const lines = (p: string) => readFileSync(p, 'utf8').split(/(?<=\n)/);

/** Re-encode a record with a changed text, checksum recomputed (what a careful editor would do). */
function edited(line: string, text: string): string {
  const { sum: _sum, ...rec } = JSON.parse(line) as JournalRecord & { sum: string; text: string };
  return encodeRecord({ ...rec, text } as JournalRecord);
}

interface Case {
  name: string;
  make: () => Promise<string>;
  /** readJournal: records it gets, or an error matching. */
  read: { seqs: number[]; damaged?: number[]; breaks?: number[]; torn?: boolean } | { error: RegExp };
  /** openJournal for append: refused (and the file left byte for byte) or opened with these records. */
  open: { refused: RegExp } | { seqs: number[] };
}

const CASES: Case[] = [
  {
    name: 'CRLF line ends (a journal copied through Windows)',
    make: async () => {
      const p = await written();
      writeFileSync(p, readFileSync(p, 'utf8').replace(/\n/g, '\r\n'));
      return p;
    },
    read: { seqs: [0, 1, 2, 3, 4] },
    open: { seqs: [0, 1, 2, 3, 4] },
  },
  {
    name: 'torn last line (a crash in the middle of an append)',
    make: async () => {
      const p = await written();
      const l = lines(p);
      writeFileSync(p, l.slice(0, 4).join('') + l[4]!.slice(0, 40));
      return p;
    },
    read: { seqs: [0, 1, 2, 3], torn: true },
    open: { seqs: [0, 1, 2, 3] },
  },
  {
    name: 'zeros after the last record (a filesystem crash artifact)',
    make: async () => {
      const p = await written(3);
      writeFileSync(p, Buffer.concat([readFileSync(p), Buffer.alloc(300)]));
      return p;
    },
    read: { seqs: [0, 1, 2], torn: true },
    open: { seqs: [0, 1, 2] },
  },
  {
    name: 'a damaged record followed by valid ones',
    make: async () => {
      const p = await written();
      const l = lines(p);
      l[1] = l[1]!.replace('note 1', 'note X');
      writeFileSync(p, l.join(''));
      return p;
    },
    read: { seqs: [0, 2, 3, 4], damaged: [2] },
    open: { refused: /1 damaged line\(s\) \(first: line 2, checksum mismatch\); it is left as it is/ },
  },
  {
    name: 'a damaged last line that still ends in a newline (not a torn write)',
    make: async () => {
      const p = await written();
      const l = lines(p);
      l[4] = l[4]!.replace('note 4', 'note Y');
      writeFileSync(p, l.join(''));
      return p;
    },
    read: { seqs: [0, 1, 2, 3], damaged: [5] },
    open: { refused: /damaged line\(s\) \(first: line 5/ },
  },
  {
    name: 'no record decodes (every line damaged)',
    make: async () => {
      const p = await written(3);
      writeFileSync(p, readFileSync(p, 'utf8').replace(/note /g, 'nope '));
      return p;
    },
    read: { seqs: [], damaged: [1, 2, 3] },
    open: { refused: /not a gatewalk journal|damaged/ },
  },
  {
    name: 'an edited record, checksum recomputed',
    make: async () => {
      const p = await written();
      const l = lines(p);
      l[2] = edited(l[2]!, 'nothing to see here');
      writeFileSync(p, l.join(''));
      return p;
    },
    read: { seqs: [0, 1, 2, 3, 4], breaks: [4] },
    open: { refused: /fails its hash chain at line 4 \(record 3\)/ },
  },
  {
    name: 'a deleted record',
    make: async () => {
      const p = await written();
      const l = lines(p);
      writeFileSync(p, [...l.slice(0, 2), ...l.slice(3)].join(''));
      return p;
    },
    read: { seqs: [0, 1, 3, 4], breaks: [3] },
    open: { refused: /fails its hash chain at line 3 \(record 3\)/ },
  },
  {
    name: 'two records swapped',
    make: async () => {
      const p = await written();
      const l = lines(p);
      writeFileSync(p, [l[0], l[2], l[1], l[3], l[4]].join(''));
      return p;
    },
    read: { seqs: [0, 2, 1, 3, 4], breaks: [2, 3, 4] },
    open: { refused: /fails its hash chain at line 2 \(record 2\)/ },
  },
  {
    name: 'the first record removed',
    make: async () => {
      const p = await written();
      writeFileSync(p, lines(p).slice(1).join(''));
      return p;
    },
    read: { seqs: [1, 2, 3, 4], breaks: [1] },
    open: { refused: /fails its hash chain at line 1 \(record 1\)/ },
  },
  {
    name: 'an empty file (a session killed before its first record, by an older gatewalk)',
    make: async () => {
      const p = path();
      writeFileSync(p, '');
      return p;
    },
    read: { seqs: [] },
    open: { seqs: [] },
  },
  {
    name: 'a directory',
    make: async () => {
      const p = path();
      mkdirSync(p);
      return p;
    },
    read: { error: /it is a directory/ },
    open: { refused: /it is a directory/ },
  },
  {
    name: 'a FIFO (never blocks)',
    make: async () => {
      const p = path();
      execFileSync('mkfifo', [p]);
      return p;
    },
    read: { error: /it is a named pipe \(FIFO\)/ },
    open: { refused: /it is a named pipe \(FIFO\)/ },
  },
  {
    name: '/dev/zero (never read without limit)',
    make: async () => '/dev/zero',
    read: { error: /it is a character device/ },
    open: { refused: /it is a character device/ },
  },
  {
    name: 'a file that is not a journal',
    make: async () => {
      const p = path('incident.yaml');
      writeFileSync(p, 'title: x\nsites: {}\n');
      return p;
    },
    read: { error: /not a gatewalk journal/ },
    open: { refused: /not a gatewalk journal/ },
  },
];

for (const c of CASES) {
  s(`read and open: ${c.name}`, async () => {
    const p = await c.make();
    const before = existsSync(p) && statSync(p).isFile() ? readFileSync(p) : null;
    const r = readJournal(p);
    if ('error' in c.read) {
      assert.not.ok(r.ok, 'refused');
      assert.match(!r.ok ? r.error : '', c.read.error);
      assert.not.ok(!r.ok && r.error.includes('\n'), 'one line');
    } else {
      assert.ok(r.ok, !r.ok ? r.error : '');
      if (r.ok) {
        assert.equal(r.records.map((x) => x.seq), c.read.seqs);
        assert.equal(r.damaged.map((d) => d.line), c.read.damaged ?? []);
        assert.equal(r.chainBreaks.map((b) => b.line), c.read.breaks ?? []);
        assert.is(Boolean(r.truncated), Boolean(c.read.torn));
      }
    }
    const o = await openJournal(p);
    if ('refused' in c.open) {
      assert.not.ok(o.ok, 'open refused');
      assert.match(!o.ok ? o.error : '', c.open.refused);
      assert.not.ok(!o.ok && o.error.includes('\n'), 'one line');
      if (before) assert.equal(readFileSync(p), before, 'the file is left byte for byte');
    } else {
      assert.ok(o.ok, !o.ok ? o.error : '');
      if (!o.ok) return;
      assert.equal(o.journal.records.map((x) => x.seq), c.open.seqs);
      const next = await o.journal.append({ type: 'note', text: 'appended' });
      await o.journal.close();
      assert.is(next.seq, c.open.seqs.length ? c.open.seqs.at(-1)! + 1 : 0);
      const after = readJournal(p);
      assert.ok(after.ok);
      if (after.ok) {
        assert.equal(after.records.map((x) => x.seq), [...c.open.seqs, next.seq], 'every whole record kept, the new one after them');
        assert.equal(after.damaged, []);
        assert.equal(after.chainBreaks, [], 'the appended record links to the last one kept');
      }
    }
  });
}

s('a journal from before the hash chain reads as unchained; a resumed one is chained from its first new record', async () => {
  const p = path();
  const old = [0, 1, 2].map((i) => encodeRecord({ seq: i, ts: '2026-11-27T01:02:03.456Z', host: 'jump', type: 'note', text: `old ${i}` } as JournalRecord));
  writeFileSync(p, old.join(''));
  const r = readJournal(p);
  assert.ok(r.ok && !r.chained && r.chainFrom === null && r.chainBreaks.length === 0);
  const o = await openJournal(p);
  assert.ok(o.ok);
  if (!o.ok) return;
  const rec = await o.journal.append({ type: 'note', text: 'new' });
  await o.journal.close();
  assert.is(rec.prev, lineHash(old[2]!.slice(0, -1)), 'linked to the old last line');
  const after = readJournal(p);
  assert.ok(after.ok && after.chained && after.chainFrom === 4 && after.chainBreaks.length === 0);
  assert.match(renderMarkdown(after.ok ? after.records : [], { integrity: after.ok ? after : undefined }), /hash chain covers the records from line 4 on/);
});

s('the first record starts the chain; a new journal appears on disk only with it', async () => {
  const p = path();
  const o = await openJournal(p);
  assert.ok(o.ok);
  if (!o.ok) return;
  assert.not.ok(existsSync(p), 'nothing on disk before the first record');
  const first = await o.journal.append({ type: 'note', text: 'first' });
  assert.is(first.prev, GENESIS);
  assert.ok(existsSync(p));
  assert.is(statSync(p).mode & 0o777, 0o600);
  const r = readJournal(p);
  assert.equal(r.ok && r.records.map((x) => x.seq), [0]);
  await o.journal.close();
});

/** A file handle whose disk fills up after `room` bytes: a short write, then ENOSPC (or EIO). */
function fullDisk(room: number, code: 'ENOSPC' | 'EIO') {
  const written: Buffer[] = [];
  let left = room;
  const fh = {
    async write(buf: Buffer, off = 0, len = buf.length - off) {
      if (left <= 0) throw Object.assign(new Error(`${code}: write`), { code });
      const k = Math.min(left, len);
      written.push(Buffer.from(buf.subarray(off, off + k)));
      left -= k;
      return { bytesWritten: k, buffer: buf };
    },
    async sync() {},
    async close() {},
  } as unknown as FileHandle;
  return { fh, bytes: () => Buffer.concat(written) };
}

for (const code of ['ENOSPC', 'EIO'] as const) {
  s(`${code} while appending: a one-line error with exit 3; the records before it stay readable`, async () => {
    const first = encodeRecord({ seq: 0, ts: '2026-11-27T01:02:03.456Z', host: 'jump', prev: GENESIS, type: 'note', text: 'on disk' } as JournalRecord);
    const disk = fullDisk(Buffer.byteLength(first) + 30, code);
    const w = createWriter({ kind: 'open', fh: disk.fh }, { path: '/var/j.jsonl', nextSeq: 0, prev: GENESIS, host: 'jump', now: () => new Date('2026-11-27T01:02:03.456Z') });
    await w.append({ type: 'note', text: 'on disk' });
    const err = await w.append({ type: 'note', text: 'this one does not fit on the disk' }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.instance(err, GatewalkError);
    const g = err as GatewalkError;
    assert.is(g.exitCode, EXIT.journalIo);
    assert.is(g.exitCode, 3);
    assert.match(g.message, new RegExp(`^cannot write the journal /var/j.jsonl: ${code} \\(`));
    assert.not.ok(g.message.includes('\n'));
    await w.append({ type: 'note', text: 'later' }).then(
      () => assert.unreachable('a broken journal takes no more records'),
      (e: unknown) => assert.is(e, g),
    );
    // What reached the disk: the first record whole, then a torn part of the second, which a reopen cuts.
    const p = path();
    writeFileSync(p, disk.bytes());
    const r = readJournal(p);
    assert.ok(r.ok && r.records.length === 1 && r.truncated);
    const o = await openJournal(p);
    assert.ok(o.ok);
    if (o.ok) await o.journal.close();
    assert.is(readFileSync(p, 'utf8'), first);
  });
}

const rootOnly = gated(s, 'journal faults', process.getuid?.() === 0 ? null : 'needs root to mount a small tmpfs');
rootOnly('a real full disk (a 64 KiB tmpfs): the append fails with exit 3, the journal on it reads back whole', async () => {
  const mnt = mkdtempSync(join(tmpdir(), 'gw-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'gw-full', mnt]);
  try {
    const p = join(mnt, 'j.jsonl');
    const o = await openJournal(p);
    assert.ok(o.ok);
    if (!o.ok) return;
    let err: unknown = null;
    let kept = 0;
    for (let i = 0; i < 2000 && !err; i++) {
      try {
        await o.journal.append({ type: 'note', text: `n${i} ${'x'.repeat(200)}` });
        kept++;
      } catch (e) {
        err = e;
      }
    }
    await o.journal.close().catch(() => {});
    assert.instance(err, GatewalkError);
    assert.is((err as GatewalkError).exitCode, 3);
    assert.match((err as GatewalkError).message, /ENOSPC \(no space left on the device\)/);
    const r = readJournal(p);
    assert.ok(r.ok);
    if (r.ok) {
      assert.is(r.records.length, kept, 'every acknowledged record is on disk');
      assert.equal(r.damaged, []);
    }
  } finally {
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

const here = fileURLToPath(new URL('.', import.meta.url));
const CHILD = `
import { openJournal } from ${JSON.stringify(join(here, '../../src/journal/open.js'))};
const r = await openJournal(process.argv[2]);
if (!r.ok) { console.error(r.error); process.exit(9); }
process.stdout.write('open\\n');
for (let i = 0; ; i++) await r.journal.append({ type: 'note', text: 'n' + i + ' ' + 'y'.repeat(i % 500) });
`;

s('SIGKILL at any instant leaves no journal or one that reads (20 kills at random times)', async () => {
  const rand = mulberry32(11);
  const script = join(root, 'child.mjs');
  writeFileSync(script, CHILD);
  for (let k = 0; k < 20; k++) {
    const p = path();
    const child = spawn(process.execPath, [script, p], { stdio: ['ignore', 'pipe', 'inherit'] });
    const delay = Math.floor(rand() * 250);
    await new Promise((res) => setTimeout(res, delay));
    child.kill('SIGKILL');
    await new Promise((res) => child.on('exit', res));
    if (!existsSync(p)) continue;
    const r = readJournal(p);
    assert.ok(r.ok, `kill ${k} after ${delay} ms: ${!r.ok ? r.error : ''}`);
    if (r.ok) {
      assert.ok(r.records.length > 0, `kill ${k} after ${delay} ms: a journal on disk holds a record`);
      assert.equal(r.damaged, []);
      assert.equal(r.chainBreaks, []);
      assert.equal(r.records.map((x) => x.seq), r.records.map((_, i) => i));
    }
    const o = await openJournal(p);
    assert.ok(o.ok, `kill ${k}: reopens (${!o.ok ? o.error : ''})`);
    if (o.ok) await o.journal.close();
  }
});

s('a damaged failure record: the Summary never says that no gate failed beside a FAIL in the gates table', async () => {
  const records = await scriptedJournal(GOLDEN_SCRIPTS.find((g) => g.scenario === 'wireguard--no-return-route')!);
  assert.ok(records.some((r) => r.type === 'failure'), 'the script has a failure record');
  const p = path();
  writeFileSync(
    p,
    records
      .map((r) => encodeRecord(r))
      .map((l) => (l.includes('"type":"failure"') ? l.replace('"gate":', '"gate" :') : l))
      .join(''),
  );
  const r = readJournal(p);
  assert.ok(r.ok && r.damaged.length >= 1);
  const md = renderMarkdown(r.ok ? r.records : [], { integrity: r.ok ? r : undefined });
  assert.match(md, /\n\| 4 \| [^\n]*\| \*\*FAIL\*\* \(run 1\)/);
  assert.not.match(md, /No gate failed/);
  assert.not.match(md, /Nothing to fix was found/);
  assert.match(md, /shows gate 4 FAIL \(first in run 1\), but the journal holds no failure record for it/);
  assert.match(md, /Journal integrity:\*\* WARNING: \d+ damaged line/);
});

s.after(() => rmSync(root, { recursive: true, force: true }));

s.run();
