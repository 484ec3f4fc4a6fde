// Why: remote output is hostile: escape sequences, C1 controls, bidi overrides, backtick fences, pipes and HTML must reach the report visibly escaped and break nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderMarkdown } from '../../src/report/markdown.js';
import { jsonText, renderJson } from '../../src/report/json.js';
import { code, fence, inline } from '../../src/report/md.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { journal, out, runEvents, startEv, verdictOf } from './records.js';

/** The escape corpus: what a tcpdump payload, a hostname or a banner can carry. */
const CORPUS = [
  '\x1b]52;c;cm0gLXJmIH4K\x07', // OSC 52: write the clipboard
  '\x1b]0;owned title\x07', // OSC 0: set the window title
  '\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\', // OSC 8 hyperlink
  '\x1b[2J\x1b[31mred\x1b[0m', // CSI: clear screen, colours
  '\x9b31mC1 CSI\x9b0m', // C1 CSI
  '\x90DCS\x9c', // C1 DCS ... ST
  'abc\u202edcba', // bidi override
  'x\u2066isolate\u2069y\u200bzero\u200dwidth\ufeffbom',
  'line\u2028separator\u2029para',
  'NUL\x00BEL\x07BS\x08DEL\x7f',
  '```\nfenced\n```',
  '````bash\nrm -rf /\n````',
  '| a | b |\n|---|---|',
  '<img src=x onerror=alert(1)> [click](http://evil.example/) ![i](http://evil.example/i.png)',
  '# heading\n> quote\n- item',
  '*bold* _em_ ~~strike~~ `code` \\',
];
const HOSTILE = CORPUS.join('\n');

const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/;

function hostileJournal() {
  const evil = verdictOf({
    gate: 2,
    status: 'FAIL',
    cause: 'forward-drop',
    side: 'a',
    finding: `dropped ${HOSTILE}`,
    evidence: [{ host: 'gwA\x1b[31m', command: 'tcpdump -l -n\x1b]0;t\x07', line: HOSTILE }],
    fix: [{ argv: ['nft', 'insert', 'rule', HOSTILE] }, { note: `by hand: ${HOSTILE}` }],
  });
  const events: JournalEvent[] = [
    startEv({ title: `evil ${HOSTILE}` }),
    { type: 'intent', id: '1.1', role: 'gwA', host: 'ssh:gwA', argv: ['tcpdump', '-l', '-n', '\x1b]52;c;eA==\x07', '|', '```'] },
    { type: 'outcome', id: '1.1', exitCode: 0, durationMs: 12, stdout: out(HOSTILE), stderr: out('') },
    ...runEvents(1, { '2': evil }, { gate: 2, cause: 'forward-drop', side: 'a', point: 'dies before the tunnel', finding: evil.finding, evidence: evil.evidence, fix: evil.fix }),
    { type: 'fix-proposed', gate: 2, cause: 'forward-drop', side: 'a', host: 'ssh:gwA', commands: evil.fix },
    { type: 'decision', gate: 2, action: 'override', engineStatus: 'FAIL', status: 'PASS', reason: HOSTILE },
    { type: 'note', text: HOSTILE },
    { type: 'end', reason: 'error', error: HOSTILE },
  ];
  return journal(events);
}

/** Every fenced block opens and closes where the renderer meant: no content line can close it early. */
function checkFences(md: string): void {
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})([A-Za-z]*)$/.exec(lines[i]!);
    if (!open) continue;
    const n = open[1]!.length;
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\`{${n},}\\s*$`).test(lines[j]!)) j++;
    assert.ok(j < lines.length, `fence at line ${i + 1} never closes`);
    assert.is(lines[j], open[1], `fence at line ${i + 1} closed by ${lines[j]} instead of its own fence`);
    i = j;
  }
}

/** Every table row has as many unescaped pipes as its header. */
function checkTables(md: string): void {
  const pipes = (l: string) => (l.match(/(?<!\\)\|/g) ?? []).length;
  let width = 0;
  for (const l of md.split('\n')) {
    if (!l.startsWith('|')) {
      width = 0;
      continue;
    }
    if (!width) width = pipes(l);
    else assert.is(pipes(l), width, `table row breaks its columns: ${l.slice(0, 120)}`);
  }
}

const s = suite('report escaping');

s('no raw control, C1, bidi or separator character reaches the report', () => {
  const md = renderMarkdown(hostileJournal());
  const m = RAW.exec(md);
  assert.not.ok(m, `raw U+${m?.[0].codePointAt(0)?.toString(16)} at ${m?.index}: ${JSON.stringify(md.slice((m?.index ?? 0) - 30, (m?.index ?? 0) + 10))}`);
  for (const shown of ['\\x1b]52;c;', '\\x1b]0;owned title\\x07', '\\x9b31m', '\\x90DCS\\x9c', '\\u{202E}', '\\u{2066}', '\\u{200B}', '\\u{2028}', '\\x00', '\\x7f']) {
    assert.ok(md.includes(shown), `not shown escaped: ${shown}`);
  }
});

