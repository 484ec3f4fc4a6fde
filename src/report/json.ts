// Why: pure: journal records -> the report as one JSON object (the same model the Markdown renders; prose as plain text).

import type { JournalRecord } from '../journal/events.js';
import { buildReport } from './model.js';
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

export function renderJson(records: JournalRecord[], opts: RenderOptions = {}): object {
  const p = opts.redactAddresses;
  const built = buildReport(records);
  const m = p ? p.value(built) : built;
  return { format: 'gatewalk-report', version: REPORT_JSON_VERSION, ...(flatten(m, null) as object) };
}
