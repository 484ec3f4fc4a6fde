// Why: --redact-addresses must be consistent (same input, same pseudonym), reversible with its mapping, and leave no original address or host name behind.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderJson } from '../../src/report/json.js';
import { createPseudonymizer, restore } from '../../src/report/pseudonymize.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { GOLDEN_SCRIPTS, scriptedJournal } from './session-journal.js';
import { journal, out, startEv } from './records.js';

const s = suite('report pseudonyms');

const IPV4 = /(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9])/g;

function addressesIn(records: readonly JournalRecord[]): string[] {
  const all = new Set(JSON.stringify(records).match(IPV4) ?? []);
  return [...all].filter((a) => !a.startsWith('127.') && a !== '0.0.0.0' && a.split('.').every((o) => Number(o) <= 255));
}

let cache: JournalRecord[][] | null = null;
async function goldens(): Promise<JournalRecord[][]> {
  cache ??= await Promise.all(GOLDEN_SCRIPTS.map((g) => scriptedJournal(g)));
  return cache;
}

s('no original address, prefix or host name is left in a redacted golden report', async () => {
  for (const records of await goldens()) {
    const md = renderMarkdown(records, { redactAddresses: createPseudonymizer(records) });
    const addrs = addressesIn(records);
    assert.ok(addrs.length > 5, 'the journal has addresses to hide');
    for (const a of addrs) assert.not.ok(md.includes(a), `${a} left in the report`);
    for (const h of ['gwA', 'gwB', 'hostA', 'hostB', 'siteA', 'siteB']) assert.not.ok(new RegExp(`\\b${h}\\b`).test(md), `${h} left in the report`);
    assert.not.ok(/\bjump\b(?!-host)/.test(md), 'the jump host name left in the report');
  }
});

/** Lines with a clipped quote (…) are cut at a length counted after pseudonymizing, so they may end elsewhere. */
function sameUnclipped(a: string, b: string): void {
  const x = a.split('\n');
  const y = b.split('\n');
  assert.is(x.length, y.length, 'same number of lines');
  let compared = 0;
  x.forEach((l, i) => {
    if (l.includes('…') || y[i]!.includes('…') || l.includes('digest withheld')) return;
    assert.is(l, y[i], `line ${i + 1}`);
    compared++;
  });
  assert.ok(compared > x.length * 0.9, 'nearly every line is compared');
}

s('the mapping reverses the redacted report into the plain one', async () => {
  for (const records of await goldens()) {
    const p = createPseudonymizer(records);
    const redacted = renderMarkdown(records, { redactAddresses: p });
    sameUnclipped(restore(redacted, p.mapping()), renderMarkdown(records));
    const m = JSON.parse(JSON.stringify(p.mapping())) as ReturnType<typeof p.mapping>;
    assert.is(m.scheme, 'gatewalk-pseudonyms');
    sameUnclipped(restore(redacted, m), renderMarkdown(records));
    const deep = (v: unknown): unknown =>
      typeof v === 'string' ? restore(v, m) : Array.isArray(v) ? v.map(deep) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])) : v;
    const plainJson = renderJson(records) as { outputs: Array<{ sha256: string | null }>; commands: Array<{ sha256: string | null }> };
    for (const x of [...plainJson.outputs, ...plainJson.commands]) x.sha256 = null;
    assert.equal(deep(renderJson(records, { redactAddresses: createPseudonymizer(records) })), plainJson, 'the JSON report restores exactly, string by string (digests withheld)');
  }
});

