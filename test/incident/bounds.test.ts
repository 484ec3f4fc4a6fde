// Why: hostile or careless incident files (alias bombs, huge files, FIFOs, duplicate keys, long titles, a pair outside the LANs) get one line naming file, line and key, never an internal error; unreachable hosts and IPv6 URLs are spelled right.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INCIDENT_MAX_BYTES, parseIncident } from '../../src/incident/load.js';
import { readIncidentFile } from '../../src/incident/read-file.js';
import { renderLabIncident } from '../../src/lab/lab-incident.js';
import { lastLine, urlHost } from '../../src/engine/collect-live.js';
import { unreachableLine } from '../../src/cli/commands/check.js';
import { emptyRecording } from '../../src/engine/recording.js';
import { main } from '../../src/cli/main.js';

const s = suite('incident bounds');
const dir = mkdtempSync(join(tmpdir(), 'gw-inc-'));
const wg = renderLabIncident({ name: 'gw', vpn: 'wireguard', sshConfig: '/x/ssh_config', overlap: false, wgPublic: { gwA: 'GwEJI4d3/6RExBSeWnhzwDpjiQREQ4HGGJkJXrhypUw=', gwB: 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=' } });

function bad(text: string, re: RegExp, file = 'inc.yaml'): string {
  const r = parseIncident(text, file);
  assert.not.ok(r.ok, 'refused');
  const e = r.ok ? '' : r.error;
  assert.match(e, re);
  assert.not.ok(e.includes('\n'), 'one line');
  assert.ok(e.startsWith(file), 'names the file');
  return e;
}

async function cli(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(argv, { out: () => {}, err: (x) => void (err += x) });
  return { code, err };
}

s('a YAML alias bomb is refused at its first anchor, with its line, before anything is expanded', async () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
  bad(bomb, /^inc\.yaml:1: a: YAML anchor &a: anchors and aliases are not accepted/);
  const file = join(dir, 'bomb.yaml');
  writeFileSync(file, `${wg}\nx: &x [1]\ny: *x\n`);
  const r = await cli(['check', '--incident', file]);
  assert.is(r.code, 2, r.err);
  assert.match(r.err, /anchors and aliases are not accepted/);
  assert.not.match(r.err, /internal error/);
});

s('an alias alone (no anchor in the file) is refused too', () => {
  bad(wg.replace('port: 8080', 'port: *p'), /alias \*p|anchors and aliases/);
});

s('a duplicate key names both lines and the key path', () => {
  const twice = wg.replace('  port: 8080', '  port: 8080\n  port: 8081');
  const line = twice.split('\n').findIndex((l) => l.includes('port: 8081')) + 1;
  bad(twice, new RegExp(`^inc\\.yaml:${line}: pair\\.port: duplicate key \\(first at line ${line - 1}\\)`));
});

s('40,000 keys just under 256 KiB: refused as unknown keys, in one pass (no quadratic duplicate check)', () => {
  const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join('\n');
  const cut = keys.slice(0, INCIDENT_MAX_BYTES - wg.length - 10);
  const text = `${wg}\n${cut.slice(0, cut.lastIndexOf('\n'))}\n`;
  assert.ok(Buffer.byteLength(text) < INCIDENT_MAX_BYTES);
  const t0 = performance.now();
  bad(text, /k0: unknown key \(and [\d,]+ more\); check its spelling/);
  // The figure goes to the test log, not into an assertion (machines are noisy).
  console.log(`    (${text.split('\n').length} lines parsed and refused in ${(performance.now() - t0).toFixed(0)} ms)`);
});

s('a file over 256 KiB, a FIFO, a directory: refused before being read, one line each', async () => {
  const big = join(dir, 'big.yaml');
  writeFileSync(big, `${wg}\n# ${'x'.repeat(INCIDENT_MAX_BYTES)}\n`);
  const r1 = readIncidentFile(big);
  assert.match(r1.ok ? '' : r1.error, /big\.yaml: [\d,]+ bytes; an incident file is at most 256 KiB/);
  const fifo = join(dir, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  const r2 = readIncidentFile(fifo);
  assert.match(r2.ok ? '' : r2.error, /fifo\.yaml: a named pipe, not an incident file/);
  const r3 = readIncidentFile(dir);
  assert.match(r3.ok ? '' : r3.error, /a directory, not an incident file/);
  const r4 = await cli(['check', '--incident', fifo]);
  assert.is(r4.code, 2);
  assert.match(r4.err, /named pipe/);
});

s('a title over 200 characters is refused with its length; 200 is fine', () => {
  bad(wg.replace(/^title: .*$/m, `title: "${'t'.repeat(201)}"`), /^inc\.yaml:2: title: 201 characters; a title is at most 200 characters/);
  assert.ok(parseIncident(wg.replace(/^title: .*$/m, `title: "${'t'.repeat(200)}"`)).ok);
});

s("a source outside site A's LANs, a destination outside site B's: refused, naming the prefixes checked", () => {
  const src = wg.replace('source: 10.20.0.55', 'source: 10.99.0.55');
  bad(src, /pair\.source: 10\.99\.0\.55 is in none of site A's LAN prefixes \(checked against sites\.a\.lan: 10\.20\.0\.0\/24\)/);
  const dst = wg.replace('destination: 172.31.40.10', 'destination: 10.20.0.9');
  bad(dst, /pair\.destination: 10\.20\.0\.9 is in none of site B's LAN prefixes \(checked against sites\.b\.lan: 172\.31\.40\.0\/24\)/);
  const v6 = wg.replace('source: 10.20.0.55', 'source: fd00:a::10').replace('destination: 172.31.40.10', 'destination: fd00:b::10').replace('- 10.20.0.0/24', '- fd00:a::/64').replace('- 172.31.40.0/24', '- fd00:b::/64');
  assert.ok(parseIncident(v6).ok, 'an IPv6 pair inside IPv6 LANs loads');
  bad(v6.replace('destination: fd00:b::10', 'destination: fd00:c::10'), /fd00:c::10 is in none of site B's LAN prefixes \(checked against sites\.b\.lan: fd00:b::\/64\)/);
  // The overlap fault: both sites list the same prefix, the pair is in both, and a check reports it later.
  assert.ok(parseIncident(renderLabIncident({ name: 'gw', vpn: 'strongswan', sshConfig: '/x', overlap: true })).ok);
});

s('IPv6 addresses are bracketed in URLs', () => {
  assert.is(urlHost('fd00:b::10'), '[fd00:b::10]');
  assert.is(urlHost('172.31.40.10'), '172.31.40.10');
  assert.is(`http://${urlHost('fd00:b::10')}:80/2M`, 'http://[fd00:b::10]:80/2M');
});

s("an unreachable host: the ssh config in use and ssh's own last line, made plain", () => {
  const r = parseIncident(wg);
  assert.ok(r.ok);
  if (!r.ok) return;
  const rec = { ...emptyRecording(wg), unreachable: ['gwB' as const], unreachableWhy: { gwB: lastLine('Warning: foo\r\nConnection timed out during banner exchange\x1b[31m\r\n\r\n')! } };
  const line = unreachableLine(r.incident, rec);
  assert.is(line, 'gatewalk: could not reach gwB (gwB): ssh said "Connection timed out during banner exchange[31m"; check the login with `ssh -F /x/ssh_config HOST true` and run again');
  const noCfg = unreachableLine({ ...r.incident, ssh_config: undefined } as typeof r.incident, { ...rec, unreachableWhy: {} });
  assert.match(noCfg, /could not reach gwB \(gwB\); check the login with `ssh HOST true \(your ~\/\.ssh\/config/);
  assert.not.match(line + noCfg, /<config>/);
});

s.after(() => rmSync(dir, { recursive: true, force: true }));

s.run();
