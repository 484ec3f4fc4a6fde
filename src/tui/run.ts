// Why: composes one screen: blessed screen, regions, pane feed, the render scheduler, keys, exit guards; resolves when it ends.

import { glyphsFor } from '../view/glyphs.js';
import { plainProse } from '../view/step-panel.js';
import { monochrome } from '../view/styled.js';
import { loadBlessed } from './blessed.js';
import type { Tui, TuiExit, TuiOptions } from './context.js';
import { drawFrame } from './frame.js';
import { handleKey } from './keymap.js';
import { installExitGuards } from './lifecycle.js';
import { loadMarkdown } from './markdown.js';
import { feedPanes } from './pane-feed.js';
import { realClock, RenderScheduler } from './scheduler.js';
import { initialUi } from './ui-state.js';
import { loadSparkWidgets } from './contrib-sparklines.js';
import { createRegions } from './widgets.js';

export function runTui(opts: TuiOptions): Promise<TuiExit> {
  const blessed = loadBlessed();
  const glyphs = glyphsFor(opts.env);
  const mono = monochrome(opts.env);
  const screen = blessed.screen({
    input: opts.input as never,
    output: opts.output as never,
    terminal: opts.env.TERM || 'xterm',
    smartCSR: true,
    fullUnicode: glyphs.utf8,
    forceUnicode: glyphs.utf8,
    autoPadding: false,
    warnings: false,
    sendFocus: false,
    useBCE: false,
  } as never);
  const regions = createRegions(blessed, screen, opts.specs.length);
  const clock = opts.clock ?? realClock;
  let finish: (e: TuiExit) => void = () => {};
  const ended = new Promise<TuiExit>((r) => (finish = r));
  let closing = false;
  // Filled below; the feed and scheduler need `t` to exist first.
  const t = { opts, screen, regions, ui: initialUi(), glyphs, mono, prose: { render: plainProse }, shown: new Map(), sparks: null } as Tui;
  if (opts.notice) t.ui.message = opts.notice;
  if (opts.showOpenIntents && opts.session.state().openIntents.length) t.ui.modal = 'open-intents';
  t.scheduler = new RenderScheduler(() => drawFrame(t), 1000 / 30, clock);
  t.say = (m) => {
    t.ui.message = m;
    t.scheduler.request();
  };
  const restoreTerminal = () => {
    try {
      screen.destroy();
    } catch {
      // The terminal may be gone (SIGHUP); nothing left to restore.
    }
  };
  const tick = setInterval(() => t.scheduler.request(), 1000);
  tick.unref();
  const guards = installExitGuards(
    (code) => t.shutdown({ code, reason: 'signal' }),
    () => {
      t.feed?.stop();
      restoreTerminal();
    },
  );
  t.shutdown = (exit) => {
    if (closing) return;
    closing = true;
    clearInterval(tick);
    t.scheduler.stop();
    unsubscribe();
    t.feed.stop();
    restoreTerminal();
    guards.remove();
    const closed = opts.session.close(exit.reason).catch(() => {});
    const timeout = new Promise<void>((r) => setTimeout(r, 3000).unref());
    void Promise.race([closed, timeout]).then(() => finish(exit));
  };
  t.feed = feedPanes(opts.specs, opts.text, opts.samples, () => t.scheduler.request());
  let lastGate = opts.session.state().current;
  const unsubscribe = opts.session.subscribe((s) => {
    if (s.current !== lastGate) {
      lastGate = s.current;
      t.feed.resetBaselines();
    }
    t.scheduler.request();
  });
  screen.on('keypress', (ch: string | undefined, key: { name?: string; full?: string }) => {
    if (!closing) handleKey(t, ch, key);
  });
  screen.on('resize', () => t.scheduler.flush());
  t.scheduler.flush();
  // After the first frame: blessed-contrib's sparklines where the terminal shows Unicode and colour.
  if (glyphs.utf8 && !mono) {
    setImmediate(() => {
      if (closing) return;
      try {
        t.sparks = loadSparkWidgets(screen);
        t.scheduler.request();
      } catch {
        // Without the package the text sparklines stay.
      }
    });
  }
  const width = Math.max(40, Math.floor((Number(screen.width) || 80) * 0.4) - 2);
  loadMarkdown(width, !mono).then(
    (render) => {
      t.prose.render = render;
      t.scheduler.request();
    },
    () => {},
  );
  opts.ready?.catch((e: unknown) => t.shutdown({ code: 2, reason: 'error', error: e }));
  if (opts.autoRun !== false) {
    opts.session.run().catch((e: unknown) => {
      if (!closing) t.say(`collecting failed: ${(e as Error).message}`);
    });
  }
  return ended;
}
