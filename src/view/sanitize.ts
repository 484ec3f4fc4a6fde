// Why: text from remote hosts may carry escape sequences, C1 controls or bidi overrides; show them visibly escaped, never raw.

/** Control characters (C0 but tab, DEL, C1), bidi controls and other invisible format characters become \xNN / \u{NNNN}. */
export function visible(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x09) out += ch;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c <= 0x9f) out += `\\x${c.toString(16)}`;
    else if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return out;
}

/** Like visible(), and also line/paragraph separators, the Arabic letter mark, soft hyphen, word joiners, invisible operators, tag characters and lone surrogates: for reports, where any invisible character is suspect. */
export function visibleStrict(s: string): string {
  if (/^[\x20-\x7e\t]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const hidden =
      c === 0x00ad || c === 0x061c || c === 0x180e || c === 0x2028 || c === 0x2029 || (c >= 0x2060 && c <= 0x2064) || (c >= 0x206a && c <= 0x206f) ||
      (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfff9 && c <= 0xfffb) || (c >= 0xe0000 && c <= 0xe007f);
    out += hidden ? `\\u{${c.toString(16).toUpperCase()}}` : visible(ch);
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** visible(), without rebuilding the string when nothing in it needs escaping (the common case for a flood of pane lines). */
export function visibleFast(s: string): string {
  return NEEDS_ESCAPE.test(s) ? visible(s) : s;
}
