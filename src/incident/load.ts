// Why: read an incident file into a typed Incident, or one error line that names the file, line and field.

import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { incidentSchema, type Incident } from './schema.js';
import { checkShape, pathText, plainText } from './yaml-shape.js';

export type IncidentResult = { ok: true; incident: Incident } | { ok: false; error: string };

/** Largest incident file accepted, in bytes: a real one is about a kilobyte. */
export const INCIDENT_MAX_BYTES = 256 * 1024;

/** The one-line refusal of an incident of `bytes` bytes. */
export function tooBig(file: string, bytes: number): string {
  return `${file}: ${bytes.toLocaleString('en-US')} bytes; an incident file is at most 256 KiB (${INCIDENT_MAX_BYTES.toLocaleString('en-US')} bytes): keep it to the test pair and the two sites`;
}

/** The yaml library's errors that read better in the tool's words. */
const OWN_WORDS: Partial<Record<string, string>> = {
  RESOURCE_EXHAUSTION: 'nested too deeply for the YAML parser; an incident file is a few levels deep',
  MULTIPLE_DOCS: 'a second YAML document (---); an incident file holds one',
};

/** Pure: text in, incident or one-line error out (never throws). */
export function parseIncident(text: string, file = 'incident'): IncidentResult {
  // Bounded before the YAML parser sees it (the file reader already checked the size on disk).
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > INCIDENT_MAX_BYTES) return { ok: false, error: tooBig(file, bytes) };
  const lc = new LineCounter();
  let doc;
  try {
    // Duplicate keys are checked by checkShape in one pass; the library's own check is quadratic.
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    return { ok: false, error: `${file}: not YAML: ${oneLine(e)}` };
  }
  const yerr = doc.errors[0];
  if (yerr) {
    const pos = lc.linePos(yerr.pos[0]);
    return { ok: false, error: `${file}:${pos.line}: ${OWN_WORDS[yerr.code] ?? oneLine(yerr)}` };
  }
  // Anchors, aliases and duplicate keys, on the tree as written: no alias is ever expanded.
  const shape = checkShape(doc.contents as Node | null, lc);
  if (shape) return { ok: false, error: `${file}${shape.line ? `:${shape.line}` : ''}: ${shape.path}: ${shape.message}` };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    return { ok: false, error: `${file}: not usable YAML: ${oneLine(e)}` };
  }
  const parsed = incidentSchema.safeParse(value);
  if (parsed.success) return { ok: true, incident: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, error: `${file}: invalid` };
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length) {
    // Named one at a time (the first, with its own line), not as one list of every stray key.
    const first = issue.keys[0]!;
    const line = lineOf(doc.contents as Node | null, [...path, first], lc);
    const more = issue.keys.length > 1 ? ` (and ${(issue.keys.length - 1).toLocaleString('en-US')} more)` : '';
    return { ok: false, error: `${file}${line ? `:${line}` : ''}: ${pathText([...path, first])}: unknown key${more}; check its spelling and indentation` };
  }
  const line = lineOf(doc.contents as Node | null, path, lc);
  return { ok: false, error: `${file}${line ? `:${line}` : ''}: ${pathText(path)}: ${plainText(issue.message, 1000)}` };
}

/** The first line of an error from a library, made plain and bounded (it may quote the file). */
function oneLine(e: unknown): string {
  return plainText((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '', 300);
}

/** The line of the deepest node that exists along `path`. */
function lineOf(root: Node | null, path: string[], lc: LineCounter): number | null {
  let node: Node | null = root;
  let line: number | null = node?.range ? lc.linePos(node.range[0]).line : null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === key);
      if (!pair) break;
      const k = pair.key as Node | null;
      if (k?.range) line = lc.linePos(k.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) break;
      if (item.range) line = lc.linePos(item.range[0]).line;
      node = item;
    } else break;
  }
  return line;
}
