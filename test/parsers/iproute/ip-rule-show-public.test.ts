// Why: OpenWrt's `ip -6 rule` ends in failed_policy / unreachable rules; they are actions that drop traffic, not "unknown".

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipRuleShow, lookupTables, type RuleList } from '../../../src/parsers/iproute/ip-rule-show.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('ip-rule-show on public outputs');

function fixture(name: string): { value: RuleList; warnings: string[] } {
  const r = ipRuleShow.parse(readFileSync(join(COMMANDS_DIR, 'ip-rule-show', `${name}.out`), 'utf8'));
  if (!r.ok) throw new Error(`parse failed: ${r.error.code} ${r.error.message}`);
  return { value: r.value, warnings: r.warnings };
}

s('failed_policy is the action of OpenWrt\'s per-interface rules, without warnings', () => {
  const { value, warnings } = fixture('public-freifunk-berlin-84--failed-policy');
  assert.is(value.rules.length, 12);
  const fp = value.rules.filter((r) => r.priority >= 4200000000);
  assert.is(fp.length, 5);
  for (const r of fp) assert.is(r.action, 'failed_policy');
  assert.equal(fp.map((r) => r.iif), ['lo', 'tunl0', 'br-dhcp', 'wlan0-adhoc-2', 'wlan1-adhoc-5']);
  assert.ok(!value.rules.some((r) => r.action === 'unknown'));
  assert.equal(warnings, []);
  // They look nothing up.
  assert.equal(lookupTables(value), ['local', 'olsr', 'olsr-default', 'main', 'olsr-tunnel']);
});

s('unreachable and failed_policy side by side: both actions, the prefix kept as printed', () => {
  const { value, warnings } = fixture('public-pbr-153--unreachable-failed-policy');
  assert.equal(value.rules.map((r) => r.action), ['lookup', 'lookup', 'unreachable', 'failed_policy', 'failed_policy', 'failed_policy', 'failed_policy', 'failed_policy', 'failed_policy']);
  assert.is(value.rules[2]!.from, '2001:985:xxxx::x/64');
  assert.is(value.rules[2]!.iif, 'br-lan');
  assert.equal(warnings, []);
});

s.run();
