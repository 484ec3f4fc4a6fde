// Why: the verdicts agree with what the test pair's own traffic did, on every recorded scenario and when the checks are wrong.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { diagnose, GROUND_TRUTH_CHECK, type Diagnosis } from '../../src/engine/diagnose.js';
import { lastSeen, pairOutcome, seenAt } from '../../src/engine/ground-truth.js';
import type { Evidence, ProbeResult } from '../../src/engine/analyze.js';
import type { Check } from '../../src/checks/check.js';
import type { Gate } from '../../src/checks/types.js';
import { exitFor } from '../../src/cli/commands/check.js';
import { EXIT } from '../../src/util/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceOf, scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';

const checks = wizardChecks(loadWizard());
const s = suite('ground truth: the pair decides');

/** A check that always says the same thing: a stand-in for a check that is wrong. */
function saying(gate: Gate, status: 'FAIL' | 'PASS'): Check {
  return {
    id: `test.always-${status}-${gate}`,
    gate,
    title: 'stand-in',
    run: () => ({ check: `test.always-${status}-${gate}`, gate, status, cause: status === 'FAIL' ? 'forward-drop' : null, side: status === 'FAIL' ? 'a' : null, finding: `always ${status}`, evidence: [], fix: [], missing: [] }),
  } as Check;
}

function table(d: Diagnosis): string {
  return d.gates.map((g) => `${g.gate}:${g.status}`).join(' ') + ` pair=${d.pair?.status}`;
}

/** The invariant itself, as the issue states it. */
function holds(d: Diagnosis): string | null {
  const fails = d.gates.filter((g) => g.status === 'FAIL');
  if (d.pair?.status === 'works' && fails.some((g) => g.gate !== 'mtu' || d.pair!.protocol === 'tcp')) return `the pair works but ${fails.map((g) => g.gate).join(',')} FAIL`;
  if ((d.pair?.status === 'fails' || d.pair?.status === 'partial') && !fails.length) {
    const gt = d.gates.flatMap((g) => g.verdicts).find((v) => v.check === GROUND_TRUTH_CHECK);
    if (!gt || gt.status !== 'UNKNOWN' || !gt.finding.startsWith('the pair fails; cause not found')) return 'the pair fails and nothing says so';
  }
  return null;
}

const names = scenarioNames();
/** Healthy, or a "works, but" fault (scenario.json expect: no-fail): the pair works. */
const working = (name: string): boolean =>
  name.endsWith('--healthy') || (JSON.parse(readFileSync(join(SCENARIOS_DIR, name, 'scenario.json'), 'utf8')) as { expect?: string }).expect === 'no-fail';

s('every scenario has a measured pair: healthy ones work, faulty ones do not', () => {
  assert.ok(names.length >= 20, `${names.length} scenarios`);
  for (const name of names) {
    const p = pairOutcome(evidenceOf(name));
    if (working(name)) assert.is(p.status, 'works', `${name}: ${p.summary}`);
    else if (name.endsWith('--mtu-blackhole')) assert.is(p.status, 'partial', `${name}: ${p.summary}`);
    else assert.is(p.status, 'fails', `${name}: ${p.summary}`);
    assert.ok(p.evidence.length > 0, `${name}: the outcome quotes the traffic`);
  }
});

for (const name of names) {
  s(`${name}: the invariant holds with the real checks, and with no checks at all`, () => {
    const ev = evidenceOf(name);
    const real = diagnose(ev, checks);
    assert.is(holds(real), null, `${name}: ${table(real)}`);
    const none = diagnose(ev, []);
    assert.is(holds(none), null, `${name} without checks: ${table(none)}`);
    if (working(name)) {
      assert.is(exitFor(real), EXIT.ok, table(real));
      // A check that wrongly FAILs on a working pair is held to a WARN, at every gate.
      for (const gate of [1, 2, 3, 4, 'mtu'] as Gate[]) {
        const wrong = diagnose(ev, [...checks, saying(gate, 'FAIL')]);
        assert.is(wrong.failure, null, `${gate}: ${table(wrong)}`);
        assert.is(wrong.gates.find((g) => g.gate === gate)!.status, 'WARN');
        assert.match(wrong.gates.find((g) => g.gate === gate)!.verdicts.find((v) => v.check.startsWith('test.'))!.finding, /but the test pair works/);
      }
    } else {
      assert.is(exitFor(real), EXIT.failed);
      // Checks that all PASS cannot make a failing pair look fine: the output is UNKNOWN, exit 4.
      const blind = diagnose(ev, [1, 2, 3, 4, 'mtu'].map((g) => saying(g as Gate, 'PASS')));
      assert.is(blind.failure, null);
      assert.is(holds(blind), null, table(blind));
      assert.is(exitFor(blind), EXIT.undecided);
      const gt = blind.gates.flatMap((g) => g.verdicts).find((v) => v.check === GROUND_TRUTH_CHECK)!;
      assert.ok(gt.evidence.length > 0, 'the UNKNOWN quotes the traffic');
    }
  });
}

