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
