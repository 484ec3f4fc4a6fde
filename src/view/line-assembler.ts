// Why: pty output arrives in arbitrary chunks; panes need whole lines, so this joins chunks and splits on newlines (CR LF or LF).

export class LineAssembler {
  private tail = '';

  /** A line longer than this without a newline is cut, so one endless line cannot grow memory. */
  constructor(private readonly maxLine = 4096) {}

  /** Complete lines in this chunk (without their line ending); the unterminated rest is kept for the next chunk. */
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';
    const out = parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    while (this.tail.length > this.maxLine) {
      out.push(this.tail.slice(0, this.maxLine));
      this.tail = this.tail.slice(this.maxLine);
    }
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
