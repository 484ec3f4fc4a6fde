// Why: certificate subjects are DNs with spaces and commas ("C=de, O=example, CN=ca"); each is one item, whole.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { swanctlListConns } from '../../../src/parsers/vpn/swanctl-list-conns.js';
import { swanctlListSas } from '../../../src/parsers/vpn/swanctl-list-sas.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('swanctl certificate DNs');

// The lab recording's remote round, replaced by the remote round an OPNsense user pasted in opnsense/core#8402
// (a public-key round with a CA constraint), plus a local certificate line in the same form.
const LAB = readFileSync(join(COMMANDS_DIR, 'swanctl-list-conns', 'lab-strongswan--gwa.out'), 'utf8');
const WITH_CERTS = LAB.replace(
  '  remote pre-shared key authentication:\n    id: siteB\n',
  '  remote public key authentication:\n    id: %any\n    cacerts: C=de, O=example, CN=ca\n',
).replace('    id: siteA\n', '    id: siteA\n    certs: CN=Cyber Root CA\n');

s('cacerts and certs keep each DN whole', () => {
  assert.ok(WITH_CERTS.includes('cacerts: C=de, O=example, CN=ca'), 'the substitution matched the lab fixture');
  const r = swanctlListConns.parse(WITH_CERTS);
  assert.ok(r.ok);
  if (!r.ok) return;
  const c = r.value.connections[0]!;
  assert.equal(c.remoteAuth[0]!.cacerts, ['C=de, O=example, CN=ca']);
  assert.is(c.remoteAuth[0]!.id, '%any');
  assert.equal(c.localAuth[0]!.certs, ['CN=Cyber Root CA']);
  assert.equal(r.warnings, []);
});

s('two certs lines are two certificates', () => {
  const r = swanctlListConns.parse(WITH_CERTS.replace('    certs: CN=Cyber Root CA\n', '    certs: CN=Cyber Root CA\n    certs: C=CH, O=strongSwan, CN=moon\n'));
  assert.ok(r.ok && r.value.connections[0]!.localAuth[0]!.certs.length === 2 && r.value.connections[0]!.localAuth[0]!.certs[1] === 'C=CH, O=strongSwan, CN=moon');
});

s('list-sas: a quoted DN identity with spaces is one id', () => {
  const sas = readFileSync(join(COMMANDS_DIR, 'swanctl-list-sas', 'lab-strongswan--gwa.out'), 'utf8');
  const m = /local  '([^']*)'/.exec(sas);
  assert.ok(m, 'lab fixture has a local identity');
  const r = swanctlListSas.parse(sas.replace(`local  '${m![1]}'`, "local  'C=CH, O=strongSwan, CN=moon'"));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.ikeSas[0]!.local.id, 'C=CH, O=strongSwan, CN=moon');
});

s.run();
