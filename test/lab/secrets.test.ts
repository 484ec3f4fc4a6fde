// Why: secrets never leave the gateways through gatewalk: with the lab's WireGuard private keys, a planted WireGuard preshared key and the IKE PSK, none appears in the journal, the report, or any file the tool wrote.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { gated } from '../lib/skip.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { VPN_TYPES, nsName } from '../../src/lab/topology.js';
import { privateKeyPath, WG_IF } from '../../src/lab/wireguard.js';
import { labPsk } from '../../src/lab/strongswan.js';
import { readJournal } from '../../src/journal/reader.js';
import { localTarget } from '../../src/targets/target.js';
import { reopen, runner, sh } from './helpers.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const why = labUnavailable();
const NAME = 'js';

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    const st = statSync(p);
    return st.isDirectory() ? files(p) : st.isFile() ? [p] : [];
  });
}

/** gatewalk in the lab's jump namespace with its own temp, state and home directories. */
async function gatewalk(root: string, args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  const env = { TMPDIR: join(root, 'tmp'), XDG_STATE_HOME: join(root, 'state'), HOME: join(root, 'home') };
  const r = await execa('ip', ['netns', 'exec', nsName(NAME, 'jump'), process.execPath, bin, ...args], { reject: false, timeout: 90_000, env, extendEnv: true });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

const s = suite('no secret in the journal, the report or the tool files (lab)');
const t = gated(s, 'no secret in the journal, the report or the tool files (lab)', why);
s.before(async () => {
  if (!why) await labDown(NAME, runner);
});
s.after(async () => {
  if (!why) await labDown(NAME, runner);
});

for (const vpn of VPN_TYPES) {
  t(`${vpn}: check --incident --journal, report (md, json): none of the lab's secrets anywhere`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'gw-secrets-'));
    try {
      await labDown(NAME, runner);
      await labUp({ name: NAME, vpn, runner });
      const lab = reopen(NAME);
      const secrets: string[] = [];
      if (vpn === 'wireguard') {
        for (const gw of ['gwA', 'gwB'] as const) secrets.push(readFileSync(privateKeyPath(lab, gw), 'utf8').trim());
        // Plant a preshared key on both peers: `wg show wg0 dump` then prints it on every run.
        const psk = (await runner.run(localTarget(), { argv: ['wg', 'genpsk'] })).stdout.trim();
        assert.match(psk, /^[A-Za-z0-9+/]{43}=$/);
        const pskFile = join(lab.paths.dir, 'wg-psk');
        writeFileSync(pskFile, `${psk}\n`, { mode: 0o600 });
        const pub = lab.state.wgPublic!;
        for (const [gw, peer] of [['gwA', pub.gwB], ['gwB', pub.gwA]] as const) {
          const r = await sh(lab, gw, ['wg', 'set', WG_IF, 'peer', peer, 'preshared-key', pskFile]);
          assert.ok(r.ok, r.out);
        }
        const shown = await sh(lab, 'gwA', ['wg', 'show', WG_IF, 'dump']);
        assert.ok(shown.out.includes(psk) && shown.out.includes(secrets[0]!), 'the gateway itself prints both secrets');
        secrets.push(psk);
      } else {
        secrets.push(labPsk(lab));
      }
      assert.ok(secrets.every((x) => x.length >= 20), 'the secrets were read');
      for (const d of ['tmp', 'state', 'home', 'out']) mkdirSync(join(root, d), { recursive: true });
      const j = join(root, 'out', 'incident.jsonl');
      const c = await gatewalk(root, ['check', '--incident', lab.paths.incident, '--journal', j]);
      assert.ok(c.code === 0 || c.code === 1, `check exit ${c.code}: ${c.err}`);
      const read = readJournal(j);
      assert.ok(read.ok && read.records.length > 50, 'the journal holds the run');
      if (vpn === 'wireguard') {
        // Redaction, not absence: the secret-printing command ran and its output was journaled redacted.
        const dumps = read.ok ? read.records.filter((r) => r.type === 'outcome' && /\(redacted\)\t/.test(r.stdout.excerpt)) : [];
        assert.ok(dumps.length >= 2, 'wg dump outcomes show (redacted) where the keys were');
      }
      const md = await gatewalk(root, ['report', j, '-o', join(root, 'out', 'report.md')]);
      assert.is(md.code, 0, md.err);
      const js = await gatewalk(root, ['report', j, '--format', 'json', '-o', join(root, 'out', 'report.json')]);
      assert.is(js.code, 0, js.err);
      const r = await gatewalk(root, ['resume', j]);
      assert.is(r.code, 0, r.err);
      // Everything the tool wrote (journal, reports, temp and state dirs) and everything it printed.
      const written = files(root);
      assert.ok(written.some((f) => f.endsWith('report.md')) && written.some((f) => f.endsWith('incident.jsonl')));
      for (const f of written) {
        const text = readFileSync(f, 'latin1');
        for (const secret of secrets) assert.not.ok(text.includes(secret), `a secret is in ${f}`);
      }
      for (const text of [c.out, c.err, md.out, md.err, js.out, r.out]) for (const secret of secrets) assert.not.ok(text.includes(secret), 'a secret was printed');
    } finally {
      rmSync(root, { recursive: true, force: true });
      await labDown(NAME, runner);
    }
  });
}

s.run();
