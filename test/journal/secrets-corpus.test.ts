// Why: 40+ planted secrets in the forms people and tools print them never reach a journal, a report (Markdown, JSON, --redact-addresses) or `resume --json`; redacting twice changes nothing; ordinary evidence is left alone.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '../../src/journal/open.js';
import { redactText } from '../../src/journal/redact.js';
import { main } from '../../src/cli/main.js';
import { REPO } from '../lib/snapshots.js';

const s = suite('secrets corpus');

/** A WireGuard-shaped private key (base64 of 32 bytes), deterministic. */
const wgKey = (seed: number, first = 'k') => `${first}${Buffer.alloc(31, seed).toString('base64').slice(0, 42)}=`.slice(0, 44).replace(/.$/, '=');

/** [text as printed, the secret that must not survive]. */
const CORPUS: Array<[string, string]> = [
  [`PrivateKey = ${wgKey(1, '/')}`, wgKey(1, '/').slice(1, 40)],
  [`PrivateKey = ${wgKey(2)}`, wgKey(2).slice(0, 40)],
  [`PresharedKey = ${wgKey(3)}`, wgKey(3).slice(0, 40)],
  [`${wgKey(4)}`, wgKey(4).slice(0, 40)],
  [`  ${wgKey(5, '+')}  `, wgKey(5, '+').slice(1, 40)],
  [`wg_private_key: ${wgKey(6)}`, wgKey(6).slice(0, 40)],
  [`WG_PRIVATE_KEY=${wgKey(7)}`, wgKey(7).slice(0, 40)],
  ['client_secret=Zr8-q1Lw0pQx', 'Zr8-q1Lw0pQx'],
  ['password=hunter2hunter2', 'hunter2hunter2'],
  ['Password: Tr0ub4dor&3', 'Tr0ub4dor&3'],
  ['{"password": "s3cr3t-json-value"}', 's3cr3t-json-value'],
  ['{"password":"n0spaces-json"}', 'n0spaces-json'],
  ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc123', 'eyJhbGciOiJIUzI1NiJ9'],
  ['token=ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['api_key: AKIAIOSFODNN7EXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLEKEY'],
  ['API_KEY="sk-live-4242424242"', 'sk-live-4242424242'],
  ['see https://admin:Pa55w0rd!@gw.example.net/status', 'Pa55w0rd!'],
  ['git clone https://bob:tok3nValue@git.example.org/x.git', 'tok3nValue'],
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n-----END RSA PRIVATE KEY-----', 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf'],
  ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU'],
  ['psk=(hunter-in-parens)', 'hunter-in-parens'],
  ['secret = "correct horse battery staple"', 'horse battery staple'],
  ["secret = 'single quoted secret'", 'quoted secret'],
  ['secret = a1,b2secret', 'b2secret'],
  ['  secret = 0sFpZAZqEN6Ti9sqt4ZP5EWcqx', '0sFpZAZqEN6Ti9sqt4ZP5EWcqx'],
  [': PSK "psk-in-ipsec-secrets"', 'psk-in-ipsec-secrets'],
  ['%any %any : PSK 0x3a5f9b2c4d6e8f10', '0x3a5f9b2c4d6e8f10'],
  ['--psk Sup3rSecretPSK', 'Sup3rSecretPSK'],
  ['--password=letmein123', 'letmein123'],
  ['passphrase: "my long pass phrase"', 'long pass phrase'],
  ['shared_secret=abcDEF123456', 'abcDEF123456'],
  ['preshared-key "quoted preshared"', 'quoted preshared'],
  ['pre-shared-key = deadbeefcafe', 'deadbeefcafe'],
  ['access_token=ya29.a0AfH6SMBx', 'ya29.a0AfH6SMBx'],
  ['auth_token: xoxb-1234-5678-abcdef', 'xoxb-1234-5678-abcdef'],
  ['"private_key": "pk-json-3141592653"', 'pk-json-3141592653'],
  ['private-key = 9f86d081884c7d659a2feaa0c55ad015', '9f86d081884c7d659a2feaa0c55ad015'],
  ['\tenc cbc(aes) 0x0123456789abcdef0123456789abcdef', '0x0123456789abcdef0123456789abcdef'],
  ['\tauth-trunc hmac(sha256) 0xfedcba9876543210fedcba9876543210 128', '0xfedcba9876543210fedcba9876543210'],
  ['sudo password is: Hunt3r!2026', 'Hunt3r!2026'],
  ['mysql://root:r00tpw@10.20.0.5/db', 'r00tpw'],
];

