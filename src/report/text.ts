// Why: report prose mixes our words with journal data; segments keep the two apart so each output format escapes the data its own way.

/** A string is prose (escaped as text); `{code}` is a literal (a command, an address, a quoted line). */
export type Segment = string | { code: string };
export type Text = Segment[];

/** A literal (command, address, host, id): shown as code. */
export function lit(s: string): { code: string } {
  return { code: s };
}

/** Build a Text from a template: interpolated strings and numbers are prose, `lit(x)` a literal, Text values are spliced in. */
export function t(parts: TemplateStringsArray, ...values: Array<string | number | Text | { code: string }>): Text {
  const out: Text = [];
  parts.forEach((p, i) => {
    if (p) out.push(p);
    if (i >= values.length) return;
    const v = values[i]!;
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  });
  return out;
}

/** Plain text (JSON output): code literals in backticks. */
export function plain(x: Text): string {
  return x.map((s) => (typeof s === 'string' ? s : `\`${s.code}\``)).join('');
}

/** Join Texts with a separator of prose. */
export function join(xs: readonly Text[], sep: string): Text {
  const out: Text = [];
  xs.forEach((x, i) => {
    if (i) out.push(sep);
    out.push(...x);
  });
  return out;
}
