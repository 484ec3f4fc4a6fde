// Why: the wizard's prose through marked + marked-terminal, loaded after the first frame (the import costs ~200 ms).

import { unwrap, type ProseRenderer } from '../view/step-panel.js';

/** Resolves to a renderer with a cache (the same prose is drawn every frame). */
export async function loadMarkdown(width: number, colour: boolean): Promise<ProseRenderer> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import('marked'), import('marked-terminal')]);
  const identity = (s: string) => s;
  const plainStyles = colour
    ? {}
    : Object.fromEntries(['code', 'blockquote', 'html', 'heading', 'firstHeading', 'hr', 'listitem', 'table', 'paragraph', 'strong', 'em', 'codespan', 'del', 'link', 'href', 'text'].map((k) => [k, identity]));
  const m = new Marked(markedTerminal({ width, reflowText: false, tab: 2, ...plainStyles }) as never);
  const cache = new Map<string, string[]>();
  return (md) => {
    const hit = cache.get(md);
    if (hit) return hit;
    const out = String(m.parse(unwrap(md))).replace(/\n+$/, '').split('\n');
    cache.set(md, out);
    return out;
  };
}
