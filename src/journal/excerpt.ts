// Why: an output is journaled as a bounded excerpt plus the size and digest of the whole, so evidence stays small and checkable.

import { createHash } from 'node:crypto';
import type { Excerpt } from './events.js';

export const EXCERPT_CHARS = 4096;

/** `text` must already be redacted. Pure. */
export function excerpt(text: string, max = EXCERPT_CHARS): Excerpt {
  return { excerpt: text.slice(0, max), bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), truncated: text.length > max };
}
