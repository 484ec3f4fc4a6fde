// Why: a PASS never rests on an output with lines the parser could not read: such a gate is UNKNOWN, the unread line quoted.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { diagnose, unknownSyntax } from '../../src/engine/diagnose.js';
import { parserById } from '../../src/parsers/registry.js';
import type { Evidence } from '../../src/engine/analyze.js';
import { evidenceOf } from '../lib/replay.js';

const checks = wizardChecks(loadWizard());
const s = suite('partial evidence');

/** The recorded evidence with one probe's output changed and parsed again. */
function withOutput(ev: Evidence, id: string, stdout: string): Evidence {
  const p = ev.probes[id]!;
  const parser = parserById('swanctl-list-conns')!;
  return { ...ev, probes: { ...ev.probes, [id]: { ...p, stdout, parsed: parser.parse(stdout) } } };
}

s('an unread line in swanctl --list-conns turns the selectors PASS into UNKNOWN, quoting it', () => {
  const ev = evidenceOf('strongswan--healthy');
  const before = diagnose(ev, checks);
  assert.is(before.gates.find((g) => g.gate === 3)!.status, 'PASS');
  const text = ev.probes['gwA.conns']!.stdout.replace('    remote: 172.31.40.0/24', '    remote: 172.31.40.0/24\n    frobnicate: 172.31.41.0/24 only-on-tuesdays');
  const odd = withOutput(ev, 'gwA.conns', text);
  const r = odd.probes['gwA.conns']!.parsed!;
  assert.ok(r.ok && r.warnings.some(unknownSyntax), JSON.stringify(r.ok && r.warnings));
  const d = diagnose(odd, checks);
  const g3 = d.gates.find((g) => g.gate === 3)!;
  assert.is(g3.status, 'UNKNOWN', g3.verdicts.map((v) => `${v.check}:${v.status}`).join(' '));
  const v = g3.verdicts.find((x) => x.status === 'UNKNOWN' && /does not read/.test(x.finding))!;
  assert.ok(v, 'the UNKNOWN says why');
  assert.ok(v.evidence.some((e) => e.line.includes('frobnicate')), JSON.stringify(v.evidence));
  // The other gates did not read that output: they keep their PASS.
  assert.is(d.gates.find((g) => g.gate === 1)!.status, 'PASS');
  assert.is(d.failure, null);
});

s('warnings that are not about unknown syntax leave a PASS alone', () => {
  assert.ok(unknownSyntax('line 4: unrecognized: foo'));
  assert.ok(unknownSyntax('unread child setting: x'));
  assert.ok(!unknownSyntax('line 2: RTNETLINK answers: File exists'));
});

s.run();
