// Why: the tab strip shown when panes collapse: every pane's number and short title, the focused one marked.

import { seg, type Line } from './styled.js';

export function tabStrip(titles: string[], focused: number, width: number): Line {
  const out: Line = [];
  let used = 0;
  titles.forEach((t, i) => {
    const short = t.replace(/^gw([AB]) /, '$1 ').replace(/tcpdump |counters |conntrack/g, (m) => (m.startsWith('tcp') ? '' : m.startsWith('counters') ? 'ctr ' : 'ct'));
    const text = `${i === focused ? '[' : ' '}${i + 1} ${short}${i === focused ? ']' : ' '}`;
    if (used + text.length > width) return;
    used += text.length;
    out.push(seg(text, i === focused ? 'focus' : 'dim'));
  });
  return out;
}
