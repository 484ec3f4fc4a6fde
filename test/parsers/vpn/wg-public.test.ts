// Why: WireGuard outputs from other implementations and from pastes: a 55-year handshake is a clock artefact, and a
// dump whose private key an operator replaced ("REDACTED", "(hidden)") keeps its interface line.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wgShow } from '../../../src/parsers/vpn/wg-show.js';
import { wgDump } from '../../../src/parsers/vpn/wg-dump.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('wg-show / wg-dump on public and pasted outputs');

const read = (parser: string, name: string) => readFileSync(join(COMMANDS_DIR, parser, `${name}.out`), 'utf8');

s('boringtun\'s "55 years, 258 days ... ago" is flagged and not read as a handshake', () => {
  const r = wgShow.parse(read('wg-show', 'public-boringtun-447--handshake-55-years'));
  assert.ok(r.ok);
  if (!r.ok) return;
  const p = r.value.interfaces[0]!.peers[0]!;
  assert.is(p.latestHandshakeSecondsAgo, null);
  assert.is(p.latestHandshakeImplausible, '55 years, 258 days, 13 hours, 48 minutes, 5 seconds ago');
  assert.ok(r.warnings.some((w) => w.startsWith('line 8: implausible handshake age')), r.warnings.join('\n'));
  // The traffic counters are still read.
  assert.is(p.rxBytes, Math.round(13.88 * 1024 * 1024));
  // A recent handshake stays as it was.
  const ok2 = wgShow.parse('interface: wg0\n  listening port: 51820\n\npeer: k7ts4MDB4zvqi+Xy6W6Ubxt0uCEW5q5NV5GHkogyQXg=\n  latest handshake: 1 minute, 5 seconds ago\n');
  assert.ok(ok2.ok && ok2.value.interfaces[0]!.peers[0]!.latestHandshakeSecondsAgo === 65 && ok2.value.interfaces[0]!.peers[0]!.latestHandshakeImplausible === undefined);
});

// The lab recording, with its private-key column as people paste it (the recorder writes "(redacted)").
const LAB = read('wg-dump', 'lab-wireguard--gwa-wg0');

for (const placeholder of ['REDACTED', '(hidden)', '<redacted>']) {
  s(`dump with private key "${placeholder}" keeps the interface line`, () => {
    const r = wgDump.parse(LAB.replace(/^\(redacted\)\t/, `${placeholder}\t`));
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.warnings, []);
    const i = r.value.interfaces[0]!;
    assert.is(i.publicKey, 'k7ts4MDB4zvqi+Xy6W6Ubxt0uCEW5q5NV5GHkogyQXg=');
    assert.is(i.privateKey, '(redacted)');
    assert.is(i.listenPort, 51820);
    assert.is(i.peers.length, 1);
  });
}

s('dump: handshake 0 is never; a pre-1980 "epoch" (a relative clock) is flagged, not a handshake', () => {
  const zero = wgDump.parse(LAB.replace('\t1795738900\t', '\t0\t'));
  assert.ok(zero.ok && zero.value.interfaces[0]!.peers[0]!.latestHandshake === null && zero.warnings.length === 0);
  const rel = wgDump.parse(LAB.replace('\t1795738900\t', '\t35\t'));
  assert.ok(rel.ok);
  if (!rel.ok) return;
  const p = rel.value.interfaces[0]!.peers[0]!;
  assert.is(p.latestHandshake, null);
  assert.is(p.latestHandshakeImplausible, 35);
  assert.ok(rel.warnings.some((w) => w.includes('implausible handshake time 35')), rel.warnings.join('\n'));
  const real = wgDump.parse(LAB);
  assert.ok(real.ok && real.value.interfaces[0]!.peers[0]!.latestHandshake === 1795738900);
});

s.run();
