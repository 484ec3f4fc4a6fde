// Why: guards on the corpus itself: every parser has real fixtures, and no snapshot holds a secret.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PARSERS } from '../../src/parsers/registry.js';
import { fixtures, REPO } from '../lib/snapshots.js';
import { oneShotProbes, streamProbes } from '../../src/probes/catalog.js';
import { labIncident } from '../../src/lab/lab-incident.js';

const s = suite('parser corpus');

s('every parser has at least two real fixtures', () => {
  const counts = new Map<string, number>();
  for (const f of fixtures()) counts.set(f.parser, (counts.get(f.parser) ?? 0) + 1);
  const short = ALL_PARSERS.filter((p) => (counts.get(p.id) ?? 0) < 2).map((p) => `${p.id} (${counts.get(p.id) ?? 0})`);
  assert.equal(short, [], `parsers with fewer than two fixtures: ${short.join(', ')}`);
});

/** The command's shape: program and its flag words (addresses, names and counts vary). */
function shape(argv: readonly string[]): string {
  return argv.filter((a, i) => i === 0 || (a.startsWith('-') && !/^-\d/.test(a)) || /^(get|show|list|route|rule|link|addr|neigh|dump|ruleset)$/.test(a)).join(' ');
}

s('every command the wizard runs has a real fixture of the same shape, and its parser is registered', () => {
  const corpus = fixtures().map((f) => {
    try {
      const c = JSON.parse(readFileSync(f.capturePath, 'utf8')) as { argv?: string[] };
      return { parser: f.parser, shape: shape(c.argv ?? []) };
    } catch {
      return { parser: f.parser, shape: '' };
    }
  });
  const missing: string[] = [];
  for (const vpn of ['wireguard', 'strongswan'] as const) {
    const inc = labIncident({ name: 'gw', vpn, sshConfig: '/x', overlap: false });
    for (const p of [...oneShotProbes(inc), ...streamProbes(inc)]) {
      const want = shape(p.argv);
      if (!ALL_PARSERS.some((x) => x.id === p.parser)) missing.push(`${p.id}: parser ${p.parser} is not registered`);
      else if (!corpus.some((c) => c.parser === p.parser && c.shape === want)) missing.push(`${p.id}: no fixture of shape "${want}" under ${p.parser}`);
    }
  }
  assert.equal([...new Set(missing)], []);
});

s('parser ids are unique', () => {
  const ids = ALL_PARSERS.map((p) => p.id);
  assert.equal([...new Set(ids)].length, ids.length);
});

/** The X25519 public key (base64) of a 32-byte private key given in base64. */
function x25519Public(privB64: string): string | null {
  const raw = Buffer.from(privB64, 'base64');
  if (raw.length !== 32) return null;
  // PKCS#8 wrapping of a raw X25519 private key.
  const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), raw]);
  try {
    const pub = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    return (pub.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('base64');
  } catch {
    return null;
  }
}

function allSnapshotText(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p, 'utf8'));
    }
  };
  try {
    walk(join(REPO, 'snapshots'));
  } catch {
    /* no snapshots yet */
  }
  return out;
}

s('the X25519 check recognises a real key pair (so the next test can fail)', () => {
  // RFC 7748 section 6.1 test vector (Alice).
  const priv = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex').toString('base64');
  const pub = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex').toString('base64');
  assert.is(x25519Public(priv), pub);
});

s('no snapshot holds a WireGuard private key (any key whose public half is also recorded) or a PSK', () => {
  const texts = allSnapshotText();
  const keys = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/[A-Za-z0-9+/]{43}=/g)) keys.add(m[0]);
  const leaked = [...keys].filter((k) => {
    const pub = x25519Public(k);
    return pub !== null && keys.has(pub);
  });
  assert.equal(leaked, [], 'private keys found in snapshots/');
  for (const t of texts) assert.not.match(t, /secret\s*=\s*"?[^\s"(]/, 'a PSK (secret = ...) in snapshots/');
});

s.run();
