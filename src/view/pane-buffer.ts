// Why: one pane's text: bounded scrollback of neutralized lines, a filter, pause, scroll, and how its session ended.

import { visible, visibleFast } from './sanitize.js';

export interface PaneView {
  lines: string[];
  /** Status words for the pane's title: "paused, 12 new", "filter: wg0", "ended: ...". */
  status: string[];
  ended: string | null;
}

export class PaneBuffer {
  private lines: string[] = [];
  private held: string[] = [];
  private partial = '';
  private filterText = '';
  private paused = false;
  private scrollBack = 0;
  private endedWith: string | null = null;
  /** Lines dropped from the top because of the bound. */
  dropped = 0;
  received = 0;

  constructor(readonly maxLines = 2000) {}

  /** Remote bytes: every control, C1 and bidi character becomes visible text here, before anything stores it. */
  addLine(raw: string): void {
    this.received++;
    const line = visibleFast(raw);
    if (this.paused) {
      this.held.push(line);
      if (this.held.length >= this.maxLines * 1.5) this.held.splice(0, this.held.length - this.maxLines);
      return;
    }
    this.append(line);
  }

  setPartial(raw: string): void {
    this.partial = visibleFast(raw);
  }

  /** The session behind the pane ended (or came back: `null`). */
  setEnded(message: string | null): void {
    this.endedWith = message;
  }

  get ended(): string | null {
    return this.endedWith;
  }

  togglePause(): boolean {
    this.paused = !this.paused;
    if (!this.paused) {
      for (const l of this.held.slice(Math.max(0, this.held.length - this.maxLines))) this.append(l);
      this.held = [];
    }
    return this.paused;
  }

  get isPaused(): boolean {
    return this.paused;
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
    this.scrollBack = Math.max(0, Math.min(this.scrollBack + by, this.lines.length - this.first));
  }

  /** Trimming is amortized: the array may hold up to 1.5 x the bound, only the last `maxLines` count. */
  private append(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.dropped++;
    if (this.lines.length >= this.maxLines * 1.5) this.lines.splice(0, this.lines.length - this.maxLines);
  }

  /** The retained lines' start index in `lines`. */
  private get first(): number {
    return Math.max(0, this.lines.length - this.maxLines);
  }

  /** The last `height` lines that pass the filter (case-insensitive substring), ending with the partial line and the end notice. */
  view(height: number): PaneView {
    const f = this.filterText.toLowerCase();
    // Without a filter only the visible tail is copied (this runs every frame, up to 30 a second).
    const first = this.first;
    let src = f ? this.lines.slice(first).filter((l) => l.toLowerCase().includes(f)) : this.lines.slice(Math.max(first, this.lines.length - height - this.scrollBack - 1));
    if (this.partial && !this.paused && (!f || this.partial.toLowerCase().includes(f))) src.push(this.partial);
    if (this.endedWith) src.push(`[${this.endedWith}]`);
    const end = Math.max(0, src.length - this.scrollBack);
    src = src.slice(Math.max(0, end - height), end);
    const status: string[] = [];
    if (this.paused) status.push(`paused${this.held.length ? `, ${Math.min(this.held.length, this.maxLines)} new` : ''}`);
    if (this.filterText) status.push(`filter: ${visible(this.filterText)}`);
    if (this.scrollBack) status.push(`scrolled back ${this.scrollBack}`);
    if (this.endedWith) status.push('ended');
    return { lines: src, status, ended: this.endedWith };
  }
}