s('hostile backticks cannot close a fence; every block closes with its own fence', () => {
  const md = renderMarkdown(hostileJournal());
  checkFences(md);
  assert.ok(md.includes('\n`````text\n') || md.includes('\n````text\n'), 'the excerpt fence is longer than the content\'s backtick runs');
});

s('table cells keep their columns: pipes escaped, newlines as <br>', () => {
  const md = renderMarkdown(hostileJournal());
  checkTables(md);
  assert.ok(md.includes('\\| a \\| b \\|'));
});

/** The Markdown outside fenced blocks and code spans (where markup is live). */
function prose(md: string): string {
  const kept: string[] = [];
  let fenceLen = 0;
  for (const l of md.split('\n')) {
    const f = /^(`{3,})/.exec(l);
    if (fenceLen) {
      if (f && f[1]!.length >= fenceLen && /^`+\s*$/.test(l)) fenceLen = 0;
      continue;
    }
    if (f) {
      fenceLen = f[1]!.length;
      continue;
    }
    kept.push(l.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ''));
  }
  return kept.join('\n');
}

s('HTML, links and images from remote text are not live markup', () => {
  const md = prose(renderMarkdown(hostileJournal()));
  assert.ok(md.includes('\\<img'), 'the HTML is in the prose, escaped');
  assert.not.ok(/(?<!\\)<img/.test(md), 'raw <img');
  assert.not.ok(/(?<!\\)\[click\]/.test(md), 'live link outside code');
  assert.not.ok(/(?<!\\)!\[i\]/.test(md) && !/\\\[i/.test(md), 'live image outside code');
  assert.not.ok(/^#+ heading/m.test(md) || /^> quote/m.test(md), 'remote text starts a block');
});

s('JSON output carries the same text, with every control, C1, bidi and invisible character as a \\u escape', () => {
  const value = renderJson(hostileJournal());
  const j = jsonText(value);
  assert.ok(j.includes('\\u001b]52;c;'), 'ESC as a JSON escape');
  assert.ok(j.includes('\\u009b31m') && j.includes('\\u202e'), 'C1 and bidi as JSON escapes');
  assert.not.ok(RAW.test(j.replace(/\n/g, ' ')), 'no raw control character in the JSON text');
  assert.equal(JSON.parse(j), JSON.parse(JSON.stringify(value)), 'the same value');
});

s('md helpers: code spans outgrow backtick runs, fences outgrow content, inline escapes markup', () => {
  assert.is(code('a`b'), '``a`b``');
  assert.is(code('`x`'), '`` `x` ``');
  assert.is(code('a|b', { cell: true }), '`a\\|b`');
  assert.is(code('\x1b[1m'), '`\\x1b[1m`');
  assert.is(code(''), '(empty)');
  assert.is(fence(['````']).split('\n')[0], '`````text');
  assert.is(inline('a\nb'), 'a<br>b');
  assert.is(inline('rp_filter *x* <b> [l](u) a|b'), 'rp_filter \\*x\\* \\<b> \\[l\\](u) a\\|b');
  assert.is(inline('_lead and trail_'), '\\_lead and trail\\_');
});

s('key-looking words in commands are never printed', () => {
  const key = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
  const md = renderMarkdown(
    journal([
      startEv(),
      { type: 'intent', id: 'a', role: 'gwA', host: 'ssh:gwA', argv: ['sh', '-c', `echo ${key} | wg set wg0 private-key /dev/stdin`] },
      { type: 'outcome', id: 'a', exitCode: 0, durationMs: 3, stdout: out(''), stderr: out('') },
      { type: 'intent', id: 'b', role: 'gwA', host: 'ssh:gwA', argv: ['ipsec-tool', '--psk', 'hunter2hunter2', 'password=swordfish1'] },
      { type: 'outcome', id: 'b', exitCode: 0, durationMs: 3, stdout: out(''), stderr: out('') },
      { type: 'fix-proposed', gate: 3, cause: 'allowed-ips', side: 'a', host: 'ssh:gwA', commands: [`wg set wg0 peer ${'P'.repeat(43)}= allowed-ips 10.0.0.0/8`, `ip xfrm state add enc aes 0x${'ab'.repeat(20)}`] },
    ]),
  );
  for (const secret of [key, 'hunter2hunter2', 'swordfish1', 'ab'.repeat(20)]) assert.not.ok(md.includes(secret), `leaked ${secret}`);
  assert.ok(md.includes(`peer ${'P'.repeat(43)}=`), 'a public key after `peer` stays');
});

s.run();
