// Why: rules beyond the lab's (wg-quick's fwmark pair, goto, reject actions, detached iif) must read the same in text and JSON.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipRuleShow, lookupTables, type RuleList } from '../../../src/parsers/iproute/ip-rule-show.js';

const s = suite('ip-rule-show parser');

function rules(text: string): RuleList {
  const r = ipRuleShow.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

const TEXT = [
  '0:\tfrom all lookup local',
  '100:\tfrom 172.31.40.0/24 to 10.20.0.0/24 lookup 120',
  '4995:\tfrom all tos 0x10 fwmark 0x1/0xff prohibit',
  '4996:\tfrom all oif wan0 uidrange 1000-1000 goto 5000',
  '4997:\tfrom 1.2.3.0/24 blackhole',
  '4998:\tfrom all iif lo ipproto tcp dport 22 lookup 100',
  '4999:\tfrom all lookup main suppress_prefixlength 0',
  '5000:\tnot from all fwmark 0xca6c lookup 51820',
  '32766:\tfrom all lookup main',
  '',
].join('\n');

const JSON_FORM = JSON.stringify([
  { priority: 0, src: 'all', table: 'local' },
  { priority: 100, src: '172.31.40.0', srclen: 24, dst: '10.20.0.0', dstlen: 24, table: '120' },
  { priority: 4995, src: 'all', tos: '0x10', fwmark: '0x1', fwmask: '0xff', action: 'prohibit' },
  { priority: 4996, src: 'all', oif: 'wan0', uid_start: 1000, uid_end: 1000, goto: 5000 },
  { priority: 4997, src: '1.2.3.0', srclen: 24, action: 'blackhole' },
  { priority: 4998, src: 'all', iif: 'lo', ipproto: 'tcp', dport: 22, table: '100' },
  { priority: 4999, src: 'all', table: 'main', suppress_prefixlen: 0 },
  { priority: 5000, not: null, src: 'all', fwmark: '0xca6c', table: '51820' },
  { priority: 32766, src: 'all', table: 'main' },
]);

s('selectors and actions from text', () => {
  const r = rules(TEXT).rules;
  assert.is(r.length, 9);
  assert.equal(r[2], { priority: 4995, not: false, from: 'all', action: 'prohibit', flags: [], tos: '0x10', fwmark: '0x1/0xff' });
  assert.equal(r[3], { priority: 4996, not: false, from: 'all', action: 'goto', flags: [], oif: 'wan0', uidrange: '1000-1000', goto: 5000 });
  assert.is(r[4]!.action, 'blackhole');
  assert.is(r[5]!.dport, '22');
  assert.is(r[6]!.suppressPrefixlength, 0);
  assert.is(r[7]!.not, true);
  assert.is(r[7]!.fwmark, '0xca6c');
  assert.is(r[7]!.table, '51820');
});

s('the JSON form gives the same rules', () => {
  assert.equal(JSON.parse(JSON.stringify(rules(JSON_FORM))), JSON.parse(JSON.stringify(rules(TEXT))));
});

s('-d adds the protocol; detached interfaces are flagged', () => {
  const r = rules('0:\tfrom all lookup local proto kernel\n100:\tfrom all iif veth9 [detached] lookup 100 proto static\n').rules;
  assert.is(r[0]!.proto, 'kernel');
  assert.equal(r[1]!.flags, ['detached']);
  assert.is(r[1]!.iif, 'veth9');
});

s('spaces instead of a tab after the priority (as pasted in the runbook)', () => {
  assert.equal(rules('1000:   from 10.20.0.0/24 lookup 100\n').rules[0]!.from, '10.20.0.0/24');
});

s('lookupTables: tables in priority order, once each', () => {
  assert.equal(lookupTables(rules(TEXT)), ['local', '120', '100', 'main', '51820']);
});

s('empty, errors and garbage', () => {
  const e = ipRuleShow.parse('\n');
  assert.ok(!e.ok && e.error.code === 'empty');
  const c = ipRuleShow.parse('Error: argument "foo" is wrong: Failed to parse rule type\n');
  assert.ok(!c.ok && c.error.code === 'command-error');
  const u = ipRuleShow.parse('total 0\ndrwxr-xr-x 2 root root 4096 .\n');
  assert.ok(!u.ok && u.error.code === 'unrecognized');
  const j = ipRuleShow.parse('[{"priority":"x"}]');
  assert.ok(!j.ok && j.error.code === 'bad-json');
});

s.run();
