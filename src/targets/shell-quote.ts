// Why: ssh joins its arguments and the remote shell parses them again; each word must reach it as one literal.

// No '=': a first word like A=b would be read as an assignment, and zsh expands a leading '='.
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;
/** Words a shell reads as syntax in command position (POSIX, plus bash and zsh). */
const RESERVED = new Set(
  'case do done elif else esac fi for function if in select then time until while coproc repeat foreach end nocorrect'.split(' '),
);

/** Quote one word for a POSIX shell so that it is read back as exactly that word. */
export function shQuote(word: string): string {
  if (word.includes('\0')) throw new TypeError('a command word cannot contain a NUL byte');
  if (SAFE.test(word) && !RESERVED.has(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Join an argument vector into one string the remote shell splits back into the same vector. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}
