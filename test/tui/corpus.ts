// Why: the escape corpus, shared by the pane-buffer unit test and the end-to-end escape test.

/** Chunks as a hostile host could send them; several sequences are cut in the middle, across chunks. */
export const CORPUS: string[] = [
  'osc52 \x1b]52;c;SEVMTE8=\x07 end\r\n',
  'title \x1b]0;PWNED',
  '-TITLE\x07 and \x1b]2;PWNED2\x1b\\ end\r\n',
  'erase \x1b',
  '[1J\x1b[3J\x1b[1;1H\x1b[6n\x1b[c end\r\n',
  'c1 \u009b31m red \u009d0;X\u009c dcs \u0090q\u009c end\r\n',
  'bidi \u202Eevil\u202C \u2066iso\u2069 \u200Frlm end\r\n',
  'dcs \x1bP1$r\x1b\\ apc \x1b_apc\x1b\\ pm \x1b^pm\x1b\\ bel \x07 end\r\n',
  'tags {red-fg}{bold}not a tag{/bold} end\r\n',
  'split utf8 caf\u00e9 \x1b',
  ']8;;http://evil/\x07link\x1b]8;;\x07 end\r\n',
];

