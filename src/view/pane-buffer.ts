// Why: one pane's text: bounded scrollback of neutralized lines, a filter, pause, scroll, and how its session ended.

import { cutLine, LineRing } from './line-ring.js';
import { visible, visibleFast } from './sanitize.js';

export interface PaneView {
  lines: string[];
  /** Status words for the pane's title: "paused, 12 new", "filter: wg0", "ended: ...". */
  status: string[];
  ended: string | null;
}

export class PaneBuffer {
  private lines: LineRing;
  /** Lines that came while paused (bounded like the scrollback); null when not paused. */
  private held: LineRing | null = null;
  private partial = '';
  private filterText = '';
  private scrollBack = 0;
  private endedWith: string | null = null;
  /** Lines dropped from the top because of the bound (lines or bytes). */
  dropped = 0;
  received = 0;

  /** Bounded in lines and in bytes (UTF-8, default 256 a line on average): a few huge lines cannot hold more than `maxBytes`. */
  constructor(
    readonly maxLines = 2000,
    readonly maxBytes = maxLines * 256,
  ) {
    this.lines = new LineRing(maxLines, maxBytes);
  }

  /** Remote bytes: every control, C1 and bidi character becomes visible text here, before anything stores it. */
  addLine(raw: string): void {
    this.received++;
    const line = visibleFast(raw);
    if (this.held) this.held.push(line);
    else this.dropped += this.lines.push(line);
  }

  setPartial(raw: string): void {
    // A prompt or the start of a line: cut like a stored line, so a huge unterminated rest is not kept whole.
    this.partial = visibleFast(cutLine(raw, this.lines.maxLineChars));
  }

  /** The session behind the pane ended (or came back: `null`). */
  setEnded(message: string | null): void {
    this.endedWith = message;
  }

  get ended(): string | null {
    return this.endedWith;
  }

  togglePause(): boolean {
    if (this.held) {
      const h = this.held;
      this.held = null;
      for (let i = 0; i < h.length; i++) this.dropped += this.lines.push(h.at(i));
    } else this.held = new LineRing(this.maxLines, this.maxBytes);
    return this.held !== null;
  }

  get isPaused(): boolean {
    return this.held !== null;
  }

  setFilter(text: string): void {
    this.filterText = text;
    this.scrollBack = 0;
  }

  get filter(): string {
    return this.filterText;
  }

  /** Positive: further back in history. */
  scroll(by: number): void {
    this.scrollBack = Math.max(0, Math.min(this.scrollBack + by, this.lines.length));
  }

  /** The last `height` lines that pass the filter (case-insensitive substring), ending with the partial line and the end notice. */
  view(height: number): PaneView {
    const f = this.filterText.toLowerCase();
    const extra: string[] = [];
    if (this.partial && !this.held && (!f || this.partial.toLowerCase().includes(f))) extra.push(this.partial);
    if (this.endedWith) extra.push(`[${this.endedWith}]`);
    // Only the lines on screen are decoded (this runs every frame, up to 30 a second); with a
    // filter, lines are tested newest first until the screen (and the scrolled-back part) is full.
    const want = height + this.scrollBack;
    const picked: number[] = [];
    for (let i = this.lines.length - 1; i >= 0 && picked.length + extra.length < want; i--) if (!f || this.lines.at(i).toLowerCase().includes(f)) picked.push(i);
    const total = picked.length + extra.length;
    const end = Math.max(0, total - this.scrollBack);
    const lines: string[] = [];
    for (let k = Math.max(0, end - height); k < end; k++) lines.push(k < picked.length ? this.lines.at(picked[picked.length - 1 - k]!) : extra[k - picked.length]!);
    const status: string[] = [];
    if (this.held) status.push(`paused${this.held.length ? `, ${this.held.length} new` : ''}`);
    if (this.filterText) status.push(`filter: ${visible(this.filterText)}`);
    if (this.scrollBack) status.push(`scrolled back ${this.scrollBack}`);
    if (this.endedWith) status.push('ended');
    return { lines, status, ended: this.endedWith };
  }
}
