// Why: the CLI's contract: help and version, one-line usage errors with exit 2, no stack traces, root refusal.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

async function cli(args: string[], opts: { asNobody?: boolean } = {}) {
  const argv = opts.asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  const [file, ...rest] = argv;
  const r = await execa(file!, rest, { reject: false, env: { GATEWALK_LAB_ROOT: '/nonexistent-gatewalk-test' } });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

const s = suite('cli');

s('--help lists the lab command and exits 0', async () => {
  const r = await cli(['--help']);
  assert.is(r.code, 0);
  assert.match(r.out, /Usage: gatewalk/);
  assert.match(r.out, /\blab\b/);
});

s('no arguments shows the help (what npm start runs today)', async () => {
  const r = await cli([]);
  assert.is(r.code, 0);
  assert.match(r.out, /Usage: gatewalk/);
});

s('--version prints the package version', async () => {
  const r = await cli(['--version']);
  assert.is(r.out.trim(), `gatewalk ${pkg.version}`);
});

s('lab --help and lab faults', async () => {
  const h = await cli(['lab', '--help']);
  assert.is(h.code, 0);
  assert.match(h.out, /^  up +\[--name NAME\]/m);
  const sub = await cli(['lab', 'up', '--help']);
  assert.is(sub.code, 0);
  assert.match(sub.out, /--fault FAULT/);
  const f = await cli(['lab', 'faults']);
  assert.is(f.code, 0);
  for (const name of ['missing-route', 'allowed-ips', 'selectors', 'nat-on-tunnel', 'forward-drop', 'ip-forward-off', 'rp-filter', 'no-return-route', 'mtu-blackhole', 'wrong-gateway', 'overlap']) {
    assert.match(f.out, new RegExp(`^${name} `, 'm'));
  }
});

const usage: Array<[string, string[], RegExp]> = [
  ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
  ['unknown flag', ['lab', 'up', '--colour'], /lab up: Unknown option '--colour'/],
  ['bad --vpn', ['lab', 'up', '--vpn', 'openvpn'], /--vpn must be one of wireguard, strongswan/],
  ['hostile --name', ['lab', 'up', '--name', 'x;reboot'], /--name/],
  ['unknown fault', ['lab', 'up', '--fault', 'cosmic-rays'], /unknown fault "cosmic-rays"/],
  ['fault without a name', ['lab', 'fault'], /which fault/],
  ['unknown lab subcommand', ['lab', 'explode'], /unknown command "explode"/],
  ['extra argument', ['lab', 'down', 'now'], /unexpected argument "now"/],
];

for (const [what, args, msg] of usage) {
  s(`usage error (${what}): one line on stderr, exit 2, no stack`, async () => {
    const r = await cli(args);
    assert.is(r.code, 2);
    assert.match(r.err, msg);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
    assert.not.match(r.err, /\n\s+at /);
  });
}

s('lab commands refuse to run without root, in one line', async () => {
  if (process.getuid?.() !== 0) return; // as a normal user the refusal is the normal path, covered by the same code
  for (const args of [['lab', 'up'], ['lab', 'down'], ['lab', 'heal']]) {
    const r = await cli(args, { asNobody: true });
    assert.is(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /needs root/);
    assert.is(r.err.trim().split('\n').length, 1);
  }
});

s('lab status of a lab that is not up says so', async () => {
  const r = await cli(['lab', 'status', '--name', 'nolab']);
  assert.is(r.code, 1);
  assert.match(r.out, /lab nolab: not up/);
  const j = await cli(['lab', 'status', '--name', 'nolab', '--json']);
  assert.is(JSON.parse(j.out).exists, false);
});

s.run();

const c = suite('cli check');

c('check needs exactly one of --incident and --replay', async () => {
  for (const args of [['check'], ['check', '--incident', 'x', '--replay', 'y']]) {
    const r = await cli(args);
    assert.is(r.code, 2);
    assert.match(r.err, /exactly one of --incident FILE or --replay SCENARIO/);
  }
});

c('an unknown scenario, a hostile name, a missing incident file: one line, exit 2', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--replay', 'wireguard--cosmic-rays'], /no recorded scenario "wireguard--cosmic-rays"/],
    [['check', '--replay', '$(reboot)'], /is not a scenario name/],
    [['check', '--incident', '/nonexistent/incident.yaml'], /cannot read the incident file \/nonexistent\/incident.yaml: ENOENT/],
  ];
  for (const [args, msg] of cases) {
    const r = await cli(args);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, msg);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
  }
});

c('an incident file with a bad address names the file, line and field', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { renderLabIncident } = await import('../../src/lab/lab-incident.js');
  const dir = mkdtempSync(join(tmpdir(), 'gw-inc-'));
  const file = join(dir, 'bad.yaml');
  const text = renderLabIncident({ name: 'gw', vpn: 'wireguard', sshConfig: '/x', overlap: false }).replace('source: 10.20.0.55', 'source: 10.20.0.555');
  writeFileSync(file, text);
  const line = text.split('\n').findIndex((l) => l.includes('10.20.0.555')) + 1;
  const r = await cli(['check', '--incident', file]);
  assert.is(r.code, 2);
  assert.is(r.err.trim(), `gatewalk: ${file}:${line}: pair.source: not an IP address`);
});