s('the gate of "cause not found" is where the packets were last seen', () => {
  const want: Record<string, Gate> = {
    'wireguard--wrong-gateway': 1,
    'wireguard--forward-drop': 2,
    'wireguard--missing-route': 2,
    'wireguard--allowed-ips': 3,
    'wireguard--no-return-route': 4,
    'strongswan--no-return-route': 4,
    'wireguard--mtu-blackhole': 'mtu',
  };
  for (const [name, gate] of Object.entries(want)) {
    const d = diagnose(evidenceOf(name), []);
    const gt = d.gates.flatMap((g) => g.verdicts).find((v) => v.check === GROUND_TRUTH_CHECK);
    assert.is(gt?.gate, gate, `${name}: ${d.lastSeen?.text}`);
  }
  assert.match(lastSeen(evidenceOf('wireguard--no-return-route'))!.text, /reply last seen at lanB .*not at tunB/);
  assert.match(lastSeen(evidenceOf('wireguard--allowed-ips'))!.text, /request last seen at tunA .*not at tunB/);
});

s('the seen-at table counts the pair protocol at each point, both directions', () => {
  const rows = seenAt(evidenceOf('wireguard--healthy'));
  assert.equal(rows.map((r) => r.point), ['lanA', 'tunA', 'wanA', 'wanB', 'tunB', 'lanB']);
  for (const p of ['lanA', 'tunA', 'tunB', 'lanB']) {
    const r = rows.find((x) => x.point === p)!;
    assert.ok(r.toward > 0 && r.back > 0, `${p}: ${r.toward}/${r.back}`);
    assert.ok(r.firstToward?.includes('Flags [S]'), `${p} quotes the SYN: ${r.firstToward}`);
  }
  // The WAN points see the tunnel's outer packets only: none of the pair's in clear on a healthy lab.
  assert.ok(rows.filter((r) => r.point.startsWith('wan')).every((r) => r.toward === 0 && r.back === 0));
  const broken = seenAt(evidenceOf('wireguard--no-return-route'));
  assert.ok(broken.find((r) => r.point === 'lanB')!.back > 0);
  assert.is(broken.find((r) => r.point === 'tunB')!.back, 0);
});

function withTcp(ev: Evidence, stdout: string, exitCode: number | null, stderr = ''): Evidence {
  return { ...ev, tcp: { ...(ev.tcp as ProbeResult), stdout, stderr, exitCode } };
}

s('the TCP outcome reads curl as it reports: connect time, exit codes, a missing curl', () => {
  const ev = evidenceOf('wireguard--healthy');
  assert.is(pairOutcome(withTcp(ev, '200 2097152 0.001234\n', 0)).status, 'works');
  // Connected (time_connect > 0), then the transfer timed out: partial, whatever the captures say.
  assert.is(pairOutcome(withTcp(ev, '000 0 0.004000\n', 28)).status, 'partial');
  assert.is(pairOutcome(withTcp(ev, '000 0 0.000000\n', 28)).status, 'fails');
  assert.is(pairOutcome(withTcp(ev, '000 0\n', 7)).status, 'fails');
  assert.match(pairOutcome(withTcp(ev, '000 0\n', 7)).summary, /could not connect/);
  const missing = pairOutcome(withTcp(ev, '', 127, 'sh: 1: curl: not found\n'));
  assert.is(missing.status, 'unknown');
  assert.match(missing.summary, /curl missing/);
  // An HTTP error status is still an answer through the tunnel: the pair's packets made the round trip.
  assert.is(pairOutcome(withTcp(ev, '404 9\n', 0)).status, 'works');
  assert.is(pairOutcome({ ...ev, tcp: null }).status, 'unknown');
});

s('exit codes: unknown pair or UNKNOWN gate is 4, never 0', () => {
  const ev = evidenceOf('wireguard--healthy');
  const unmeasured = diagnose({ ...ev, tcp: null, ping: null }, checks);
  assert.is(unmeasured.pair?.status, 'unknown');
  assert.is(exitFor(unmeasured), EXIT.undecided);
  assert.is(exitFor(diagnose(ev, checks)), EXIT.ok);
});

s.run();
