// Why: secrets never enter the journal: every string of every event passes through here before it is written.

import { REDACTED, redactOutput } from '../engine/redact-output.js';
import type { JournalEvent } from './events.js';

export { REDACTED };

const KEY = /^[A-Za-z0-9+/]{42,43}=$/;

/** Labels whose value is a secret (with `_`, `-`, a space or nothing between the words; any case; an optional prefix such as `wg_` or `client_`). */
export const SECRET_LABEL = String.raw`(?:[a-z0-9]+[-_])*(?:private[-_ ]?key|preshared[-_ ]?key|pre[-_]shared[-_ ]?key|psk|secret|shared[-_ ]?secret|client[-_]?secret|password|passwd|passphrase|pass|token|access[-_]?token|auth[-_]?token|api[-_]?key|apikey)`;

/** Placeholders people paste instead of a secret: kept, so redacting twice changes nothing. */
const PLACEHOLDER = /^\((?:redacted|none|hidden)\)$|^(?:REDACTED|\*+|x{3,}|<[^>]*>)$/i;

/**
 * `PrivateKey = X`, `secret = "a b c"`, `: PSK 'X'`, `private-key X`, `"password": "X"`, `token=X`,
 * `Password: X`: a quoted value whole, an unquoted one to the end of its word (commas included).
 * After a flag-like label (`private-key /etc/wg/key`) a file path stays; a key-shaped value never does.
 */
const NAMED = new RegExp(String.raw`((?:^|[\s"'{,;:(&?])-{0,2}["']?${SECRET_LABEL}["']?(?:\s+is)?(?:\s*[=:]\s*|\s+))(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^\s"'}]+))`, 'gim');
/** `Bearer X` in a header or a log line. */
const BEARER = /\b(Bearer\s+)(?!\(redacted\))[A-Za-z0-9._~+/=-]{8,}/g;
/** `scheme://user:password@host`: the password. */
const URL_CRED = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)(?!\(redacted\)@)[^\s/@]+@/gi;
/** A PEM private key block: its body. */
const PEM = /(-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----)[\s\S]*?(-----END \2-----)/g;
/** A WireGuard key alone on a line (what `wg genkey` prints): private unless a label says otherwise. */
const BARE_KEY = /^(\s*)[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=(\s*)$/gm;

/** `ip xfrm state`: `enc cbc(aes) 0x...`, `auth-trunc hmac(sha256) 0x... 128`, `aead rfc4106(gcm(aes)) 0x... 128`. */
const XFRM = /^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+)/gm;

/** A `wg show [IF|all] dump` line anywhere: the interface line's private key, a peer line's preshared key. */
function wgDumpLine(line: string): string {
  if (!line.includes('\t')) return line;
  const f = line.split('\t');
  for (const off of [0, 1]) {
    if (!KEY.test(f[off] ?? '') || !KEY.test(f[off + 1] ?? '')) continue;
    if (f.length === 4 + off) f[off] = REDACTED;
    else if (f.length === 8 + off) f[off + 1] = REDACTED;
    else continue;
    return f.join('\t');
  }
  return line;
}

function namedValue(m: string, head: string, dq: string | undefined, sq: string | undefined, bare: string | undefined): string {
  const value = dq ?? sq ?? bare ?? '';
  const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
  if (PLACEHOLDER.test(value)) return m;
  // Prose after a label and a space ("pre-shared key authentication", "secret is"): a lower-case word is not a secret.
  if (bare !== undefined && !/[=:]\s*$/.test(head) && /^[a-z]+[.,;:]?$/.test(bare)) return m;
  // A file path after a flag (`private-key /etc/wireguard/key`) names where the secret is, not the secret; a key-shaped value is masked all the same.
  if (bare !== undefined && /^\s*\S+\s+$/.test(head.replace(/^[\s"'{,;:(&?]/, '')) && bare.startsWith('/') && !KEY.test(bare)) return m;
  return `${head}${quote}${REDACTED}${quote}`;
}

/** Secrets recognised by their context, plus any literal secret the caller knows. Pure; redacting twice gives the same text. */
export function redactText(text: string, known: readonly string[] = []): string {
  let t = text;
  for (const s of known) if (s.length >= 8) t = t.split(s).join(REDACTED);
  t = t.replace(PEM, `$1\n${REDACTED}\n$3`);
  t = t.replace(NAMED, namedValue);
  t = t.replace(BEARER, `$1${REDACTED}`);
  t = t.replace(URL_CRED, `$1${REDACTED}@`);
  t = t.replace(XFRM, `$1${REDACTED}`);
  if (t.includes('\t')) t = t.split('\n').map(wgDumpLine).join('\n');
  t = t.replace(BARE_KEY, `$1${REDACTED}$2`);
  return t;
}

/** A command's output: first by what the command prints (engine/redact-output), then by context. */
export function redactCommandOutput(argv: readonly string[], text: string, known: readonly string[] = []): string {
  return redactText(redactOutput(argv, text), known);
}

/** Every string inside an event, redacted. Pure. */
export function redactEvent<E extends JournalEvent>(ev: E, known: readonly string[] = []): E {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, known);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(ev) as E;
}
