// Why: parsers meet garbled output in the field; 10,000+ mutations of real fixtures must never make one throw.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ALL_PARSERS } from '../../src/parsers/registry.js';
import type { Parsed } from '../../src/parsers/result.js';
import { fixtures } from '../lib/snapshots.js';
import { mulberry32 } from '../lib/prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 10_000);
const CODES = new Set(['empty', 'unrecognized', 'command-error', 'bad-json']);

const rng = mulberry32;

type Mutator = (s: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const at = (s: string, r: () => number) => Math.floor(r() * (s.length + 1));

const MUTATORS: Array<[string, Mutator]> = [
  ['truncate', (s, r) => s.slice(0, at(s, r))],
  ['shuffle-lines', (s, r) => s.split('\n').sort(() => r() - 0.5).join('\n')],
  ['flip-bytes', (s, r) => {
    const a = s.split('');
    for (let i = 0; i < 1 + r() * 8 && a.length; i++) a[Math.floor(r() * a.length)] = String.fromCharCode(Math.floor(r() * 256));
    return a.join('');
  }],
  ['drop-line', (s, r) => { const l = s.split('\n'); l.splice(Math.floor(r() * l.length), 1); return l.join('\n'); }],
  ['duplicate-line', (s, r) => { const l = s.split('\n'); const i = Math.floor(r() * l.length); l.splice(i, 0, l[i] ?? ''); return l.join('\n'); }],
  ['nul-and-escapes', (s, r) => { const i = at(s, r); return s.slice(0, i) + pick(['\0', '\x1b[2J', '\x1b]52;c;AAAA\x07', '\x9b31m', '\u202e', '\r'], r) + s.slice(i); }],
  ['digits-to-huge', (s) => s.replace(/\d+/g, '99999999999999999999999')],
  ['numbers-negative', (s) => s.replace(/\b(\d+)\b/g, '-$1')],
  ['json-type-swap', (s) => s.replace(/"[a-z_]+":\s*"[^"]*"/g, (m) => m.replace(/:\s*"[^"]*"/, ': 7')).replace(/:\s*\d+/g, ': "x"')],
  ['empty', () => ''],
  ['whitespace', () => ' \n\t\n'],
];
const HUGE: Mutator = (s, r) => { const i = at(s, r); return s.slice(0, i) + 'x'.repeat(1_000_000) + s.slice(i); };

function checkShape(res: Parsed<unknown>, where: string): void {
  assert.type(res, 'object', where);
  if (res.ok) {
    assert.ok(res.value !== undefined, `${where}: ok without a value`);
    assert.ok(Array.isArray(res.warnings), `${where}: warnings not an array`);
  } else {
    assert.ok(CODES.has(res.error.code), `${where}: unknown error code ${String(res.error.code)}`);
    assert.type(res.error.message, 'string', where);
  }
}

const s = suite('parser fuzz');

s(`${ROUNDS} mutated real fixtures across all parsers: no throw, every result well-formed (seed ${SEED})`, () => {
  const corpus = fixtures();
  if (!ALL_PARSERS.length || !corpus.length) {
    assert.unreachable('no parsers or no fixtures to fuzz');
    return;
  }
  const r = rng(SEED);
  let huge = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const f = pick(corpus, r);
    // Mostly the fixture's own parser, sometimes another parser's (outputs get mixed up in the field).
    const parser = r() < 0.8 ? (ALL_PARSERS.find((p) => p.id === f.parser) ?? pick(ALL_PARSERS, r)) : pick(ALL_PARSERS, r);
    let input: string;
    let how: string;
    if (i % 200 === 0) {
      input = HUGE(f.raw, r);
      how = 'huge-line';
      huge++;
    } else {
      const [name, m] = pick(MUTATORS, r);
      input = m(f.raw, r);
      how = name;
    }
    const where = `round ${i}: ${parser.id} on ${how}(${f.parser}/${f.name})`;
    let res: Parsed<unknown>;
    try {
      res = parser.parse(input);
    } catch (e) {
      assert.unreachable(`${where} threw: ${e instanceof Error ? e.stack : String(e)}`);
      return;
    }
    checkShape(res, where);
  }
  assert.ok(huge >= ROUNDS / 200);
});

s.run();