c('check --replay prints a gate table; --json prints one object', async () => {
  const r = await cli(['check', '--replay', 'wireguard--healthy']);
  assert.match(r.out, /^gate 1 /m);
  assert.match(r.out, /^gate mtu /m);
  const j = await cli(['check', '--replay', 'wireguard--healthy', '--json']);
  const o = JSON.parse(j.out) as { gates: Array<{ gate: number | string; status: string }>; failure: unknown };
  assert.equal(o.gates.map((g) => g.gate), [1, 2, 3, 4, 'mtu']);
  assert.ok(o.gates.every((g) => ['PASS', 'FAIL', 'WARN', 'UNKNOWN'].includes(g.status)));
});

c('exit codes automation can trust: 0 works, 1 a gate FAILs, 4 the pair fails with no cause found; the pair and seen-at table in text and JSON', async () => {
  const { cpSync, mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'gw-exit-'));
  try {
    const ok = await cli(['check', '--replay', 'wireguard--healthy', '--journal', join(dir, 'h.jsonl')]);
    assert.is(ok.code, 0, ok.err);
    assert.match(ok.out, /^test traffic: WORKS: TCP to 172\.31\.40\.10:8080 from hostA: connected/m);
    assert.match(ok.out, /^no gate failed, and the test pair works$/m);
    const bad = await cli(['check', '--replay', 'wireguard--forward-drop', '--json', '--journal', join(dir, 'f.jsonl')]);
    assert.is(bad.code, 1, bad.err);
    const o = JSON.parse(bad.out) as { pair: { status: string; protocol: string }; seenAt: Array<{ point: string; toward: number; back: number }>; lastSeen: { gate: number; text: string } };
    assert.is(o.pair.status, 'fails');
    assert.is(o.pair.protocol, 'tcp');
    assert.equal(o.seenAt.map((r) => r.point), ['lanA', 'tunA', 'wanA', 'wanB', 'tunB', 'lanB']);
    assert.ok(o.seenAt[0]!.toward > 0 && o.seenAt[1]!.toward === 0, JSON.stringify(o.seenAt));
    assert.is(o.lastSeen.gate, 2);
    // The same recording with gwA's ruleset lost: no check can name the cause, and the pair still fails.
    const blind = join(dir, 'blind');
    cpSync(join(fileURLToPath(new URL('../../../snapshots/scenarios/wireguard--forward-drop', import.meta.url))), blind, { recursive: true });
    writeFileSync(join(blind, 'probes', 'gwA.ruleset.out'), '');
    const u = await cli(['check', '--replay', blind, '--journal', join(dir, 'b.jsonl')]);
    assert.is(u.code, 4, u.err);
    assert.match(u.out, /^gate 2 +UNKNOWN/m);
    assert.match(u.out, /the pair fails; cause not found: TCP to 172\.31\.40\.10:8080 from hostA: did not connect/);
    assert.match(u.out, /^no check found why, but the test pair fails/m);
    assert.not.match(u.out, /^no gate failed/m);
    const help = await cli(['check', '--help']);
    assert.match(help.out, /^  4  undecided: the test pair fails/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

c('one side only: check --replay --one-sided infers gate 4 side b; report --for-peer gives the far side what to answer', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'gw-peer-'));
  try {
    const j = join(dir, 'j.jsonl');
    const r = await cli(['check', '--replay', 'wireguard--no-return-route', '--one-sided', 'fortigate', '--json', '--journal', j]);
    assert.is(r.code, 1, r.err);
    const o = JSON.parse(r.out) as { failure: { gate: number; side: string; cause: string; inferred?: boolean } };
    assert.equal({ gate: o.failure.gate, side: o.failure.side, cause: o.failure.cause, inferred: o.failure.inferred }, { gate: 4, side: 'b', cause: 'peer-no-reply', inferred: true });
    const md = await cli(['report', j]);
    assert.match(md.out, /^## For the other side$/m);
    assert.match(md.out, /inferred from site A alone/);
    const peer = await cli(['report', j, '--for-peer']);
    assert.is(peer.code, 0, peer.err);
    assert.match(peer.out, /first packet `tcp 10\.20\.0\.55:\d+ -> 172\.31\.40\.10:8080`/);
    assert.match(peer.out, /diagnose vpn tunnel list/);
    assert.not.match(peer.out, /## Gates/);
    const pj = JSON.parse((await cli(['report', j, '--for-peer', '--format', 'json'])).out) as { vendor: string; questions: string[]; sent: unknown[] };
    assert.is(pj.vendor, 'fortigate');
    assert.ok(pj.questions.length >= 5 && pj.sent.length === 2);
    const bad = await cli(['check', '--replay', 'wireguard--healthy', '--one-sided', 'junos']);
    assert.is(bad.code, 2);
    assert.match(bad.err, /not a vendor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

c.run();
