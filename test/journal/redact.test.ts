// Why: secrets never reach the journal: private/preshared keys, PSKs and xfrm keys are redacted by context and by value; evidence that is not secret is kept.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../src/journal/open.js';
import { REDACTED, redactCommandOutput, redactEvent, redactText } from '../../src/journal/redact.js';

const s = suite('journal redaction');
const PRIV = 'cK3WfrE1yR0Q2pyP2lF7yGgZp6c1l3s3i0x6Z+7P8Hc=';
const PUB = 'a2Kow6IEgW1B3GP6/Z5vYjjfkFs8VSjkJIHkNaijnUc=';
const PSK = 'XR6ikhBv9XzZzAa/yvXZ7Q5BJxcFcz0RPwaM/HRu2Ws=';
const IKE = 'q1w2e3r4t5y6u7i8o9p0-lab_psk_AbCdEfGh';

s('wg dump found in any text (4/5 and 8/9 fields): private and preshared keys go, public keys stay', () => {
  const dump = `${PRIV}\t${PUB}\t51820\toff\n${PUB}\t${PSK}\t198.51.100.20:51820\t172.31.40.0/24\t1764201234\t920\t1064\t25\n`;
  const all = dump.split('\n').filter(Boolean).map((l) => `wg0\t${l}`).join('\n');
  for (const t of [dump, all]) {
    const r = redactText(t);
    assert.not.ok(r.includes(PRIV) || r.includes(PSK), r);
    assert.ok(r.includes(PUB), 'public keys are evidence');
  }
});

s('config and secrets formats: wg showconf, swanctl secret, ipsec.secrets, JSON and flags', () => {
  const cases = [
    `[Interface]\nPrivateKey = ${PRIV}\n[Peer]\nPublicKey = ${PUB}\nPresharedKey = ${PSK}\n`,
    `secrets {\n  ike-1 {\n    secret = "${IKE}"\n  }\n}`,
    `203.0.113.10 198.51.100.20 : PSK "${IKE}"`,
    `{"private_key":"${PRIV}","preshared_key": "${PSK}"}`,
    `wg set wg0 private-key ${PRIV}`,
    `psk=${IKE}`,
  ];
  for (const c of cases) {
    const r = redactText(c);
    assert.not.ok(r.includes(PRIV) || r.includes(PSK) || r.includes(IKE), `${c}\n=> ${r}`);
    assert.ok(r.includes(REDACTED));
  }
  assert.ok(redactText(`PublicKey = ${PUB}`).includes(PUB));
  assert.ok(redactText('wg set wg0 private-key /etc/wireguard/wg0.key').includes('/etc/wireguard/wg0.key'), 'a key file path is not a key');
});

s('ip xfrm state keys, found by context or by the command', () => {
  const x = 'src 203.0.113.10 dst 198.51.100.20\n\tproto esp spi 0xc1a2b3c4 reqid 1 mode tunnel\n\tauth-trunc hmac(sha256) 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128\n\tenc cbc(aes) 0xffeeddccbbaa99887766554433221100\n\taead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f1011121314 128\n';
  for (const r of [redactText(x), redactCommandOutput(['ip', 'xfrm', 'state'], x)]) {
    assert.not.match(r, /0x00112233|0xffeeddcc|0x01020304/);
    assert.ok(r.includes('spi 0xc1a2b3c4'), 'the SPI is evidence');
  }
});

s('known literal secrets are replaced wherever they appear', () => {
  const r = redactText(`charon: IKE_SA auth failed; configured ${IKE} (weird log)`, [IKE]);
  assert.not.ok(r.includes(IKE));
});

s('every string of an event, nested: notes, argv, verdict evidence', () => {
  const ev = redactEvent({ type: 'intent', id: 'c1', role: 'gwA', host: 'ssh:gwA', argv: ['sh', '-c', `echo PrivateKey = ${PRIV}`] }, [IKE]);
  assert.not.ok(JSON.stringify(ev).includes(PRIV));
  const v = redactEvent({ type: 'note', text: `operator pasted ${IKE} by mistake` }, [IKE]);
  assert.not.ok(v.text.includes(IKE));
});

s('a journal given secret-laden events holds none of the secrets on disk', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'gw-red-')), 'j.jsonl');
  const o = await openJournal(p, { secrets: [IKE] });
  if (!o.ok) throw new Error(o.error);
  await o.journal.append({ type: 'note', text: `PresharedKey = ${PSK}; PSK was ${IKE}` });
  await o.journal.append({ type: 'outcome', id: 'c1', exitCode: 0, durationMs: 1, stdout: { excerpt: `${PRIV}\t${PUB}\t51820\toff`, bytes: 1, sha256: 'x', truncated: false }, stderr: { excerpt: '', bytes: 0, sha256: 'x', truncated: false } });
  await o.journal.close();
  const text = readFileSync(p, 'utf8');
  for (const secret of [PRIV, PSK, IKE]) assert.not.ok(text.includes(secret), secret);
  assert.ok(text.includes(PUB));
});

s('no over-redaction of the recorded scenarios evidence: only wg dump keys are touched', async () => {
  const { replaySession } = await import('../../src/session/open.js');
  for (const name of ['wireguard--healthy', 'strongswan--healthy']) {
    const p = join(mkdtempSync(join(tmpdir(), 'gw-red-')), 'j.jsonl');
    const sess = await replaySession(name, { journalPath: p });
    await sess.run();
    await sess.close('done');
    const lines = readFileSync(p, 'utf8').split('\n').filter((l) => l.includes(REDACTED));
    for (const l of lines) {
      const rec = JSON.parse(l) as { type: string; stdout?: { excerpt: string } };
      assert.ok(rec.type === 'outcome' && /\(redacted\)\t/.test(rec.stdout?.excerpt ?? ''), `unexpected redaction in ${l.slice(0, 300)}`);
    }
  }
});

s.run();
