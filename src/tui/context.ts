// Why: everything one running screen shares (session, panes, regions, scheduler), passed explicitly: no module-level state.

import type { Wizard } from '../engine/wizard.js';
import type { Session, SessionState } from '../session/types.js';
import type { Glyphs } from '../view/glyphs.js';
import type { PaneSpec } from '../view/panes.js';
import type { ProseRenderer } from '../view/step-panel.js';
import type { Line } from '../view/styled.js';
import type { Widgets } from './blessed.js';
import type { SparkWidgets } from './contrib-sparklines.js';
import type { Feed } from './pane-feed.js';
import type { RenderScheduler } from './scheduler.js';
import type { SampleSource, TextSource } from './sources.js';
import type { UiState } from './ui-state.js';
import type { Regions } from './widgets.js';
import type { Clock } from './scheduler.js';

export interface TuiOptions {
  session: Session;
  wizard: Wizard;
  specs: PaneSpec[];
  text: Record<string, TextSource>;
  samples: Partial<Record<'gwA' | 'gwB', SampleSource>>;
  /** Gateway host names per side, for the fix confirm. */
  hosts: { a: string; b: string };
  env: Record<string, string | undefined>;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  clock?: Clock;
  /** Live panes take typing while their session asks for a password. */
  live: boolean;
  /** Shown in the step panel once every gate is decided (train's debrief). */
  finale?: (s: SessionState) => Line[] | null;
  /** When the session is built after the first frame: its failure ends the screen with that error. */
  ready?: Promise<unknown>;
  /** Start the session's run() after the first frame (default true). */
  autoRun?: boolean;
  /** The status line's first message (a resumed journal says so). */
  notice?: string;
  /** A resumed session: its commands with no recorded outcome open a notice first (Enter acknowledges; never re-run). */
  showOpenIntents?: boolean;
}

export interface TuiExit {
  code: number;
  reason: 'done' | 'quit' | 'error' | 'signal';
  error?: unknown;
}

export interface Tui {
  opts: TuiOptions;
  screen: Widgets.Screen;
  regions: Regions;
  feed: Feed;
  ui: UiState;
  glyphs: Glyphs;
  mono: boolean;
  scheduler: RenderScheduler;
  prose: { render: ProseRenderer };
  /** The content each region was last given (frame.ts skips unchanged ones). */
  shown: Map<object, string>;
  /** blessed-contrib's sparklines for the counters panes, once loaded (UTF-8 and colour only); null: text sparklines. */
  sparks: SparkWidgets | null;
  /** Ends the screen (terminal restored first), closes the session, resolves runTui. */
  shutdown(exit: TuiExit): void;
  /** Say something in the status line until the next message. */
  say(message: string): void;
}

export function paneIndexById(specs: PaneSpec[], id: string): number {
  return specs.findIndex((s) => s.id === id);
}
