// Why: `ip xfrm state` as people paste it: ESN windows, NIC offload and lastused stamps read into fields, not dropped.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipXfrmState, type XfrmStates } from '../../../src/parsers/vpn/ip-xfrm-state.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('ip-xfrm-state on public outputs');

function parse(text: string): { value: XfrmStates; warnings: string[] } {
  const r = ipXfrmState.parse(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.code} ${r.error.message}`);
  return { value: r.value, warnings: r.warnings };
}

s('crypto offload parameters and lastused become fields, without warnings', () => {
  const { value, warnings } = parse(readFileSync(join(COMMANDS_DIR, 'ip-xfrm-state', 'public-libreswan-993--offload-lastused.out'), 'utf8'));
  assert.is(value.states.length, 2);
  assert.equal(value.states[0]!.offload, { dev: 'eth7', dir: 'in', mode: null });
  assert.equal(value.states[1]!.offload, { dev: 'eth7', dir: 'out', mode: null });
  assert.is(value.states[0]!.lastUsed, '2023-01-29 15:44:54');
  assert.is(value.states[1]!.oseq, 0xa9e);
  assert.is(value.states[0]!.replayWindow, 0);
  assert.is(value.states[0]!.esn, undefined);
  assert.equal(warnings, []);
});

// The state strongSwan installed with packet offload, as quoted in a net/mlx5e kernel patch (Leon Romanovsky), key elided.
const MLX5_ESN = `src 192.169.101.2 dst 192.169.101.1
        proto esp spi 0xc88b7652 reqid 1 mode tunnel
        replay-window 0 flag af-unspec esn
        aead rfc4106(gcm(aes)) 0x(elided) 128
        anti-replay esn context:
         seq-hi 0x0, seq 0x0, oseq-hi 0x0, oseq 0x0
         replay_window 1, bitmap-length 1
         00000000
        crypto offload parameters: dev eth2 dir out mode packet
`;

s('ESN: "replay-window 0" plus the ESN block reports the ESN window; offload mode is read', () => {
  const { value, warnings } = parse(MLX5_ESN);
  const st = value.states[0]!;
  assert.equal(st.flags, ['af-unspec', 'esn']);
  assert.is(st.replayWindow, 1);
  assert.equal(st.esn, { replayWindow: 1, bitmapLength: 1, seqHi: 0, oseqHi: 0 });
  assert.equal(st.offload, { dev: 'eth2', dir: 'out', mode: 'packet' });
  assert.equal(warnings, []);
});

// Two-space indentation, as the OpenShift documentation prints its example (keys elided).
const DOC_ESN = `src 10.1.232.10 dst 10.1.28.190
  proto esp spi 0xa62a05aa reqid 16393 mode tunnel
  replay-window 0 flag af-unspec esn
  auth-trunc hmac(sha1) 0x(elided) 96
  enc cbc(aes) 0x(elided)
  anti-replay esn context:
   seq-hi 0x0, seq 0x0, oseq-hi 0x0, oseq 0x0
   replay_window 128, bitmap-length 4
   00000000 00000000 00000000 00000000
`;

s('ESN block under shallow indentation is still the ESN block (window 128, no warnings)', () => {
  const { value, warnings } = parse(DOC_ESN);
  assert.is(value.states[0]!.replayWindow, 128);
  assert.is(value.states[0]!.esn?.bitmapLength, 4);
  assert.equal(warnings, []);
});

s.run();
