// Why: secrets printed by wg dump / showconf and ip xfrm state never survive collection.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { redactOutput } from '../../src/engine/redact-output.js';

const s = suite('redact command output');
// RFC 7748 test-vector keys stand in for real ones.
const PRIV = 'dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=';
const PUB = 'hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=';
const PSK = 'XR6ikhBv9XzZzAa/yvXZ7Q5BJxcFcz0RPwaM/HRu2Ws=';

s('wg show IF dump: interface private key and peer preshared key', () => {
  const out = `${PRIV}\t${PUB}\t51820\toff\n${PUB}\t${PSK}\t198.51.100.20:51820\t172.31.40.0/24\t1764201234\t920\t1064\t25\n`;
  const r = redactOutput(['wg', 'show', 'wg0', 'dump'], out);
  assert.not.match(r, PRIV);
  assert.not.match(r, PSK);
  assert.match(r, PUB, 'public keys stay (they identify peers)');
  assert.is(r.split('\n')[0], `(redacted)\t${PUB}\t51820\toff`);
});

s('wg show all dump has the interface name first', () => {
  const out = `wg0\t${PRIV}\t${PUB}\t51820\toff\nwg0\t${PUB}\t(none)\t198.51.100.20:51820\t172.31.40.0/24\t0\t0\t0\toff\n`;
  const r = redactOutput(['wg', 'show', 'all', 'dump'], out);
  assert.not.match(r, PRIV);
  assert.match(r, '(none)');
});

s('wg showconf and ip xfrm state', () => {
  assert.not.match(redactOutput(['wg', 'showconf', 'wg0'], `[Interface]\nPrivateKey = ${PRIV}\n[Peer]\nPresharedKey = ${PSK}\n`), /PrivateKey = [^(]/);
  const xfrm = 'src 203.0.113.10 dst 198.51.100.20\n\tproto esp spi 0xc1 reqid 1 mode tunnel\n\taead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f101112131415161718 128\n';
  const r = redactOutput(['ip', 'xfrm', 'state'], xfrm);
  assert.not.match(r, '0x0102030405');
  assert.match(r, 'aead rfc4106(gcm(aes)) (redacted) 128');
});

s('other outputs are untouched', () => {
  const t = `peer: ${PUB}\n  allowed ips: 172.31.40.0/24\n`;
  assert.is(redactOutput(['wg', 'show', 'wg0'], t), t);
});

s.run();
