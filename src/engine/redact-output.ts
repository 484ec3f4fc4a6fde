// Why: command outputs that print secrets (wg dump, wg showconf, ip xfrm state) are redacted before anything keeps them.

export const REDACTED = '(redacted)';
const KEY = /^[A-Za-z0-9+/]{42,43}=$/;

/** Redact by what the command prints; other outputs pass unchanged. Pure. */
export function redactOutput(argv: readonly string[], text: string): string {
  const cmd = argv.join(' ');
  if (argv[0] === 'wg' && argv.includes('dump')) return redactWgDump(text, argv.includes('all'));
  if (argv[0] === 'wg' && (argv[1] === 'showconf' || argv.includes('showconf'))) {
    return text.replace(/^(\s*(PrivateKey|PresharedKey)\s*=\s*)\S+/gim, `$1${REDACTED}`);
  }
  if (/\bip\b.*\bxfrm\b.*\bstate\b/.test(cmd) || (argv[0] === 'ip' && argv.includes('xfrm'))) {
    return text.replace(/^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+)/gm, `$1${REDACTED}`);
  }
  return text;
}

/** `wg show IF dump`: the interface line's private key; each peer line's preshared key. */
function redactWgDump(text: string, all: boolean): string {
  const lines = text.split('\n');
  const off = all ? 1 : 0;
  return lines
    .map((line, i) => {
      const f = line.split('\t');
      // Interface lines have 4 (+1 with "all") fields, peer lines 8 (+1).
      if (f.length === 4 + off && KEY.test(f[off] ?? '')) f[off] = REDACTED;
      else if (f.length === 8 + off && KEY.test(f[off + 1] ?? '')) f[off + 1] = REDACTED;
      else if (i === 0 && f.length >= 2 && KEY.test(f[off] ?? '') && KEY.test(f[off + 1] ?? '')) f[off] = REDACTED;
      return f.join('\t');
    })
    .join('\n');
}
