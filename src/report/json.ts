// Why: pure: journal records -> the report as one JSON object (the same model the Markdown renders; prose as plain text).

import type { JournalRecord } from '../journal/events.js';
import type { JournalIndex } from './journal-index.js';
import { buildReport, redactModel } from './model.js';
import type { RenderOptions } from './markdown.js';
import { plain, type Text } from './text.js';

export const REPORT_JSON_VERSION = 1;

/** Model fields that hold Text (prose segments): plain strings in JSON. */
const TEXT_KEYS = new Set(['headline', 'resolution', 'text', 'because']);

function flatten(v: unknown, key: string | null): unknown {
  if (key !== null && TEXT_KEYS.has(key) && Array.isArray(v)) return plain(v as Text);
  if (key === 'operator' && Array.isArray(v)) return (v as Text[]).map(plain);
  if (Array.isArray(v)) return v.map((x) => flatten(x, null));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flatten(x, k)]));
  return v;
}

export function renderJson(records: readonly JournalRecord[] | JournalIndex, opts: RenderOptions = {}): object {
  const p = opts.redactAddresses;
  const built = buildReport(records, opts.integrity);
  const m = p ? redactModel(built, p) : built;
  return { format: 'gatewalk-report', version: REPORT_JSON_VERSION, ...(flatten(m, null) as object) };
}

/** Characters JSON may carry raw that a terminal or an editor would act on or hide (DEL, C1, bidi, separators, invisibles). */
const SHOWN_ESCAPED = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;

/** The report as JSON text: the same value as JSON.stringify, with those characters written as \uXXXX escapes. */
export function jsonText(v: unknown): string {
  return (JSON.stringify(v, null, 2) + '\n').replace(SHOWN_ESCAPED, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
