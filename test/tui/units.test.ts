// Why: the screen's machinery without a screen: render scheduler, replay pace, reconnect with backoff, tag escaping, pane routing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { feedPanes } from '../../src/tui/pane-feed.js';
import { deferredSession } from '../../src/tui/deferred-session.js';
import type { Session, SessionState } from '../../src/session/types.js';
import { reconnecting, type LiveSession } from '../../src/tui/reconnect.js';
import { replaySource } from '../../src/tui/replay-source.js';
import { RenderScheduler } from '../../src/tui/scheduler.js';
import type { TextSource } from '../../src/tui/sources.js';
import { escapeTags, toTags } from '../../src/tui/tags.js';
import { paneSpecs } from '../../src/view/panes.js';
import { parseIncident } from '../../src/incident/load.js';
import { readRecording } from '../../src/engine/recording.js';
import { join } from 'node:path';
import { SCENARIOS_DIR } from '../lib/replay.js';
import { FakeClock } from './fake-clock.js';

const s = suite('tui units');

s('scheduler: a burst of requests makes one frame; at most 30 frames a second under a flood', () => {
  const c = new FakeClock();
  let frames = 0;
  const r = new RenderScheduler(() => frames++, 1000 / 30, c);
  for (let i = 0; i < 100; i++) r.request();
  c.advance(0);
  assert.is(frames, 1);
  // 2,000 requests a second for 3 s.
  for (let ms = 0; ms < 3000; ms++) {
    r.request();
    r.request();
    c.advance(1);
  }
  assert.ok(frames <= 1 + 3 * 30 + 1, `${frames} frames`);
  assert.ok(frames >= 80, `${frames} frames`);
  r.stop();
  r.request();
  assert.is(c.pending(), 0);
});

s('scheduler: nothing is drawn without a request (no timer renders on its own)', () => {
  const c = new FakeClock();
  let frames = 0;
  new RenderScheduler(() => frames++, 33, c);
  c.advance(10_000);
  assert.is(frames, 0);
});

s('replay source: items arrive at their recorded time (scaled by speed), then the end notice', () => {
  const c = new FakeClock();
  const got: string[] = [];
  let end: string | null = null;
  replaySource([{ t: 100, item: 'a' }, { t: 100, item: 'b' }, { t: 1000, item: 'c' }], c, { speed: 2, endMessage: 'over' }).start({ data: (x) => got.push(x), ended: (m) => (end = m) });
  c.advance(49);
  assert.equal(got, []);
  c.advance(1);
  assert.equal(got, ['a', 'b']);
  c.advance(449);
  assert.equal(got, ['a', 'b']);
  c.advance(1);
  assert.equal(got, ['a', 'b', 'c']);
  assert.is(end, 'over');
});

function fakeSession(): LiveSession<string> & { emit(d: string): void; die(why: string): void; killed: boolean; written: string[] } {
  let on: (d: string) => void = () => {};
  let die: (w: string) => void = () => {};
  const s = {
    killed: false,
    written: [] as string[],
    onData: (fn: (d: string) => void) => void (on = fn),
    write: (d: string) => void s.written.push(d),
    kill: () => void (s.killed = true),
    done: new Promise<string>((r) => (die = r)),
    emit: (d: string) => on(d),
    die: (w: string) => die(w),
  };
  return s;
}

s('reconnect: a dead session is announced, retried after 1 s, 2 s, 4 s; data resets the backoff and clears the notice', async () => {
  const c = new FakeClock();
  const sessions: ReturnType<typeof fakeSession>[] = [];
  const notices: Array<string | null> = [];
  const got: string[] = [];
  const src = reconnecting(() => {
    const f = fakeSession();
    sessions.push(f);
    return f;
  }, c);
  src.start({ data: (d) => got.push(d), ended: (m) => notices.push(m) });
  sessions[0]!.emit('x');
  sessions[0]!.die('exit 255');
  await Promise.resolve();
  assert.match(notices[0]!, /session ended: exit 255; reconnecting in 1 s/);
  c.advance(1000);
  assert.is(sessions.length, 2);
  sessions[1]!.die('exit 255');
  await Promise.resolve();
  assert.match(notices[1]!, /reconnecting in 2 s/);
  c.advance(1999);
  assert.is(sessions.length, 2);
  c.advance(1);
  assert.is(sessions.length, 3);
  sessions[2]!.emit('y');
  assert.is(notices[2], null, 'the notice goes when data flows again');
  src.write!('secret\r');
  assert.equal(sessions[2]!.written, ['secret\r']);
  src.stop();
  assert.ok(sessions[2]!.killed);
  assert.equal(got, ['x', 'y']);
});

