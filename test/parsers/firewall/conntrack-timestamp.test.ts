// Why: `conntrack -E -o timestamp` stamps each event so it can be lined up with a capture; the stamp must survive the parse.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConntrack } from '../../../src/parsers/firewall/conntrack.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('conntrack -E -o timestamp');

// The lab's event recording with the stamp conntrack-tools prints first on each line: printf("[%-8ld.%-6ld]\t", sec, usec)
// (conntrack.c, event_cb). The microseconds are left-justified and space-padded, not zero-padded.
const EVENTS = readFileSync(join(COMMANDS_DIR, 'conntrack', 'lab-wireguard--gwa-events.out'), 'utf8');
const stamped = (stamps: string[]): string => {
  let k = 0;
  return EVENTS.split('\n').map((l) => (l.trim() && k < stamps.length ? `${stamps[k++]}\t${l}` : l)).join('\n');
};

s('each event keeps its stamp as a number; the events themselves parse as without it', () => {
  const plain = parseConntrack(EVENTS);
  const r = parseConntrack(stamped(['[1765000000.123456]', '[1765000000.5     ]', '[1765000001.10    ]']));
  assert.ok(plain.ok && r.ok);
  if (!plain.ok || !r.ok) return;
  assert.equal(r.warnings, plain.warnings);
  assert.is(r.value.entries.length, plain.value.entries.length);
  const [a, b, c] = r.value.entries;
  assert.is(a!.timestamp, 1765000000.123456);
  // "[1765000000.5     ]" is 5 microseconds, not half a second.
  assert.is(b!.timestamp, 1765000000 + 5 / 1e6);
  assert.is(c!.timestamp, 1765000001 + 10 / 1e6);
  assert.is(a!.event, plain.value.entries[0]!.event);
  assert.equal(a!.original, plain.value.entries[0]!.original);
  assert.is(plain.value.entries[0]!.timestamp, undefined);
});

s.run();