/** Text that must come out as it went in. */
const KEEP: string[] = [
  'local pre-shared key authentication:',
  'the secret of a good tunnel is patience',
  'private-key /etc/wireguard/private.key',
  'PrivateKey = (none)',
  'secret = (redacted)',
  'peer: dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=',
  'public key: GwEJI4d3/6RExBSeWnhzwDpjiQREQ4HGGJkJXrhypUw=',
  '10.20.0.55 > 172.31.40.10: ICMP echo request, id 7, seq 1, length 64',
  'https://gw.example.net:8443/status',
  'net.ipv4.ip_forward = 1',
];

s(`every planted secret (${CORPUS.length}) is masked; redacting twice changes nothing`, () => {
  assert.ok(CORPUS.length >= 40);
  for (const [text, secret] of CORPUS) {
    const once = redactText(text);
    assert.not.ok(once.includes(secret), `leaks ${JSON.stringify(secret)}: ${JSON.stringify(once)}`);
    assert.is(redactText(once), once, `idempotent: ${JSON.stringify(text)}`);
  }
});

s('ordinary evidence and prose are left alone', () => {
  for (const text of KEEP) assert.is(redactText(text), text, text);
});

s('redacting twice changes nothing on every command fixture', () => {
  const root = join(REPO, 'snapshots/commands');
  let n = 0;
  for (const d of readdirSync(root)) {
    if (!statSync(join(root, d)).isDirectory()) continue;
    for (const f of readdirSync(join(root, d)).filter((x) => x.endsWith('.out'))) {
      const once = redactText(readFileSync(join(root, d, f), 'utf8'));
      assert.is(redactText(once), once, `${d}/${f}`);
      n++;
    }
  }
  assert.ok(n > 50, `${n} fixtures`);
});

s('no planted secret reaches the journal, the report (md, json, --redact-addresses) or resume --json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-secrets-'));
  try {
    const p = join(dir, 'j.jsonl');
    // A replayed session journal, then the corpus as operator notes, an override reason and a command's output.
    const quiet = { out: () => {}, err: () => {} };
    assert.is(await main(['check', '--replay', 'wireguard--missing-route', '--journal', p], quiet), 1);
    const o = await openJournal(p);
    assert.ok(o.ok, !o.ok ? o.error : '');
    if (!o.ok) return;
    const all = CORPUS.map(([t]) => t).join('\n');
    for (const [t] of CORPUS) await o.journal.append({ type: 'note', text: t });
    await o.journal.append({ type: 'decision', gate: 2, action: 'override', engineStatus: 'FAIL', status: 'PASS', reason: all });
    await o.journal.append({ type: 'intent', id: 'x.1', role: 'gwA', host: 'ssh:gwA', argv: ['cat', '/etc/wireguard/wg0.conf'] } as never);
    await o.journal.append({ type: 'outcome', id: 'x.1', exitCode: 0, durationMs: 3, stdout: { excerpt: all, bytes: all.length, sha256: '0'.repeat(64), truncated: false }, stderr: { excerpt: '', bytes: 0, sha256: '0'.repeat(64), truncated: false } } as never);
    await o.journal.close();
    const outputs: Record<string, string> = { journal: readFileSync(p, 'utf8') };
    for (const [name, argv] of [
      ['report md', ['report', p]],
      ['report json', ['report', p, '--format', 'json']],
      ['report md --redact-addresses', ['report', p, '--redact-addresses', '-o', join(dir, 'r.md')]],
      ['resume --json', ['resume', p, '--json']],
    ] as const) {
      let out = '';
      const code = await main([...argv], { out: (x) => void (out += x), err: () => {} });
      assert.is(code, 0, name);
      outputs[name] = argv.includes('-o') ? readFileSync(join(dir, 'r.md'), 'utf8') : out;
    }
    for (const [name, text] of Object.entries(outputs)) {
      for (const [, secret] of CORPUS) assert.not.ok(text.includes(secret), `${name} leaks ${JSON.stringify(secret)}`);
    }
    assert.match(outputs['report md']!, /\(redacted\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

s.run();