s('tags: braces from remote text cannot open a blessed tag; monochrome keeps only bold and inverse', () => {
  assert.is(escapeTags('{red-fg}x{/red-fg}'), '{open}red-fg{close}x{open}/red-fg{close}');
  assert.is(toTags([{ text: '{bold}', style: 'fail' }], false), '{red-fg}{bold}{open}bold{close}{/bold}{/red-fg}');
  assert.is(toTags([{ text: 'ok', style: 'pass' }], true), 'ok');
  assert.is(toTags([{ text: '\x1b[1mB\x1b[22m', ansi: true }], true), 'B');
});

s('deferred session: the initial state until the real session is ready; subscribers then see it; actions wait for it', async () => {
  const base = { mode: 'replay', title: 't', pair: { source: 'a', destination: 'b' }, journalPath: '', startedAt: '', current: 1, gates: [], failure: null, traffic: null, openIntents: [], busy: 'loading the engine' } as SessionState;
  let resolve: (s: Session) => void = () => {};
  const real: Session & { decided: string[] } = {
    decided: [],
    state: () => ({ ...base, busy: null, journalPath: '/j' }),
    subscribe: () => () => {},
    run: async () => {},
    decide: async (g, a) => void real.decided.push(`${g}:${a}`),
    rerun: async () => {},
    applyFix: async () => {},
    note: async () => {},
    exportReport: async () => '/r.md',
    close: async () => {},
  };
  const d = deferredSession(base, new Promise<Session>((r) => (resolve = r)));
  const seen: SessionState[] = [];
  d.subscribe((s) => seen.push(s));
  assert.is(d.state().busy, 'loading the engine');
  const decided = d.decide(1, 'accept');
  resolve(real);
  await decided;
  assert.equal(real.decided, ['1:accept']);
  assert.is(d.state().journalPath, '/j');
  assert.is(seen[0]?.journalPath, '/j');
  assert.is(await d.exportReport(), '/r.md');
  const failed = deferredSession(base, Promise.reject(new Error('journal locked')));
  await failed.ready.then(() => assert.unreachable(), (e: Error) => assert.is(e.message, 'journal locked'));
  await failed.close('quit');
});

s("pane feed: one gateway's tcpdump split into its LAN and tunnel panes; status lines in both", () => {
  const rec = readRecording(join(SCENARIOS_DIR, 'wireguard--no-return-route'));
  const inc = parseIncident(rec.incidentText, 'x');
  assert.ok(inc.ok);
  if (!inc.ok) return;
  const specs = paneSpecs(inc.incident);
  let sink: Parameters<TextSource['start']>[0] | null = null;
  const src: TextSource = { start: (k) => void (sink = k), stop: () => {} };
  const feed = feedPanes(specs, { 'gwA.tcpdump': src }, {}, () => {});
  for (const c of rec.streams['gwA.tcpdump']!.chunks) sink!.data(c.data);
  const lan = feed.panes[0]!.buffer.view(100).lines;
  const tun = feed.panes[1]!.buffer.view(100).lines;
  assert.ok(lan.some((l) => l.includes('listening on any')) && tun.some((l) => l.includes('listening on any')));
  assert.ok(lan.filter((l) => /^\d/.test(l)).every((l) => / lan0 /.test(l)));
  assert.ok(tun.filter((l) => /^\d/.test(l)).every((l) => / wg0 /.test(l)));
  assert.ok(tun.some((l) => / wg0 /.test(l)));
  sink!.ended('recording ended');
  assert.equal(feed.panes[1]!.buffer.view(1).lines, ['[recording ended]']);
  assert.is(feed.panes[2]!.buffer.view(1).lines.length, 0, "gateway B's panes are fed by their own stream");
});

s.run();
