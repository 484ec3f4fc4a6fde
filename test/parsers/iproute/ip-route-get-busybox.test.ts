// Why: BusyBox ip (OpenWrt, Alpine: musl) words the kernel's refusals its own way; they are the same routing verdicts.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipRouteGet } from '../../../src/parsers/iproute/ip-route-get.js';

const s = suite('ip-route-get, BusyBox wording');

s('"ip: RTNETLINK answers: Network unreachable" (the line quoted in issue 13) is ENETUNREACH, like iproute2\'s wording', () => {
  const bb = ipRouteGet.parse('ip: RTNETLINK answers: Network unreachable\n');
  const ip2 = ipRouteGet.parse('RTNETLINK answers: Network is unreachable\n');
  assert.ok(bb.ok && ip2.ok);
  if (!bb.ok || !ip2.ok) return;
  assert.equal(bb.value, { kind: 'unroutable', reason: 'network-unreachable', errno: 'ENETUNREACH', message: 'ip: RTNETLINK answers: Network unreachable' });
  assert.is(ip2.value.kind === 'unroutable' && ip2.value.reason, 'network-unreachable');
});

s('musl\'s "Host is unreachable" is EHOSTUNREACH (the gate-2 ip_forward evidence)', () => {
  const r = ipRouteGet.parse('ip: RTNETLINK answers: Host is unreachable\n');
  assert.ok(r.ok && r.value.kind === 'unroutable' && r.value.reason === 'no-route-to-host' && r.value.errno === 'EHOSTUNREACH');
});

s('another BusyBox answer ("ip: RTNETLINK answers: No such process", as OpenWrt prints it) is a command error, not unrecognized', () => {
  const r = ipRouteGet.parse('ip: RTNETLINK answers: No such process\n');
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.is(r.error.code, 'command-error');
});

s.run();
