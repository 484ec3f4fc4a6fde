// Why: the journal's promise under the worst crash: SIGKILL at >= 100 seeded random points of a scripted session loses no acked decision, the journal opens, resume agrees, the report builds.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRecord } from '../../src/journal/codec.js';
import type { JournalRecord } from '../../src/journal/events.js';
import { openJournal } from '../../src/journal/open.js';
import { readJournal } from '../../src/journal/reader.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { loadWizard } from '../../src/engine/wizard.js';
import { resumeSession } from '../../src/session/open.js';
import { scripted } from '../tools/session-script.js';
import { mulberry32 } from '../lib/prng.js';

const driver = fileURLToPath(new URL('../tools/session-driver.js', import.meta.url));
const KILLS = Number(process.env.GATEWALK_KILLS ?? 120);
const PARALLEL = 4;
const WIZARD = loadWizard();
const PER_JOURNAL = 4;
const SEED = Number(process.env.GATEWALK_KILL_SEED ?? 20261127);
/** The note the driver writes carries this "key": it must never reach the disk. */
const NOTE_KEY = 'eW91IHNoYWxsIG5vdCBwYXNzIHRoaXMga2V5IGhlcmUh';

const prng = mulberry32;

interface Stats {
  kills: number;
  beforeReady: number;
  acked: number;
  lost: number;
  tornCut: number;
  planted: number;
  reports: number;
}

/**
 * Start the driver and SIGKILL it: `at.phase` 'start' counts from the spawn (open, recovery, the
 * diagnosis run), 'loop' from its "ready" line (inside the decision loop).
 */
function runAndKill(journal: string, at: { phase: 'start' | 'loop'; ms: number }): Promise<{ acks: number[]; ready: boolean; readyAt: number; finished: boolean; readyMs: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [driver, journal, 'wireguard--missing-route'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyMs: number | null = null;
    let timer = at.phase === 'start' ? setTimeout(() => child.kill('SIGKILL'), at.ms) : null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (readyMs === null && /^ready/m.test(out)) {
        readyMs = performance.now() - t0;
        if (at.phase === 'loop') timer = setTimeout(() => child.kill('SIGKILL'), at.ms);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`driver exited ${code}: ${err}`));
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      const readyAt = Number(/^ready (\d+)$/m.exec(out)?.[1] ?? -1);
      resolve({ acks, ready: readyMs !== null, readyAt, finished: /^done$/m.test(out), readyMs });
    });
  });
}

/** What the decisions and re-runs in the journal imply for each gate: the model resume must agree with. */
function impliedDecisions(recs: JournalRecord[]): Record<string, string> {
  const m: Record<string, string> = {};
  for (const r of recs) {
    if (r.type === 'decision') m[String(r.gate)] = `${r.action}/${r.status}/${r.reason ?? ''}`;
    if (r.type === 'rerun') {
      if (r.gate === 'all') for (const k of Object.keys(m)) delete m[k];
      else delete m[String(r.gate)];
    }
  }
  return m;
}

/** `run`: where the killed run started in the script and how many decisions it acked. */
async function verify(journal: string, ackedUpTo: number, run: { readyAt: number; acks: number }, st: Stats, render: ((r: JournalRecord[]) => string) | null): Promise<void> {
  if (!existsSync(journal)) {
    assert.is(ackedUpTo, -1, 'acks without a journal');
    return;
  }
  const read = readJournal(journal);
  assert.ok(read.ok, !read.ok ? read.error : '');
  if (!read.ok) return;
  assert.equal(read.damaged, [], 'a crash only ever damages the tail');
  // The journal opens: a torn tail is cut, every earlier record survives.
  const o = await openJournal(journal);
  assert.ok(o.ok, !o.ok ? o.error : '');
  if (!o.ok) return;
  if (o.journal.recovered.truncated) st.tornCut++;
  assert.is(o.journal.records.length, read.records.length);
  await o.journal.close();
  const recs = read.records;
  assert.equal(recs.map((r) => r.seq), recs.map((_, i) => i), 'seq is contiguous');
  // Every acked decision is there, in order, as scripted; at most one more (in flight when killed).
  const decisions = recs.filter((r): r is Extract<JournalRecord, { type: 'decision' }> => r.type === 'decision');
  for (let i = 0; i <= ackedUpTo; i++) {
    const want = scripted(i);
    const got = decisions[i];
    if (!got) {
      st.lost++;
      assert.unreachable(`acked decision ${i} is missing (journal has ${decisions.length})`);
    }
    assert.equal([got!.gate, got!.action, got!.reason, got!.action === 'override' ? got!.status : undefined], [want.gate, want.action, want.reason, want.status]);
  }
  // A killed run leaves at most one decision it had not acked yet (the one in flight).
  if (run.readyAt >= 0) assert.ok(decisions.length - run.readyAt - run.acks <= 1, `run from ${run.readyAt}: ${run.acks} acked, journal has ${decisions.length}`);
  // Resume shows the state the journaled decisions imply.
  const r = resumeSession(journal, WIZARD);
  const shown: Record<string, string> = {};
  for (const g of r.state.gates) if (g.decision) shown[String(g.gate)] = `${g.decision.action}/${g.decision.status}/${g.decision.reason ?? ''}`;
  assert.equal(shown, impliedDecisions(recs));
  assert.not.ok(readFileSync(journal, 'utf8').includes(NOTE_KEY), 'a key from a note reached the journal');
  if (render) {
    const md = render(recs);
    assert.ok(md.length > 0);
    st.reports++;
  }
}

