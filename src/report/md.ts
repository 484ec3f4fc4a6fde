// Why: Markdown that untrusted text cannot break: escaped prose, code spans and fences sized past any backtick run, table cells.

import { visibleStrict } from '../view/sanitize.js';

/** Prose from the journal: controls made visible, Markdown syntax escaped, newlines as <br>. One line. */
export function inline(s: string): string {
  return s
    .split(/\r?\n/)
    .map((line) => escapeMd(visibleStrict(line)))
    .join('<br>');
}

/**
 * Backslash-escape what GFM would read as markup: `\\ ` * [ ] < ~ |` always (with `[` and `<` gone,
 * no link, image or HTML can form), `&` before an entity name, `#` and `>` at the start, and `_`
 * only where it could open or close emphasis (never inside a word like rp_filter).
 */
function escapeMd(s: string): string {
  return s
    .replace(/[\\`*[\]<~|]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^([#>+-])/, '\\$1')
    .replace(/(^|[^A-Za-z0-9])_|_(?=[^A-Za-z0-9]|$)/g, (m) => m.replace('_', '\\_'));
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A code span whose delimiter is longer than any backtick run inside; `cell` escapes pipes for a table. */
export function code(s: string, o: { cell?: boolean } = {}): string {
  let body = visibleStrict(s);
  if (!body) return '(empty)';
  const tick = '`'.repeat(longestRun(body, '`') + 1);
  if (body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' '))) body = ` ${body} `;
  if (o.cell) body = body.replace(/\|/g, '\\|');
  return `${tick}${body}${tick}`;
}

/** A fenced block: each line made visible; the fence is longer than any backtick run in the content. */
export function fence(lines: readonly string[], info = 'text'): string {
  const body = lines.map((l) => visibleStrict(l));
  const n = Math.max(3, ...body.map((l) => longestRun(l, '`') + 1));
  const f = '`'.repeat(n);
  return [`${f}${info}`, ...body, f].join('\n');
}

/** A table cell built from Markdown already escaped (inline()/code(..., {cell: true})): no raw newline may remain. */
export function cell(md: string): string {
  return md.replace(/\r?\n/g, '<br>');
}

export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Shorten to `max` characters (counted by code point), saying how much was cut (`quiet`: only an ellipsis). */
export function clip(s: string, max: number, quiet = false): string {
  if (s.length <= max) return s;
  const cps = Array.from(s);
  if (cps.length <= max) return s;
  return `${cps.slice(0, max).join('')}…${quiet ? '' : ` (+${cps.length - max} chars)`}`;
}
