// Why: the one render scheduler: anything that changes asks for a frame; frames are coalesced to at most 30 a second.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class RenderScheduler {
  private pending: unknown = null;
  private last = -Infinity;
  private stopped = false;
  frames = 0;

  constructor(
    private readonly draw: () => void,
    private readonly minIntervalMs = 1000 / 30,
    private readonly clock: Clock = realClock,
  ) {}

  /** Ask for a frame; many requests before it is drawn make one frame. */
  request(): void {
    if (this.stopped || this.pending !== null) return;
    const wait = Math.max(0, this.last + this.minIntervalMs - this.clock.now());
    this.pending = this.clock.setTimeout(() => this.flush(), wait);
  }

  /** Draw now (first frame, resize): cancels a pending one. */
  flush(): void {
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
    if (this.stopped) return;
    this.last = this.clock.now();
    this.frames++;
    this.draw();
  }

  stop(): void {
    this.stopped = true;
    if (this.pending !== null) this.clock.clearTimeout(this.pending);
    this.pending = null;
  }
}
