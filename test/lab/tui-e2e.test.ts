// Why: the whole product as an operator meets it: the live wizard in a real terminal (tmux), run from the lab's jump namespace over ssh, walked to a lab fault, report exported, terminal given back.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { gated } from '../lib/skip.js';
import { Tmux } from '../lib/tmux.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { nsName } from '../../src/lab/topology.js';
import { readJournal } from '../../src/journal/reader.js';
import { reopen, runner } from './helpers.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
// GATEWALK_E2E_LAB picks another lab name (a machine where "tx" is taken).
const NAME = process.env.GATEWALK_E2E_LAB ?? 'tx';
const why = labUnavailable() ?? (existsSync('/usr/bin/tmux') ? null : 'tmux is not installed (apt-get install tmux)');
const s = suite('tui end to end in tmux on the live lab');
const t = gated(s, 'tui end to end in tmux on the live lab', why);

let dir = '';
let tmux: Tmux | null = null;

s.before(async () => {
  if (why) return;
  await labDown(NAME, runner);
  dir = mkdtempSync(join(tmpdir(), 'gatewalk-e2e-'));
});
s.after(async () => {
  tmux?.kill();
  if (why) return;
  await labDown(NAME, runner);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Command lines of the processes inside a lab namespace that gatewalk may have started there. */
async function captureProcs(node: 'gwA' | 'gwB'): Promise<string[]> {
  const r = await execa('ip', ['netns', 'pids', nsName(NAME, node)], { reject: false });
  const out: string[] = [];
  for (const pid of String(r.stdout).split('\n').filter(Boolean)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (/^(tcpdump|conntrack|timeout)\b|\bsh -c while/.test(cmd) && readlinkSync(`/proc/${pid}/exe`)) out.push(`${pid} ${cmd}`);
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

async function until<T>(what: string, fn: () => Promise<T | null>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

t('no-return-route on WireGuard: walked to gate 4 through live panes, report exported, quit with the terminal restored and no capture left on the gateways', async () => {
  await labUp({ name: NAME, vpn: 'wireguard', runner, fault: 'no-return-route' });
  const lab = reopen(NAME);
  const journal = join(dir, 'session.jsonl');
  tmux = Tmux.start(
    `gatewalk-e2e-${process.pid}`,
    ['ip', 'netns', 'exec', nsName(NAME, 'jump'), process.execPath, bin, 'tui', '--incident', lab.paths.incident, '--journal', journal],
    { cols: 160, rows: 48, env: { TERM: 'tmux-256color', LANG: 'C.UTF-8' } },
  );

  // The engine's verdicts arrive after live collection over ssh; the gate bar shows them.
  await tmux.waitFor(/Gate 4\W+FAIL/, 40_000);
  // Both gateways' panes stream live captures: the reply entering gwB's LAN is there, and gwA's tunnel pane shows the request leaving.
  const panes = await tmux.waitFor(/gwB LAN lan0 on gwB[\s\S]*lan0\s+In\s+IP 172\.31\.40\.10/, 15_000);
  assert.match(panes, /gwA tunnel wg0 on gwA/);
  assert.match(panes, /wg0\s+Out\s+IP 10\.20\.0\.55/);
  assert.match(panes, /TX moves, RX flat/, 'gwA counters flag the one-way tunnel');
  // Eight sessions start on two hosts at once; none may race for ssh's master and print ssh's own words.
  assert.not.match(panes, /ControlSocket|disabling multiplexing/, "no pane shows ssh's own chatter");
  assert.match(panes, /tcpdump: (data link type|verbose output suppressed)/, "the remote command's own stderr still shows");

  // Walk to gate 4: its verdict names the cause, the side and the deciding line from gwB.
  tmux.send(['Right', 'Right', 'Right']);
  const gate4 = await tmux.waitFor(/Verdict: FAIL no-return-route \(side b\)/, 5000);
  assert.match(gate4, /gwB\$ ip -j route get 10\.20\.0\.55 from 172\.31\.40\.10 iif lan0/);
  assert.match(gate4, /"dev":"wan0"/);
  assert.match(gate4, /ip route replace 10\.20\.0\.0\/24 dev wg0/, 'the proposed fix is shown, not run');

  tmux.send(['Enter']);
  tmux.send(['e']);
  const written = await tmux.waitFor(/report written: (\S+)/, 10_000);
  const reportPath = /report written: (\S+)/.exec(written)![1]!;
  const report = readFileSync(reportPath, 'utf8');
  assert.match(report, /no-return-route/);
  assert.match(report, /\| 4 \|[^\n]*\*\*FAIL\*\*/);
  assert.match(report, /accepted/);

  tmux.send(['q']);
  const end = await until('the wizard to exit', async () => {
    const sc = tmux!.screen();
    if (/@@exit \d+@@/.test(sc)) return sc;
    if (/quit\?|\(y\/n\)|y\/N/i.test(sc)) tmux!.send(['y']);
    return null;
  }, 15_000);
  assert.match(end, /@@exit 0@@/);
  assert.equal(tmux.modesLeftOn(), [], 'alternate screen, mouse and keypad modes are given back');
  assert.not.match(end, /Error on|TypeError|at .*\.js:\d+/, 'nothing but the closing line is printed');

  // Every capture the panes and the check started on the gateways is gone.
  for (const node of ['gwA', 'gwB'] as const) {
    await until(`no capture left on ${node}`, async () => ((await captureProcs(node)).length ? null : true), 10_000).catch(async () => {
      assert.unreachable(`left on ${node}: ${(await captureProcs(node)).join('; ')}`);
    });
  }

  // The journal holds the decision and the export, and is readable.
  const j = readJournal(journal);
  assert.ok(j.ok, j.ok ? '' : j.error);
  const recs = j.ok ? j.records : [];
  assert.ok(recs.some((r) => r.type === 'decision' && r.gate === 4 && r.action === 'accept' && r.engineStatus === 'FAIL'), 'gate 4 accepted');
  assert.ok(recs.some((r) => r.type === 'export' && r.file === reportPath));
  assert.ok(recs.some((r) => r.type === 'failure' && r.failure?.cause === 'no-return-route' && r.failure.side === 'b'));
});

s.run();
