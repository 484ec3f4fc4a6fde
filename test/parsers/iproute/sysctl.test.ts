// Why: a missing key is a per-key warning, never the whole parse; and the rp_filter rule (max of all and the interface) is pinned.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { effectiveRpFilter, sysctl, sysctlInt, type SysctlValues } from '../../../src/parsers/iproute/sysctl.js';

const s = suite('sysctl parser');

function values(text: string): SysctlValues {
  const r = sysctl.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.value;
}

s('every key missing: still ok, all in "missing"', () => {
  const r = sysctl.parse('sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or directory\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.value, { values: {}, missing: ['net.ipv4.conf.eth9.rp_filter'] });
    assert.is(r.warnings.length, 1);
  }
});

s('other per-key errors: permission denied, older "unknown key", VLAN names', () => {
  const v = values([
    "sysctl: permission denied on key 'net.ipv4.ip_forward'",
    'error: "net.ipv4.conf.eth9.rp_filter" is an unknown key',
    'sysctl: cannot stat /proc/sys/net/ipv4/conf/eth0.100/rp_filter: No such file or directory',
    'net.ipv4.conf.all.rp_filter = 2',
    '',
  ].join('\n'));
  assert.equal(v.missing, ['net.ipv4.ip_forward', 'net.ipv4.conf.eth9.rp_filter', 'net.ipv4.conf.eth0/100.rp_filter']);
  assert.equal(v.values, { 'net.ipv4.conf.all.rp_filter': '2' });
});

s('values keep their inner tabs; VLAN keys keep the slash', () => {
  const v = values('net.ipv4.ip_local_port_range = 32768\t60999\nnet.ipv4.conf.eth0/100.rp_filter = 1\n');
  assert.is(v.values['net.ipv4.ip_local_port_range'], '32768\t60999');
  assert.is(effectiveRpFilter(v, 'eth0.100'), 1);
});

s('effectiveRpFilter is the larger of conf.all and conf.<if>', () => {
  assert.is(effectiveRpFilter(values('net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.wan0.rp_filter = 0\n'), 'wan0'), 1);
  assert.is(effectiveRpFilter(values('net.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.wan0.rp_filter = 2\n'), 'wan0'), 2);
  assert.is(effectiveRpFilter(values('net.ipv4.ip_forward = 1\n'), 'wan0'), null);
  assert.is(sysctlInt(values('net.ipv4.ip_forward = 0\n'), 'net.ipv4.ip_forward'), 0);
  assert.is(sysctlInt(values('net.ipv4.ip_forward = 0\n'), 'toString'), null);
});

s('a "__proto__" key is an ordinary own key', () => {
  const v = values('__proto__.x = 1\n__proto__ = 2\n');
  assert.ok(Object.prototype.hasOwnProperty.call(v.values, '__proto__'));
  assert.is(Object.getPrototypeOf(v.values), Object.prototype);
});

s('sysctl -n (values only) and usage errors', () => {
  const n = sysctl.parse('1\n0\n');
  assert.ok(!n.ok && n.error.code === 'unrecognized');
  const u = sysctl.parse("sysctl: invalid option -- 'x'\n");
  assert.ok(!u.ok && u.error.code === 'command-error');
  const e = sysctl.parse('');
  assert.ok(!e.ok && e.error.code === 'empty');
});

s.run();
