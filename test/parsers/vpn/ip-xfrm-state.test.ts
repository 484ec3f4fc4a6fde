// Why: keyed xfrm states (which the lab kernel cannot hold) must parse with their key material redacted; plus ESN, encap and errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipXfrmState } from '../../../src/parsers/vpn/ip-xfrm-state.js';

const s = suite('ip-xfrm-state parser');

const AEAD_KEY = '0x5f4dcc3b5aa765d61d8327deb882cf99a1b2c3d4';
const AUTH_KEY = '0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const ENC_KEY = '0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

const KEYED = `src 203.0.113.10 dst 198.51.100.20
\tproto esp spi 0xc5d6e7f8 reqid 1 mode tunnel
\treplay-window 0 flag af-unspec
\taead rfc4106(gcm(aes)) ${AEAD_KEY} 128
\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0
\tanti-replay context: seq 0x0, oseq 0x2a, bitmap 0x00000000
\tsel src 0.0.0.0/0 dst 0.0.0.0/0 
src 198.51.100.20 dst 203.0.113.10
\tproto esp spi 0xc1a2b3c4 reqid 1 mode tunnel
\treplay-window 32 flag af-unspec esn
\tauth-trunc hmac(sha256) ${AUTH_KEY} 128
\tenc cbc(aes) ${ENC_KEY}
\tanti-replay esn context:
\t seq-hi 0x0, seq 0x15, oseq-hi 0x0, oseq 0x0
\t replay_window 128, bitmap-length 4
\t 00000000 00000000 00000000 001fffff 
\tsel src 10.20.0.0/24 dst 172.31.40.0/24 proto tcp dport 443 
\tmark 0x2a/0xffffffff
\tif_id 0x7
\tdir in
`;

s('keyed states: algorithms kept, key material redacted', () => {
  const r = ipXfrmState.parse(KEYED);
  assert.ok(r.ok);
  const json = JSON.stringify(r);
  for (const k of [AEAD_KEY, AUTH_KEY, ENC_KEY]) {
    assert.not.ok(json.includes(k), `key ${k.slice(0, 10)} in the parse`);
    assert.not.ok(json.includes(k.slice(2, 20)), 'part of a key in the parse');
  }
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [out, inb] = r.value.states;
  assert.equal(out!.algorithms, [{ kind: 'aead', name: 'rfc4106(gcm(aes))', key: '(redacted)', bits: 128 }]);
  assert.equal(out!.encap, { type: 'espinudp', sport: 4500, dport: 4500, addr: '0.0.0.0' });
  assert.is(out!.oseq, 42);
  assert.equal(out!.flags, ['af-unspec']);
  assert.equal(inb!.algorithms, [
    { kind: 'auth-trunc', name: 'hmac(sha256)', key: '(redacted)', bits: 128 },
    { kind: 'enc', name: 'cbc(aes)', key: '(redacted)', bits: null },
  ]);
  assert.is(inb!.seq, 21);
  assert.is(inb!.replayWindow, 32);
  assert.equal(inb!.selector, { src: '10.20.0.0/24', dst: '172.31.40.0/24', proto: 'tcp', sport: null, dport: 443, dev: null });
  assert.is(inb!.mark, '0x2a/0xffffffff');
  assert.is(inb!.ifId, '0x7');
  assert.is(inb!.dir, 'in');
});

s('an unexpected line carrying a key is masked in the warning', () => {
  const r = ipXfrmState.parse(`src 1.1.1.1 dst 2.2.2.2\n\tproto esp spi 0x1 reqid 1 mode tunnel\n\tnewalgo foo ${ENC_KEY}\n`);
  assert.ok(r.ok);
  assert.not.ok(JSON.stringify(r).includes(ENC_KEY.slice(2, 20)));
  if (r.ok) assert.is(r.warnings.length, 1);
});

s('a compression state without a key', () => {
  const r = ipXfrmState.parse('src 203.0.113.10 dst 198.51.100.20\n\tproto comp spi 0x0000f86d reqid 1 mode tunnel\n\treplay-window 0 \n\tcomp deflate \n\tsel src 0.0.0.0/0 dst 0.0.0.0/0 \n');
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.value.states[0]!.algorithms, [{ kind: 'comp', name: 'deflate', key: null, bits: null }]);
});

s('error forms, empty and foreign output', () => {
  for (const e of ['Error: Requested type not found.\n', 'RTNETLINK answers: Operation not permitted\n', 'Object "xfrm" is unknown, try "ip help".\n']) {
    const r = ipXfrmState.parse(e);
    assert.equal(r.ok ? null : r.error.code, 'command-error', e);
  }
  const m = ipXfrmState.parse('');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = ipXfrmState.parse('interface: wg0\n  listening port: 51820\n');
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});

s.run();
