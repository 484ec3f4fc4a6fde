// Why: a capture point that saw nothing of the test flow says how many other packets of the pair it ignored, and quotes the first.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sightingLine } from '../../src/checks/common.js';
import type { Sighting } from '../../src/engine/analyze.js';

// Real lines from the recordings: a FIN of the curl connection in wireguard--mtu-blackhole (gwA's tunnel),
// as analyze quotes it when another run's capture sees it; the SYN from wireguard--no-return-route.
const STALE =
  '01:21:57.260267 wg0   Out IP 10.20.0.55.35918 > 172.31.40.10.8080: Flags [F.], seq 84, ack 1, win 63, options [nop,nop,TS val 2731876226 ecr 1972916132,nop,nop,sack 2 {14081:14481}{6841:7241}], length 0 (ignored: TCP [F.] of a connection whose SYN this capture did not see)';

function sighting(over: Partial<Sighting>): Sighting {
  return { point: 'tunA', role: 'gwA', host: 'gwA', command: 'tcpdump -l -n -i any ...', requests: 0, replies: 0, icmpErrors: 0, firstRequest: null, firstReply: null, firstIcmpError: null, ignored: 0, firstIgnored: null, ...over };
}

test('nothing seen and nothing ignored: the plain line', () => {
  assert.is(sightingLine(sighting({})).line, 'no packet of the test flow (0 requests, 0 replies)');
});

test('nothing seen but stray packets ignored: counted and the first quoted', () => {
  const line = sightingLine(sighting({ ignored: 3, firstIgnored: STALE })).line;
  assert.is(line, `no packet of the test flow (0 requests, 0 replies; 3 other packets of the pair ignored, first: ${STALE})`);
  assert.match(sightingLine(sighting({ ignored: 1, firstIgnored: STALE })).line, /; 1 other packet of the pair ignored, first: /);
});

test('a seen packet is quoted as it was, ignored ones do not change it', () => {
  const first = '01:21:41.539472 wg0   Out IP 10.20.0.55.33118 > 172.31.40.10.8080: Flags [S], seq 2433078865, win 64240, options [mss 1460,sackOK,TS val 1858857648 ecr 0,nop,wscale 10], length 0';
  assert.is(sightingLine(sighting({ requests: 1, firstRequest: first, ignored: 2, firstIgnored: STALE })).line, first);
});

test.run();
