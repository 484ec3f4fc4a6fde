// Why: a proposed fix as data: each command an argv run as exactly those words, each remark a note that never runs.

import { shQuote } from '../targets/shell-quote.js';

/**
 * One line of a proposed fix. `argv`: a command; applying the fix runs exactly these words on the
 * gateway (no shell reads them), `note` then says why. Without `argv`: advice for the operator
 * (a placeholder to fill in, a config file to edit); shown, never run.
 */
export type FixLine = { argv: string[]; note?: string } | { note: string };

/** A command of a fix; every word stays one word, whatever it holds. */
export function cmd(...argv: string[]): FixLine {
  return { argv };
}

/** A command with a remark shown after it. */
export function cmdWhy(note: string, ...argv: string[]): FixLine {
  return { argv, note };
}

/** A line for the operator only. */
export function note(text: string): FixLine {
  return { note: text };
}

/**
 * A fix that needs a shell construct (a redirect): `sh -c SCRIPT`, the script made from a fixed
 * template in which every interpolated word is quoted with `shQuote`, so the shell reads it back as
 * that one word. Use a plain `cmd` wherever no shell construct is needed.
 */
export function shScript(strings: TemplateStringsArray, ...words: string[]): FixLine {
  let script = strings[0] ?? '';
  words.forEach((w, i) => (script += shQuote(w) + (strings[i + 1] ?? '')));
  return { argv: ['sh', '-c', script] };
}

export function isCommand(l: FixLine): l is { argv: string[]; note?: string } {
  return 'argv' in l;
}

/**
 * An argument after the first that holds '=' needs no quotes (it is no assignment there, and zsh
 * expands only a leading '='), so `sysctl -w a.b=1` reads as typed; everything else is `shQuote`d.
 */
const PLAIN_ARG = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+:,./=-]*$/;

/** The argv joined with POSIX quoting: a shell reads it back as exactly the same words. */
export function argvText(argv: readonly string[]): string {
  return argv.map((w, i) => (i > 0 && PLAIN_ARG.test(w) ? w : shownWord(w))).join(' ');
}

/** `shQuote`, except that a NUL (no command can carry one; a damaged journal might) is shown inside the quotes instead of refused. */
function shownWord(w: string): string {
  return w.includes('\0') ? `'${w.replace(/'/g, `'\\''`)}'` : shQuote(w);
}

/** The display form: the argv joined with POSIX quoting (what a shell would read back as the same words), then its note. */
export function fixLineText(l: FixLine): string {
  if (!isCommand(l)) return `# ${l.note}`;
  return l.note ? `${argvText(l.argv)}   # ${l.note}` : argvText(l.argv);
}

/** Whether applying the fix would run anything. */
export function hasCommands(fix: readonly FixLine[]): boolean {
  return fix.some(isCommand);
}

/** What nft reads back as one word when it joins its arguments: names, numbers, addresses, prefixes. */
const NFT_WORD = /^[A-Za-z0-9_][A-Za-z0-9_./:-]*$/;

/**
 * An nft command. nft joins its arguments with spaces and parses the result again, so a word from
 * the evidence (a table or chain name) that it would not read back as that one word turns the
 * command into a note to do by hand. `tail` holds fixed words of gatewalk's own (a comment).
 */
export function nftCmd(words: string[], tail: string[] = []): FixLine {
  const odd = words.find((w) => !NFT_WORD.test(w));
  if (odd !== undefined) return note(`by hand, nft would not read ${JSON.stringify(odd)} back as one word: nft ${words.join(' ')}`);
  return { argv: ['nft', ...words, ...tail] };
}
