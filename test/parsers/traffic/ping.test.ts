// Why: ping forms the lab fixtures do not show: its own errors, names, duplicates, router frag-needed, BSD/macOS summaries.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pingParser, type PingReport } from '../../../src/parsers/traffic/ping.js';

const s = suite('ping parser');

function value(text: string): { v: PingReport; warnings: string[] } {
  const r = pingParser.parse(text);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) throw new Error('unreachable');
  return { v: r.value, warnings: r.warnings };
}

s('empty input', () => {
  const r = pingParser.parse('\n');
  assert.is(r.ok ? null : r.error.code, 'empty');
});

s("ping's own errors (no route at all, bad name) are command errors", () => {
  for (const t of ['ping: connect: Network is unreachable\n', 'ping: nosuchhost.invalid: Temporary failure in name resolution\n']) {
    const r = pingParser.parse(t);
    assert.is(r.ok ? null : r.error.code, 'command-error', t);
  }
  const junk = pingParser.parse('hello\n');
  assert.is(junk.ok ? null : junk.error.code, 'unrecognized');
});

s('a router reports frag needed with its MTU; filtered and TTL exceeded', () => {
  const { v } = value(`PING 172.31.40.10 (172.31.40.10) 1400(1428) bytes of data.
From 203.0.113.1 icmp_seq=1 Frag needed and DF set (mtu = 1280)
From 172.31.40.1 icmp_seq=2 Packet filtered
From 203.0.113.1 icmp_seq=3 Time to live exceeded

--- 172.31.40.10 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2003ms
`);
  assert.equal(v.errors.map((e) => [e.seq, e.from, e.kind, e.mtu]), [
    [1, '203.0.113.1', 'frag-needed', 1280],
    [2, '172.31.40.1', 'prohibited', null],
    [3, '203.0.113.1', 'ttl-exceeded', null],
  ]);
  assert.equal(v.summary, { transmitted: 3, received: 0, errors: 3, duplicates: 0, lossPercent: 100, timeMs: 2003 });
});

s('names, source interface, duplicates, pipe after rtt', () => {
  const { v, warnings } = value(`PING hostb.example (172.31.40.10) from 10.20.0.55 eth0: 56(84) bytes of data.
64 bytes from hostb.example (172.31.40.10): icmp_seq=1 ttl=62 time=0.512 ms
64 bytes from hostb.example (172.31.40.10): icmp_seq=1 ttl=62 time=0.611 ms (DUP!)

--- hostb.example ping statistics ---
1 packets transmitted, 1 received, +1 duplicates, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.512/0.561/0.611/0.049 ms, pipe 2
`);
  assert.equal(warnings, []);
  assert.equal([v.target, v.address, v.source, v.interface], ['hostb.example', '172.31.40.10', '10.20.0.55', 'eth0']);
  assert.equal(v.replies.map((r) => [r.from, r.duplicate]), [['172.31.40.10', false], ['172.31.40.10', true]]);
  assert.is(v.summary?.duplicates, 1);
  assert.is(v.pipe, 2);
  assert.equal(v.rtt, { minMs: 0.512, avgMs: 0.561, maxMs: 0.611, mdevMs: 0.049 });
});

s('send errors in a run, and unknown lines as warnings', () => {
  const { v, warnings } = value(`PING 172.31.40.10 (172.31.40.10) 56(84) bytes of data.
ping: sendmsg: Network is unreachable
no answer yet for icmp_seq=2
WARNING: something new
`);
  assert.equal(v.errors.map((e) => e.kind), ['send-error', 'no-answer']);
  assert.is(warnings.length, 1);
});

s('BSD / macOS ping', () => {
  const { v, warnings } = value(`PING 172.31.40.10 (172.31.40.10): 56 data bytes
64 bytes from 172.31.40.10: icmp_seq=0 ttl=62 time=1.204 ms
Request timeout for icmp_seq 1

--- 172.31.40.10 ping statistics ---
2 packets transmitted, 1 packets received, 50.0% packet loss
round-trip min/avg/max/stddev = 1.204/1.204/1.204/0.000 ms
`);
  assert.equal(v.replies.map((r) => r.seq), [0]);
  assert.equal(v.errors.map((e) => [e.seq, e.kind]), [[1, 'no-answer']]);
  assert.equal(v.summary, { transmitted: 2, received: 1, errors: 0, duplicates: 0, lossPercent: 50, timeMs: null });
  assert.is(v.rtt?.mdevMs, 0);
  assert.equal([v.address, v.payloadBytes, v.packetBytes], ['172.31.40.10', 56, null]);
  assert.equal(warnings, []);
});

s.run();
