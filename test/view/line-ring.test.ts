// Why: the byte-bounded scrollback ring: it always holds the newest lines in order, within its line and byte bounds, whatever the line sizes.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LineAssembler } from '../../src/view/line-assembler.js';
import { cutLine, LineRing } from '../../src/view/line-ring.js';
import { PaneBuffer } from '../../src/view/pane-buffer.js';

const s = suite('view line ring');

const contents = (r: LineRing) => Array.from({ length: r.length }, (_, i) => r.at(i));

/** A small deterministic generator (no Math.random: failures must replay). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

s('lines come back in order, the oldest dropped first, each counted once', () => {
  const r = new LineRing(3, 1024);
  let dropped = 0;
  for (const l of ['a', '', 'ccc', 'dd', 'e']) dropped += r.push(l);
  assert.equal(contents(r), ['ccc', 'dd', 'e']);
  assert.is(dropped, 2);
});

s('random lines (empty, ASCII, multi-byte, astral): always the newest suffix, within both bounds', () => {
  const pieces = ['x', 'é', '中', '😀', ' ', '0123456789'];
  for (let seed = 1; seed <= 40; seed++) {
    const rand = rng(seed);
    const maxLines = 1 + Math.floor(rand() * 60);
    const maxBytes = 64 + Math.floor(rand() * 2000);
    const r = new LineRing(maxLines, maxBytes, 32);
    const pushed: string[] = [];
    let dropped = 0;
    for (let i = 0; i < 500; i++) {
      let l = '';
      const n = rand() < 0.05 ? Math.floor(rand() * 400) : Math.floor(rand() * 12);
      for (let k = 0; k < n; k++) l += pieces[Math.floor(rand() * pieces.length)];
      dropped += r.push(l);
      pushed.push(cutLine(l, r.maxLineChars));
      const got = contents(r);
      const ctx = `seed ${seed}, line ${i}`;
      assert.equal(got, pushed.slice(pushed.length - got.length), ctx);
      assert.ok(got.length >= 1 && got.length <= maxLines, ctx);
      assert.is(dropped + got.length, pushed.length, ctx);
      assert.ok(r.capacity <= maxBytes, ctx);
      const bytes = got.reduce((a, x) => a + Buffer.byteLength(x) + 1, 0);
      assert.ok(bytes <= r.capacity, ctx);
      // Nothing is dropped early: at the byte cap a wrap wastes less than one line, and the line just dropped did not fit too.
      if (got.length < Math.min(maxLines, pushed.length) && r.capacity === maxBytes) {
        const before = Buffer.byteLength(pushed[pushed.length - got.length - 1]!) + 1;
        const longest = Math.max(...got.map((x) => Buffer.byteLength(x) + 1));
        assert.ok(bytes + before + longest > maxBytes, `${ctx}: ${got.length} lines, ${bytes} bytes of ${maxBytes}`);
      }
    }
  }
});

s('a quiet pane keeps a small buffer; a busy one grows to its cap and no further', () => {
  const r = new LineRing(2000, 512 * 1024);
  r.push('listening on any');
  assert.ok(r.capacity <= 16 * 1024);
  for (let i = 0; i < 100_000; i++) r.push(`01:21:41.${String(i).padStart(6, '0')} lan0  In  IP 10.20.0.55.33000 > 172.31.40.10.8080: Flags [S], seq ${i}`);
  assert.is(r.capacity, 512 * 1024);
  assert.is(r.length, 2000);
  assert.match(r.at(1999), /seq 99999$/);
});

s('a 1 MB line is never kept whole: cut by the assembler, bounded in bytes by the pane', () => {
  const a = new LineAssembler();
  const big = `${'A'.repeat(1024 * 1024)}\nnext`;
  const lines = a.push(big);
  assert.ok(lines.every((l) => l.length <= 4096));
  assert.is(lines.join(''), 'A'.repeat(1024 * 1024));
  assert.is(a.partial(), 'next');
  const b = new PaneBuffer(2000, 64 * 1024);
  for (const l of lines) b.addLine(l);
  b.addLine('Z'.repeat(1024 * 1024));
  const v = b.view(5000).lines;
  assert.ok(v.reduce((n, l) => n + l.length + 1, 0) <= 64 * 1024);
  assert.ok(v.at(-1)!.startsWith('ZZZ') && v.at(-1)!.length <= 64 * 1024);
  b.setPartial('P'.repeat(1024 * 1024));
  assert.ok(b.view(1).lines[0]!.length <= 64 * 1024);
});

s.run();
