// Why: read an incident file into a typed Incident, or one error line that names the file, line and field.

import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { incidentSchema, type Incident } from './schema.js';

export type IncidentResult = { ok: true; incident: Incident } | { ok: false; error: string };

/** Pure: text in, incident or one-line error out (never throws). */
export function parseIncident(text: string, file = 'incident'): IncidentResult {
  const lc = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  } catch (e) {
    return { ok: false, error: `${file}: not YAML: ${String(e)}` };
  }
  const yerr = doc.errors[0];
  if (yerr) {
    const pos = lc.linePos(yerr.pos[0]);
    return { ok: false, error: `${file}:${pos.line}: ${yerr.message.split('\n')[0]}` };
  }
  const parsed = incidentSchema.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, incident: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { ok: false, error: `${file}: invalid` };
  const path = issue.path.map(String);
  const line = lineOf(doc.contents as Node | null, path, lc);
  return { ok: false, error: `${file}${line ? `:${line}` : ''}: ${path.join('.') || '(top)'}: ${issue.message}` };
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
