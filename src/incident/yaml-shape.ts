// Why: one linear walk over the composed YAML tree (nothing expanded yet): no anchors or aliases, plain unique keys, each problem with its line and key.

import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface ShapeProblem {
  line: number | null;
  /** Dotted key path ("sites.a.lan.0"), "(top)" at the top. */
  path: string;
  message: string;
}

/** Longest key shown in a message; longer ones are cut with an ellipsis. */
const KEY_SHOWN = 40;

/** Text from the file as it may appear in a one-line message: control and invisible characters escaped, cut after `max` characters. */
export function plainText(s: string, max: number): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A key as it may appear in a message. */
export function shownKey(k: string): string {
  return plainText(k, KEY_SHOWN);
}

export function pathText(path: readonly string[]): string {
  return path.length ? path.map(shownKey).join('.') : '(top)';
}

/** A node to visit and how it was reached (the path is only spelled out for a problem, so depth costs nothing per node). */
interface Step {
  node: unknown;
  key: string | null;
  up: Step | null;
}

function pathOf(step: Step): string[] {
  const out: string[] = [];
  for (let s: Step | null = step; s; s = s.up) if (s.key !== null) out.push(s.key);
  return out.reverse();
}

/**
 * Anchors (`&name`) and aliases (`*name`) are refused: an incident has no use for them, and
 * expanding nested aliases is how a few hundred bytes become gigabytes. Every mapping's keys must
 * be scalars, unique by their text (`1` and `"1"` would be the same property). The walk keeps its
 * own stack, so depth costs no recursion, and a Set per mapping, so the work grows with the
 * number of nodes, not with its square (the yaml library's own uniqueKeys compares each key with
 * every earlier one).
 */
export function checkShape(root: Node | null, lc: LineCounter): ShapeProblem | null {
  const lineAt = (n: { range?: readonly number[] | null | undefined } | null | undefined) => (n?.range ? lc.linePos(n.range[0]!).line : null);
  const stack: Step[] = [{ node: root, key: null, up: null }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const here = top;
    const { node } = here;
    const path = () => pathOf(here);
    if (node === null || node === undefined) continue;
    if (isAlias(node)) return { line: lineAt(node), path: pathText(path()), message: `YAML alias *${shownKey(node.source)}: anchors and aliases are not accepted in an incident file; write the value out` };
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) return { line: lineAt(node as Node), path: pathText(path()), message: `YAML anchor &${shownKey(anchor)}: anchors and aliases are not accepted in an incident file; write the value out` };
    if (isMap(node)) {
      const seen = new Map<string, number | null>();
      const children: Step[] = [];
      for (const pair of node.items) {
        const k = pair.key as unknown;
        if (isAlias(k) || (k as { anchor?: string } | null)?.anchor) {
          const what = isAlias(k) ? `alias *${shownKey(k.source)}` : `anchor &${shownKey((k as { anchor: string }).anchor)}`;
          return { line: lineAt(k as Node), path: pathText(path()), message: `YAML ${what} on a key: anchors and aliases are not accepted in an incident file; write the key out` };
        }
        if (!isScalar(k)) return { line: lineAt(k as Node) ?? lineAt(node), path: pathText(path()), message: 'a key must be a plain word, not a list or mapping' };
        const key = String(k.value);
        const line = lineAt(k);
        if (seen.has(key)) {
          const first = seen.get(key);
          return { line, path: pathText([...path(), key]), message: `duplicate key${first ? ` (first at line ${first})` : ''}; keep one` };
        }
        seen.set(key, line);
        children.push({ node: pair.value, key, up: here });
      }
      // Reversed onto the stack, so the values are visited in file order.
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], key: String(i), up: here });
    }
  }
  return null;
}
