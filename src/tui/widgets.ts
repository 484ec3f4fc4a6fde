// Why: the screen's blessed widgets, created once; their place comes from layout.ts, their text from frame.ts.

import type { BlessedModule, Widgets } from './blessed.js';

export interface Regions {
  header: Widgets.BoxElement;
  gateBar: Widgets.BoxElement;
  step: Widgets.BoxElement;
  tabs: Widgets.BoxElement;
  panes: Widgets.BoxElement[];
  decision: Widgets.BoxElement;
  status: Widgets.BoxElement;
  /** Help, prompts and confirms, over everything else. */
  overlay: Widgets.BoxElement;
}

export function createRegions(blessed: BlessedModule, screen: Widgets.Screen, paneCount: number): Regions {
  const box = (opts: Widgets.BoxOptions = {}) => blessed.box({ parent: screen, tags: true, wrap: false, top: 0, left: 0, width: 1, height: 1, ...opts });
  return {
    header: box(),
    gateBar: box(),
    step: box({ wrap: true, scrollable: true, alwaysScroll: true }),
    tabs: box(),
    panes: Array.from({ length: paneCount }, () => box()),
    decision: box(),
    status: box(),
    overlay: box({ hidden: true, wrap: true, border: { type: 'line' }, top: 'center', left: 'center', width: '80%', height: '70%' }),
  };
}
