// Why: quoting is the only thing between an operator's word and a remote shell; prove it with real shells.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { shJoin, shQuote } from '../../src/targets/shell-quote.js';
import { gated } from '../lib/skip.js';

const s = suite('shell-quote');
const dir = mkdtempSync(join(tmpdir(), 'gatewalk-quote-'));
const canary = join(dir, 'CANARY');

/** Words that would do something, or split, or expand, if a shell read them unquoted. */
const hostile: string[] = [
  ';',
  'a;id',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `'; touch ${canary}; '`,
  `"; touch ${canary}; "`,
  `> ${canary}`,
  `&& touch ${canary}`,
  `| touch ${canary}`,
  `a\n touch ${canary}`,
  "'",
  '"',
  `'"'"'`,
  "it's",
  'line1\nline2',
  '-rf',
  '--',
  'two words',
  'tab\there',
  ' leading and trailing ',
  'cr\r',
  '\x01\x1b[31m\x7f',
  '*',
  '/*',
  '?',
  '[a]',
  '{a,b}',
  '~',
  '~root',
  '!',
  '!!',
  '#not a comment',
  '\\',
  '\\n',
  '$HOME',
  '${IFS}',
  '$((1+1))',
  'ünï',
  '\u202Eevil',
  '日本',
  '',
  '%',
  '%s',
  'A=1',
  '=ls',
  'if',
  'plain-word_1.2/x:y@z,+%',
];

const noCanary = () => assert.not.ok(existsSync(canary), `${canary} was created: a word was executed`);

const canRun = (shell: string) => (existsSync(`/bin/${shell}`) || existsSync(`/usr/bin/${shell}`) ? null : `${shell} is not installed`);

for (const shell of ['sh', 'bash']) {
  const t = gated(s, 'shell-quote', canRun(shell));

  t(`${shell}: every hostile word is printed back exactly, nothing runs`, async () => {
    for (const tok of hostile) {
      const r = await execa(shell, ['-c', `printf '%s' ${shQuote(tok)}`], { reject: false, stripFinalNewline: false });
      assert.is(r.exitCode, 0, `exit for ${JSON.stringify(tok)}: ${r.stderr}`);
      assert.is(r.stdout, tok, `word ${JSON.stringify(tok)} came back as ${JSON.stringify(r.stdout)}`);
      noCanary();
    }
  });

  t(`${shell}: shJoin splits back into the same words`, async () => {
    const script = `set -- ${shJoin(hostile)}; for a in "$@"; do printf '%s\\0' "$a"; done`;
    const r = await execa(shell, ['-c', script], { stripFinalNewline: false });
    const words = r.stdout.split('\0');
    assert.is(words.pop(), '', 'output ends with a separator');
    assert.equal(words, hostile);
    noCanary();
  });
}

s('an empty vector joins to an empty string; one empty word to two quotes', () => {
  assert.is(shJoin([]), '');
  assert.is(shJoin(['']), `''`);
});

s('safe words stay bare, others are single-quoted', () => {
  assert.is(shQuote('ip'), 'ip');
  assert.is(shQuote('10.0.0.1/24'), '10.0.0.1/24');
  assert.is(shQuote('a b'), `'a b'`);
  assert.is(shQuote("it's"), `'it'\\''s'`);
});

s('a first word with "=" or a reserved word runs as a command name, not as syntax', async () => {
  for (const w of ['A=1', 'if', 'done']) {
    const r = await execa('sh', ['-c', shJoin([w])], { reject: false });
    assert.is(r.exitCode, 127, `${w}: ${r.stderr}`);
    assert.match(r.stderr, 'not found');
  }
});

s('a NUL byte cannot be quoted', () => {
  assert.throws(() => shQuote('a\0b'), /NUL/);
  assert.throws(() => shJoin(['ok', '\0']), /NUL/);
});

s.after(() => rmSync(dir, { recursive: true, force: true }));

s.run();
