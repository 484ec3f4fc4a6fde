// Why: view lines (segments with a style name) become blessed tag strings here; every text is escaped, so remote text cannot inject tags.

import { stripSgr, type Line, type Style } from '../view/styled.js';

const COLOUR: Record<Style, [string, string]> = {
  pass: ['{green-fg}', '{/green-fg}'],
  fail: ['{red-fg}{bold}', '{/bold}{/red-fg}'],
  warn: ['{yellow-fg}', '{/yellow-fg}'],
  unknown: ['{magenta-fg}', '{/magenta-fg}'],
  pending: ['', ''],
  running: ['{cyan-fg}', '{/cyan-fg}'],
  dim: ['{gray-fg}', '{/gray-fg}'],
  bold: ['{bold}', '{/bold}'],
  key: ['{cyan-fg}{bold}', '{/bold}{/cyan-fg}'],
  title: ['{black-fg}{cyan-bg}', '{/cyan-bg}{/black-fg}'],
  alert: ['{white-fg}{red-bg}', '{/red-bg}{/white-fg}'],
  focus: ['{inverse}', '{/inverse}'],
};

/** Monochrome keeps what every terminal has: bold and inverse. */
const MONO: Record<Style, [string, string]> = {
  pass: ['', ''],
  fail: ['{bold}', '{/bold}'],
  warn: ['', ''],
  unknown: ['', ''],
  pending: ['', ''],
  running: ['', ''],
  dim: ['', ''],
  bold: ['{bold}', '{/bold}'],
  key: ['{bold}', '{/bold}'],
  title: ['{inverse}', '{/inverse}'],
  alert: ['{inverse}', '{/inverse}'],
  focus: ['{inverse}', '{/inverse}'],
};

export function escapeTags(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

export function toTags(line: Line, mono: boolean): string {
  const table = mono ? MONO : COLOUR;
  return line
    .map((s) => {
      // Our own Markdown renderer's colours pass through (blessed reads SGR); NO_COLOR drops them.
      const text = escapeTags(s.ansi && mono ? stripSgr(s.text) : s.text);
      if (!s.style) return text;
      const [open, close] = table[s.style];
      return open + text + close;
    })
    .join('');
}

export function linesToTags(lines: Line[], mono: boolean): string {
  return lines.map((l) => toTags(l, mono)).join('\n');
}
