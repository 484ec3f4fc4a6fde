// Why: live panes over ssh must not race for the host's master connection (the losers print ssh's "ControlSocket ... already exists" into the pane): one `true` opens it, then every pane joins as a client.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Incident } from '../../src/incident/schema.js';
import type { CommandResult, Runner, StreamExit, StreamSession } from '../../src/targets/runner.js';
import type { Target } from '../../src/targets/target.js';
import { liveSources } from '../../src/tui/live-sources.js';
import { afterReady } from '../../src/tui/ssh-master.js';
import { realClock } from '../../src/tui/scheduler.js';

const s = suite('tui ssh master for panes');
const INCIDENT = parseYaml(readFileSync(fileURLToPath(new URL('../../../snapshots/scenarios/wireguard--no-return-route/incident.yaml', import.meta.url)), 'utf8')) as Incident;
const opt = (argv: readonly string[], name: string) => argv.find((a) => a.startsWith(`${name}=`));

/** Records, in order, every one-shot command and stream start; one-shots finish when the test says so. */
function recordingRunner() {
  const events: Array<{ kind: 'run' | 'stream'; argv: string[] }> = [];
  const pendingRuns: Array<() => void> = [];
  const streams: Array<{ kill: () => void }> = [];
  const runner: Runner = {
    run(target: Target, cmd) {
      const argv = target.wrap(cmd.argv, 'oneshot');
      events.push({ kind: 'run', argv });
      return new Promise<CommandResult>((res) => pendingRuns.push(() => res({ target: target.label, argv, exitCode: 0, signal: null, stdout: '', stderr: '', durationMs: 1, timedOut: false, spawnError: null, ok: true })));
    },
    stream(target: Target, argv) {
      events.push({ kind: 'stream', argv: target.wrap(argv, 'stream') });
      let end: (e: StreamExit) => void = () => {};
      const done = new Promise<StreamExit>((r) => (end = r));
      const st: StreamSession = { target: target.label, argv, pid: 1, onData: () => {}, write: () => {}, kill: () => end({ exitCode: null, signal: 15, reason: 'killed', lines: 0 }), done };
      streams.push(st);
      return st;
    },
    spawnDaemon: () => 0,
    foreground: async () => 0,
  };
  return { runner, events, pendingRuns, streams };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

s('each gateway: one `true` opens its master (ControlMaster=auto, no sudo); no pane starts before it ends; panes join as clients (ControlMaster=no)', async () => {
  const inc = structuredClone(INCIDENT);
  inc.sites.a.gateway.sudo = true;
  const { runner, events, pendingRuns, streams } = recordingRunner();
  const src = liveSources(inc, runner, '/tmp/gw-panes-test', realClock);
  const sink = { data: () => {}, ended: () => {} };
  for (const x of Object.values(src.text)) x.start(sink);
  for (const x of Object.values(src.samples)) x!.start(sink as never);
  await tick();
  // Eight panes' sessions asked at once: still only one opener per host, and no stream yet.
  assert.is(events.length, 2, JSON.stringify(events));
  for (const e of events) {
    assert.is(e.kind, 'run');
    assert.is(opt(e.argv, 'ControlMaster'), 'ControlMaster=auto');
    assert.ok(opt(e.argv, 'ControlPersist'));
    assert.is(e.argv[e.argv.length - 1], 'true', 'no sudo on the opener');
  }
  assert.equal(events.map((e) => e.argv[e.argv.length - 2]).sort(), ['gwA', 'gwB']);
  for (const r of pendingRuns.splice(0)) r();
  await tick();
  const st = events.filter((e) => e.kind === 'stream');
  assert.is(st.length, Object.keys(src.text).length + Object.keys(src.samples).length);
  for (const e of st) {
    assert.is(opt(e.argv, 'ControlMaster'), 'ControlMaster=no', e.argv.join(' '));
    assert.is(opt(e.argv, 'ControlPath'), 'ControlPath=/tmp/gw-panes-test/%C');
    assert.not.ok(opt(e.argv, 'ControlPersist'));
  }
  assert.ok(st.some((e) => e.argv.includes('gwA') && /^'?sudo'? (?!'?-n)/.test(e.argv[e.argv.length - 1]!)), 'the panes keep their interactive sudo');
  for (const x of Object.values(src.text)) x.stop();
  for (const x of Object.values(src.samples)) x!.stop();
  assert.is(src.closers.length, 2);
  void streams;
});

s('afterReady: a session stopped before its master is open never starts', async () => {
  let opened = 0;
  let go: () => void = () => {};
  const ready = new Promise<void>((r) => (go = r));
  const sess = afterReady<string>(ready, () => {
    opened++;
    return { onData: () => {}, write: () => {}, kill: () => {}, done: Promise.resolve('exit 0') };
  });
  sess.kill();
  go();
  assert.is(await sess.done, 'stopped');
  assert.is(opened, 0);
});

s.run();
