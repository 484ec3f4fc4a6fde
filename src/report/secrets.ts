// Why: the journal is redacted when written, but a report never prints a command word that looks like a key, whatever the journal holds.

import { REDACTED, redactOutput } from '../engine/redact-output.js';

/** A WireGuard-style base64 key (but the public key after `peer`), a long hex blob (xfrm keys), inside any word. */
const KEYLIKE = /(?<![A-Za-z0-9+/])(?<!\bpeer\s+)[A-Za-z0-9+/]{42,43}=(?![A-Za-z0-9+/=])|\b0x[0-9a-fA-F]{32,}\b/g;
/** Words whose next word is a secret: `--psk X`, `private-key X`, `secret X`. */
const SECRET_FLAG = /^-{0,2}(psk|pre-?shared-?key|private-?key|secret|password|passwd|token)$/i;
/** `psk=X`, `--password=X`, `PrivateKey = X` inside a word. */
const SECRET_ASSIGN = /((?:^|[\s;&])-{0,2}(?:psk|pre-?shared-?key|private-?key|secret|password|passwd|token)\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s;&]+)/gi;

export function redactText(s: string): string {
  return s.replace(KEYLIKE, REDACTED).replace(SECRET_ASSIGN, `$1${REDACTED}`);
}

/** argv with every key-looking word (a WireGuard public key right after `peer` stays), and the word after a secret-naming flag, replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a, i) => {
    const prev = i > 0 ? (argv[i - 1] ?? '') : '';
    if (prev && SECRET_FLAG.test(prev)) return REDACTED;
    if (prev === 'peer') return a;
    return redactText(a);
  });
}

/** An output excerpt: the engine's redaction for what the command prints (public keys in `wg` output are not secrets and stay). */
export function redactExcerpt(argv: readonly string[], text: string): string {
  return redactOutput(argv, text).replace(SECRET_ASSIGN, `$1${REDACTED}`);
}
