// Why: one side only (site B's gateway out of reach): every recorded scenario, seen from site A alone, names the right gate and side, inferred where it rests on site A's view of the far side.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { exitFor } from '../../src/cli/commands/check.js';
import { EXIT } from '../../src/util/errors.js';
import { parseIncident } from '../../src/incident/load.js';
import { oneSidedEvidenceOf, scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';

const checks = wizardChecks(loadWizard());
const s = suite('one side only');

for (const name of scenarioNames()) {
  s(`${name}, site B out of reach`, () => {
    const meta = JSON.parse(readFileSync(join(SCENARIOS_DIR, name, 'scenario.json'), 'utf8')) as { expected: { gate: number | 'mtu'; side: string; cause: string } | null };
    const ev = oneSidedEvidenceOf(name, 'cisco-asa');
    assert.is(Object.keys(ev.probes).filter((id) => id.startsWith('gwB.') || id.startsWith('hostB.')).length, 0, 'nothing from site B');
    const d = diagnose(ev, checks);
    const table = d.gates.map((g) => `${g.gate}:${g.status}${g.deciding?.inferred ? '*' : ''}`).join(' ');
    // No verdict may claim to have seen site B: a PASS or FAIL that rests on gwB's evidence would be invented.
    for (const v of d.gates.flatMap((g) => g.verdicts)) {
      if (v.status === 'PASS' || v.status === 'FAIL') assert.ok(v.evidence.every((e) => !/^(gwB|hostB)$/.test(e.host)), `${v.check} quotes site B: ${JSON.stringify(v.evidence)}`);
    }
    const e = meta.expected;
    if (!e) {
      assert.is(d.failure, null, table);
      assert.is(exitFor(d), EXIT.ok, table);
      for (const g of [3, 4] as const) {
        const gs = d.gates.find((x) => x.gate === g)!;
        assert.is(gs.status, 'PASS', table);
        assert.ok(gs.verdicts.some((v) => v.inferred && v.status === 'PASS'), `gate ${g} passes by inference: ${table}`);
      }
      return;
    }
    assert.ok(d.failure, `no failure: ${table}`);
    assert.is(d.failure!.gate, e.gate, table);
    assert.is(d.failure!.side, e.side, table);
    if (e.side === 'b') {
      // Site B's own fault can only be inferred from here.
      assert.is(d.failure!.inferred, true, table);
      assert.is(d.failure!.cause, 'peer-no-reply');
      assert.match(d.failure!.finding, /leave encrypted for siteB's gateway \(cisco-asa\) at 198\.51\.100\.20/);
      // Only the port is blocked on the far side: the echo comes back, and the finding says both (issue 12 item 5).
      if (/tcp-port-drop-b|host-firewall-b/.test(name)) assert.match(d.failure!.finding, /TCP packets to port 8080 .* get no reply, while 3 ICMP echo replies came back/);
      else assert.not.match(d.failure!.finding, /ICMP echo repl/);
    } else {
      assert.is(d.failure!.cause, e.cause, table);
      assert.not.ok(d.failure!.inferred, 'a fault on site A is proven on site A');
    }
  });
}

s('the incident: { none: true } for site B only, with its public address; vendors from the list', () => {
  const text = readFileSync(join(SCENARIOS_DIR, 'wireguard--healthy', 'incident.yaml'), 'utf8');
  const none = text.replace('      target:\n        ssh: gwB\n      sudo: false\n      lan_interface: lan0\n      wan_interface: wan0\n      wan_address: 198.51.100.20\n', '      target: { none: true }\n');
  assert.ok(none !== text, 'the fixture has a site B gateway target');
  const bad = parseIncident(none, 'x.yaml');
  assert.not.ok(bad.ok);
  if (!bad.ok) assert.match(bad.error, /wan_address: a gateway nobody can log into needs wan_address/);
  const ok = parseIncident(none.replace('{ none: true }', '{ none: true }\n      wan_address: 198.51.100.20\n      vendor: fortigate'), 'x.yaml');
  assert.ok(ok.ok, ok.ok ? '' : ok.error);
  const vendor = parseIncident(none.replace('{ none: true }', '{ none: true }\n      wan_address: 198.51.100.20\n      vendor: junos-srx'), 'x.yaml');
  assert.not.ok(vendor.ok);
  if (!vendor.ok) assert.match(vendor.error, /vendor: not a known vendor; one of cisco-asa/);
  const a = parseIncident(text.replace('      target:\n        ssh: gwA\n', '      target: { none: true }\n'), 'x.yaml');
  assert.not.ok(a.ok);
  if (!a.ok) assert.match(a.error, /site A's gateway is where gatewalk looks from/);
});

s.run();
