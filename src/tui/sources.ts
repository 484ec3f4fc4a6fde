// Why: what feeds a pane, whatever its origin: recorded chunks at their recorded pace, or a live session that can die and come back.

import type { CounterSample } from '../engine/recording.js';

export interface SourceSink<T> {
  data(item: T): void;
  /** The session ended (a message for the pane) or came back (`null`). */
  ended(message: string | null): void;
}

export interface Source<T> {
  start(sink: SourceSink<T>): void;
  stop(): void;
  /** Keystrokes for the session behind the pane (live only); never journaled. */
  write?(data: string): void;
}

export type TextSource = Source<string>;
export type SampleSource = Source<CounterSample>;
