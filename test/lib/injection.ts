// Why: one injection corpus for the incident fields and the fix builders: shell syntax, options, whitespace, quotes, look-alikes, invisible characters.

/** Each entry: a character or sequence a shell (or a program re-parsing its arguments) could read as more than a literal. */
export const INJECTION_PIECES: ReadonlyArray<[label: string, piece: string]> = [
  ['semicolon', ';'],
  ['command substitution', '$(touch /tmp/gatewalk-pwned)'],
  ['backticks', '`touch /tmp/gatewalk-pwned`'],
  ['newline', '\ntouch /tmp/gatewalk-pwned'],
  ['space', ' touch /tmp/gatewalk-pwned'],
  ['tab', '\t'],
  ['single quote', "'"],
  ['double quote', '"'],
  ['pipe', '|'],
  ['ampersand', '&'],
  ['redirect', '>/tmp/gatewalk-pwned'],
  ['comment', ' #'],
  ['backslash', '\\'],
  ['glob', '*'],
  ['variable', '$HOME'],
  ['GREEK QUESTION MARK U+037E', '\u037E'],
  ['FULLWIDTH SEMICOLON U+FF1B', '\uFF1B'],
  ['ZERO WIDTH SPACE U+200B', '\u200B'],
  ['ZERO WIDTH JOINER U+200D', '\u200D'],
  ['BYTE ORDER MARK U+FEFF', '\uFEFF'],
  ['NO-BREAK SPACE U+00A0', '\u00A0'],
];

/** Hostile values built around a plausible one: the piece appended, prefixed, and a leading option. */
export function hostileValues(plain: string): Array<[label: string, value: string]> {
  const out: Array<[string, string]> = [];
  for (const [label, piece] of INJECTION_PIECES) {
    out.push([`${label} after`, `${plain}${piece}`]);
    out.push([`${label} inside`, `${plain.slice(0, 1)}${piece}${plain.slice(1)}`]);
  }
  out.push(['leading -', `-${plain}`], ['option', '-oProxyCommand=touch'], ['empty', '']);
  return out;
}
