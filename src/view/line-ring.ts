// Why: a pane's scrollback bounded in bytes as well as lines, kept as UTF-8 in one buffer outside the JS heap: under a flood each line lives ~1 s, long enough for V8 to promote it, so lines kept as strings fill the old generation with garbage between major GCs.

/**
 * Lines in one circular byte buffer, oldest dropped first. Each line takes its UTF-8 bytes plus
 * one separator byte; the line index is two fixed Int32Arrays. The buffer starts small and doubles
 * up to `maxBytes` (a quiet pane stays small). Reading a line decodes a fresh, flat string: nothing
 * read out keeps the buffer or an input chunk alive.
 */
export class LineRing {
  private buf: Buffer;
  private readonly starts: Int32Array;
  private readonly lens: Int32Array;
  private head = 0;
  private n = 0;
  /** Where the next line's bytes go. */
  private pos = 0;
  /** Longest line kept, in UTF-16 units: a longer one is cut (a 1 MB line is never kept whole). */
  readonly maxLineChars: number;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
    initialBytes = 16 * 1024,
  ) {
    this.maxLineChars = Math.max(1, Math.floor(maxBytes / 8));
    this.buf = Buffer.alloc(Math.min(maxBytes, initialBytes));
    this.starts = new Int32Array(maxLines);
    this.lens = new Int32Array(maxLines);
  }

  get length(): number {
    return this.n;
  }

  /** Bytes this ring holds on to (its buffer's size). */
  get capacity(): number {
    return this.buf.length;
  }

  /** Appends a line; returns how many old lines it pushed out. */
  push(line: string): number {
    const text = cutLine(line, this.maxLineChars);
    const need = Buffer.byteLength(text) + 1;
    let dropped = 0;
    if (this.n === this.maxLines) {
      this.shift();
      dropped++;
    }
    if (this.n === 0) this.pos = 0;
    if (this.pos + need > this.buf.length || this.overlapsHead(this.pos, this.pos + need)) dropped += this.grow(need);
    let at = this.pos;
    if (at + need > this.buf.length) {
      // Wrap: lines left beyond `at` are the oldest; they go before the start of the buffer is reused.
      while (this.n > 0 && this.starts[this.head]! >= at) (this.shift(), dropped++);
      at = 0;
    }
    while (this.n > 0 && this.overlapsHead(at, at + need)) (this.shift(), dropped++);
    const written = this.buf.write(text, at, 'utf8');
    this.buf[at + written] = 10;
    const slot = (this.head + this.n) % this.maxLines;
    this.starts[slot] = at;
    this.lens[slot] = written;
    this.n++;
    this.pos = at + written + 1;
    return dropped;
  }

  /** Line `i`, 0 being the oldest kept. */
  at(i: number): string {
    const slot = (this.head + i) % this.maxLines;
    const s = this.starts[slot]!;
    return this.buf.toString('utf8', s, s + this.lens[slot]!);
  }

  clear(): void {
    this.head = 0;
    this.n = 0;
    this.pos = 0;
  }

  private shift(): void {
    this.head = (this.head + 1) % this.maxLines;
    this.n--;
  }

  /** The oldest line lies (partly) in [from, to). Only lines of the previous pass can lie ahead of `pos`. */
  private overlapsHead(from: number, to: number): boolean {
    if (this.n === 0) return false;
    const s = this.starts[this.head]!;
    return s < to && s + this.lens[this.head]! + 1 > from;
  }

  /** Doubles the buffer (up to maxBytes) when a line would push others out early; lines move oldest first. */
  private grow(need: number): number {
    if (this.buf.length >= this.maxBytes) return 0;
    let used = need;
    for (let i = 0; i < this.n; i++) used += this.lens[(this.head + i) % this.maxLines]! + 1;
    let size = this.buf.length * 2;
    while (size < used && size < this.maxBytes) size *= 2;
    size = Math.min(size, this.maxBytes);
    let dropped = 0;
    // Only at the cap can the lines outgrow it: the oldest go.
    while (this.n > 0 && used > size) {
      used -= this.lens[this.head]! + 1;
      this.shift();
      dropped++;
    }
    const next = Buffer.alloc(size);
    const starts: number[] = [];
    const lens: number[] = [];
    let at = 0;
    for (let i = 0; i < this.n; i++) {
      const slot = (this.head + i) % this.maxLines;
      const s = this.starts[slot]!;
      const len = this.lens[slot]!;
      this.buf.copy(next, at, s, s + len + 1);
      starts.push(at);
      lens.push(len);
      at += len + 1;
    }
    this.buf = next;
    this.head = 0;
    this.starts.set(starts);
    this.lens.set(lens);
    this.pos = at;
    return dropped;
  }

}

/** The first `max` UTF-16 units of a line, one less if that would split a surrogate pair. */
export function cutLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const hi = line.charCodeAt(max - 1);
  return line.slice(0, hi >= 0xd800 && hi <= 0xdbff ? max - 1 : max);
}