s('digests of outputs are withheld: a short output and its SHA-256 would let a reader test guesses', async () => {
  const records = (await goldens())[3]!;
  const md = renderMarkdown(records, { redactAddresses: createPseudonymizer(records) });
  assert.not.ok(/SHA-256 `/.test(md));
  assert.match(md, /digest withheld/);
  for (const o of records.filter((r) => r.type === 'outcome')) assert.not.ok(md.includes(o.stdout.sha256.slice(0, 16)));
});

s('the same input gets the same pseudonym everywhere, and a second pseudonymizer gives the same ones', async () => {
  const records = (await goldens())[0]!;
  const a = createPseudonymizer(records);
  const b = createPseudonymizer(records);
  const md1 = renderMarkdown(records, { redactAddresses: a });
  const md2 = renderMarkdown(records, { redactAddresses: b });
  assert.is(md1, md2);
  const map = a.mapping().entries;
  assert.is(map['10.20.0.55'], 'site-a-addr-1');
  assert.is(map['172.31.40.10'], 'site-b-addr-1');
  assert.is(map['gwA'], 'gateway-a');
  assert.is(map['hostB'], 'destination-host');
  assert.ok(md1.includes('`site-a-lan/24`'), 'a prefix keeps its length');
  // Every occurrence of the source address became the same pseudonym.
  const n = (JSON.stringify(records).match(/10\.20\.0\.55(?![0-9])/g) ?? []).length;
  assert.ok(n > 3);
  assert.is(a.text('10.20.0.55 and 10.20.0.55.33118 and src=10.20.0.55'), 'site-a-addr-1 and site-a-addr-1.33118 and src=site-a-addr-1');
});

s('IPv6: spellings of one address share a pseudonym; prefixes keep their length; MACs and times are not addresses', () => {
  const records = journal([startEv(), { type: 'note', text: '2001:db8::1 2001:0db8:0:0:0:0:0:1 2001:db8::/32 fe80::1%wg0' }]);
  const p = createPseudonymizer(records);
  assert.is(p.text('2001:db8::1 = 2001:0db8:0:0:0:0:0:1'), 'ipv6-1 = ipv6-1');
  assert.is(p.text('2001:db8::/32'), 'ipv6-2/32');
  assert.is(p.text('aa:bb:cc:dd:ee:ff at 01:21:20.564685'), 'aa:bb:cc:dd:ee:ff at 01:21:20.564685');
  assert.is(p.text('::1 and 127.0.0.1 and 0.0.0.0/0'), '::1 and 127.0.0.1 and 0.0.0.0/0');
  assert.is(p.text('version 1.2.3'), 'version 1.2.3');
});

s('host names come from the journal (start, targets, commands, evidence); words that name no host stay', () => {
  const records = journal([
    startEv(),
    { type: 'target', role: 'gwB', host: 'ssh:admin@gw-b.example.net', reached: false, error: 'ssh: connect to host gw-b.example.net port 22: timed out' },
    { type: 'intent', id: 'x', role: 'hostA', host: 'ssh:web1', argv: ['ping', 'db1.internal'] },
    { type: 'outcome', id: 'x', exitCode: 1, durationMs: 5, stdout: out('ping: db1.internal: Name or service not known'), stderr: out('') },
    { type: 'note', text: 'local incident: web1 cannot reach gw-b.example.net' },
  ]);
  const p = createPseudonymizer(records);
  const md = renderMarkdown(records, { redactAddresses: p });
  for (const h of ['gw-b.example.net', 'web1']) assert.not.ok(md.includes(h), `${h} left`);
  assert.ok(md.includes('local incident'), 'ordinary words stay');
  assert.is(p.mapping().entries['web1'], 'source-host');
  const j = JSON.stringify(renderJson(records, { redactAddresses: createPseudonymizer(records) }));
  assert.not.ok(j.includes('gw-b.example.net') || j.includes('10.20.0.55'), 'the JSON form is redacted too');
});

s('a pseudonym never collides with text already in the journal', () => {
  const records = journal([startEv({ title: 'site-a-addr-1 is a real host name here' }), { type: 'note', text: '10.20.0.55' }]);
  const p = createPseudonymizer(records);
  const md = renderMarkdown(records, { redactAddresses: p });
  const pseudo = p.mapping().entries['10.20.0.55']!;
  assert.is.not(pseudo, 'site-a-addr-1');
  sameUnclipped(restore(md, p.mapping()), renderMarkdown(records));
});

s.run();
