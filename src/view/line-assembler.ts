// Why: pty output arrives in arbitrary chunks; panes need whole lines, so this joins chunks and splits on newlines (CR LF or LF).

export class LineAssembler {
  private tail = '';

  /** A line longer than this without a newline is cut, so one endless line cannot grow memory. */
  constructor(private readonly maxLine = 4096) {}

  /** Complete lines in this chunk (without their line ending), a long one cut like an endless one; the unterminated rest is kept for the next chunk. */
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const parts = text.split('\n');
    let tail = parts.pop() ?? '';
    const out: string[] = [];
    for (const p of parts) {
      const l = p.endsWith('\r') ? p.slice(0, -1) : p;
      if (l.length <= this.maxLine) out.push(l);
      else for (let i = 0; i < l.length; i += this.maxLine) out.push(l.slice(i, i + this.maxLine));
    }
    let at = 0;
    while (tail.length - at > this.maxLine) {
      out.push(tail.slice(at, at + this.maxLine));
      at += this.maxLine;
    }
    tail = at ? tail.slice(at) : tail;
    // The rest is a slice of this chunk: a short rest of a big chunk is copied, or it would keep the whole chunk alive until the next one.
    this.tail = text.length > 16 * 1024 && tail.length * 4 < text.length ? Buffer.from(tail, 'utf16le').toString('utf16le') : tail;
    return out;
  }

  /** The unterminated rest (a prompt such as "[sudo] password for ops: " lives here). */
  partial(): string {
    return this.tail;
  }

  /** End of stream: the rest becomes a line of its own. */
  flush(): string[] {
    const t = this.tail;
    this.tail = '';
    return t ? [t.endsWith('\r') ? t.slice(0, -1) : t] : [];
  }
}

/** The interface column of a `tcpdump -i any` line ("01:21:41.539432 lan0  In  IP ..."), or null for status lines. */
export function tcpdumpInterface(line: string): string | null {
  const m = /^\d\d:\d\d:\d\d\.\d+\s+(\S+)\s+(?:In|Out|P|M|B|U)\s/.exec(line);
  return m ? m[1]! : null;
}

/** A password or passphrase prompt waiting for the operator (sudo, ssh). */
export function awaitsInput(partial: string): boolean {
  return /(password|passphrase|\[sudo\])[^\n]*:\s*$/i.test(partial);
}