const s = suite('SIGKILL at random points of a scripted session');

s(`${KILLS} kills (seed ${SEED}): 0 acked decisions lost, the journal opens, resume agrees, the report builds`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-kill-'));
  const rand = prng(SEED);
  const render = renderMarkdown;
  const st: Stats = { kills: 0, beforeReady: 0, acked: 0, lost: 0, tornCut: 0, planted: 0, reports: 0 };
  // A quarter of the kills land anywhere from the spawn to the session being ready (open, recovery,
  // the diagnosis run: scaled to how long that took here), the rest 0-150 ms into the decision loop.
  const plan = Array.from({ length: KILLS }, () => ({ phase: rand() < 0.25 ? ('start' as const) : ('loop' as const), f: rand() }));
  let readyMs = 400;
  let relinks = 0;
  let verifyMs = 0;
  try {
    await Promise.all(
      Array.from({ length: PARALLEL }, async (_, lane) => {
        const tear = prng(SEED + 1 + lane);
        let journal = '';
        let ackedUpTo = -1;
        for (let k = lane, n = 0; k < plan.length; k += PARALLEL, n++) {
          // A new journal every few kills keeps each one a realistic incident's size.
          if (n % PER_JOURNAL === 0) {
            journal = join(dir, `lane${lane}-${n}.jsonl`);
            ackedUpTo = -1;
          }
          const p = plan[k]!;
          const r = await runAndKill(journal, { phase: p.phase, ms: Math.round(p.f * (p.phase === 'start' ? readyMs * 1.2 : 150)) }).catch(async (e: Error) => {
            // dist/ is shared with other builds: a driver that started while tsc rewrote it fails to link; run that point again.
            if (!/SyntaxError: The requested module|Cannot find module|ERR_MODULE_NOT_FOUND/.test(e.message) || ++relinks > 20) throw e;
            await new Promise((res) => setTimeout(res, 500));
            return runAndKill(journal, { phase: p.phase, ms: Math.round(p.f * (p.phase === 'start' ? readyMs * 1.2 : 150)) });
          });
          if (r.readyMs !== null) readyMs = r.readyMs;
          assert.not.ok(r.finished, 'the driver loops until killed');
          if (p.phase === 'loop') assert.ok(r.ready, 'killed in the loop, so it was ready');
          st.kills++;
          if (!r.ready) st.beforeReady++;
          if (r.acks.length) {
            // A run continues after the decisions on disk (the one in flight at a kill may be among them).
            assert.is(r.acks[0], r.readyAt);
            assert.equal(r.acks, r.acks.map((_, i) => r.readyAt + i));
            ackedUpTo = Math.max(ackedUpTo, ...r.acks);
            st.acked += r.acks.length;
          }
          const v0 = performance.now();
          await verify(journal, ackedUpTo, { readyAt: r.readyAt, acks: r.acks.length }, st, render);
          verifyMs += performance.now() - v0;
          // Now and then, what a power cut during an unacked write leaves: part of a record at the end.
          // The next writer must cut it (SIGKILL alone never tears a write() to a regular file).
          if (existsSync(journal) && tear() < 0.2) {
            const line = encodeRecord({ seq: 1e6, ts: new Date().toISOString(), host: 'jump', type: 'note', text: 'in flight when the power went' });
            appendFileSync(journal, line.slice(0, 1 + Math.floor(tear() * (line.length - 2))));
            st.planted++;
          }
        }
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  sigkill: ${st.kills} kills (${st.beforeReady} before the session was ready), ${st.acked} acked decisions, ${st.lost} lost, ${st.planted} torn tails planted (all cut: ${st.tornCut} by the check's own open, the rest by the next run), ${st.reports} reports built; verification ${Math.round(verifyMs)} ms summed over lanes`);
  assert.ok(st.kills >= 100);
  assert.is(st.lost, 0);
  assert.ok(st.kills - st.beforeReady >= 50, 'most kills land inside the decision loop');
  // A planted tail left in place would have merged with the next record into a damaged line:
  // verify() insists on none, so every one was cut (by the next driver's open, or verify's own).
});

s.run();
