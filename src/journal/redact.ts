// Why: secrets never enter the journal: every string of every event passes through here before it is written.

import { REDACTED, redactOutput } from '../engine/redact-output.js';
import type { JournalEvent } from './events.js';

export { REDACTED };

const KEY = /^[A-Za-z0-9+/]{42,43}=$/;

/** `PrivateKey = X`, `secret = "X"`, `: PSK "X"`, `private-key X`, `"preshared_key": "X"` (a file path after a flag is kept). */
const NAMED =
  /((?:^|[\s"{,;:])"?(?:private[-_ ]?key|preshared[-_ ]?key|psk|secret|shared[-_ ]?secret)"?(?:\s*[=:]\s*|\s+))("?)(?!\(redacted\))([^\s",;}]+)/gim;
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

/** Secrets recognised by their context, plus any literal secret the caller knows. Pure. */
export function redactText(text: string, known: readonly string[] = []): string {
  let t = text;
  for (const s of known) if (s.length >= 8) t = t.split(s).join(REDACTED);
  t = t.replace(NAMED, (m, head: string, quote: string, value: string) => (value.startsWith('/') || value.startsWith('(') ? m : `${head}${quote}${REDACTED}`));
  t = t.replace(XFRM, `$1${REDACTED}`);
  if (t.includes('\t')) t = t.split('\n').map(wgDumpLine).join('\n');
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
