// Why: ss -ti forms the lab fixtures do not show: no State column, IPv6, SYN-SENT with backoff, older ss without pmtu, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ssTiParser } from '../../../src/parsers/traffic/ss-ti.js';

const s = suite('ss-ti parser');

s('empty input and ss errors', () => {
  assert.is((r => (r.ok ? null : r.error.code))(ssTiParser.parse(' ')), 'empty');
  const r = ssTiParser.parse('Error: an inet prefix is expected rather than "nonsense".\nCannot parse dst/src address.\n');
  assert.is(r.ok ? null : r.error.code, 'command-error');
  if (!r.ok) assert.is(r.error.line, 1);
});

s('header only: no matching socket', () => {
  const r = ssTiParser.parse('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.value.sockets, []);
});

s('SYN-SENT retrying with backoff, timer column (-o), IPv6 addresses', () => {
  const r = ssTiParser.parse(`State    Recv-Q Send-Q                Local Address:Port          Peer Address:Port Process
SYN-SENT 0      1                    10.20.0.55:50000          172.31.40.10:8080  timer:(on,3.2sec,2)
	 cubic rto:4000 backoff:2 mss:524 pmtu:1500 rcvmss:88 advmss:1460 cwnd:1 ssthresh:7 segs_out:3 retrans:1/2 lost:1 unacked:1 lastsnd:1000
ESTAB    0      0      [::ffff:10.20.0.55]:22     [fe80::1]%eth0:51000
	 ts sack cubic wscale:7,7 rto:204 rtt:0.5/0.25 mss:1448 cwnd:10
`);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [syn, v6] = r.value.sockets;
  assert.equal([syn!.state, syn!.sendQ, syn!.peer, syn!.peerPort, syn!.extra], ['SYN-SENT', 1, '172.31.40.10', '8080', 'timer:(on,3.2sec,2)']);
  const i = syn!.info!;
  assert.equal([i.congestion, i.rtoMs, i.backoff, i.mss, i.pmtu, i.ssthresh, i.lost, i.unacked], ['cubic', 4000, 2, 524, 1500, 7, 1, 1]);
  assert.equal(i.retrans, { current: 1, total: 2 });
  assert.equal([v6!.local, v6!.localPort, v6!.peer, v6!.peerPort], ['::ffff:10.20.0.55', '22', 'fe80::1', '51000']);
  assert.equal(v6!.info!.flags, ['ts', 'sack']);
  assert.equal([v6!.info!.rttMs, v6!.info!.rttVarMs], [0.5, 0.25]);
});

s('older ss: no pmtu, rates with units; `state established` drops the State column', () => {
  const r = ssTiParser.parse(`Recv-Q Send-Q Local Address:Port   Peer Address:Port
0      0      10.20.0.55:41704   172.31.40.10:8080
	 cubic wscale:7,7 rto:204 rtt:0.5/0.25 mss:1448 cwnd:10 send 231.7Mbps rcv_space:29200
`);
  assert.ok(r.ok);
  if (!r.ok) return;
  const [k] = r.value.sockets;
  assert.is(k!.state, null);
  assert.is(k!.info!.pmtu, null);
  assert.is(k!.info!.fields.send, '231.7Mbps');
});

s('a hostile field name stays a plain field', () => {
  const r = ssTiParser.parse('ESTAB 0 0 1.2.3.4:1 5.6.7.8:2\n\t __proto__:x constructor:1 mss:1400\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.sockets[0]!.info!.mss, 1400);
    assert.is(Object.getPrototypeOf(r.value.sockets[0]!.info!.fields), Object.prototype);
  }
});

s.run();
