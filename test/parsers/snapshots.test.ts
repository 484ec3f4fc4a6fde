// Why: one generic test walks every recorded fixture and compares the parse with the expectation stored beside it.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { parserById } from '../../src/parsers/registry.js';
import { fixtures, normalized } from '../lib/snapshots.js';

const s = suite('parser snapshots');

for (const f of fixtures()) {
  s(`${f.parser}/${f.name}`, () => {
    const parser = parserById(f.parser);
    assert.ok(parser, `no parser "${f.parser}" for snapshots/commands/${f.parser}`);
    assert.ok(existsSync(f.capturePath), `${f.name}: missing ${f.name}.capture.json (how it was captured)`);
    const capture = JSON.parse(readFileSync(f.capturePath, 'utf8')) as { source?: string; argv?: unknown; url?: unknown };
    assert.ok(capture.source === 'lab' || capture.source === 'runbook' || capture.source === 'public', `${f.name}: capture source must be lab, runbook or public`);
    if (capture.source === 'public') assert.ok(typeof capture.url === 'string' && /^https:\/\//.test(capture.url), `${f.name}: a public output names the https URL it was copied from`);
    assert.ok(Array.isArray(capture.argv), `${f.name}: capture lacks argv`);
    assert.ok(existsSync(f.expectPath), `${f.name}: no expected parse; run npm run snapshots:accept and review it`);
    const expected = JSON.parse(readFileSync(f.expectPath, 'utf8')) as unknown;
    assert.equal(normalized(parser!.parse(f.raw)), expected);
  });
}

s.run();
