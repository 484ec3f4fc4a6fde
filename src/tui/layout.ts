// Why: puts the regions where view/layout-plan.ts says, for the current size; called on start and on every resize.

/*
 * Large screens (>= 120x32): panes in a grid, gateway A left, gateway B right.
 *
 *   +--------------------------------------------------------------------------+
 *   | header: mode, incident title, test pair, elapsed, journal                |
 *   | gate bar: Gate 1 .. Gate 4, MTU with status                              |
 *   +---------------------------+----------------------+-----------------------+
 *   | step panel:               | [1] gwA LAN tcpdump  | [3] gwB tunnel tcpdump|
 *   |  verdict, evidence,       +----------------------+-----------------------+
 *   |  proposed fix,            | [2] gwA tunnel       | [4] gwB LAN tcpdump   |
 *   |  steps, prose             +----------------------+-----------------------+
 *   |                           | [5] gwA counters     | [6] gwB counters      |
 *   |                           +----------------------+-----------------------+
 *   |                           | [7] gwA conntrack    | [8] gwB conntrack     |
 *   +---------------------------+----------------------+-----------------------+
 *   | decision bar: the gate's verdict and Enter / o / s / r / f               |
 *   | status line: keys that work now, last message                            |
 *   +--------------------------------------------------------------------------+
 *
 * Small screens (80x24 and up to the grid size): step panel on top, the panes collapse to tabs.
 *
 *   +-----------------------------------------+
 *   | header                                  |
 *   | gate bar (compact)                      |
 *   | step panel                              |
 *   | [1 A LAN lan0] 2 A tunnel wg0  3 ...    |  <- tab strip
 *   | the focused pane                        |
 *   | decision bar                            |
 *   | status line                             |
 *   +-----------------------------------------+
 *
 * z zooms the focused pane over the body (tab strip kept) on any size.
 */

import type { LayoutPlan, Rect } from '../view/layout-plan.js';
import type { Widgets } from './blessed.js';
import type { Regions } from './widgets.js';

function place(w: Widgets.BoxElement, r: Rect | null): void {
  if (!r || r.width < 1 || r.height < 1) {
    w.hide();
    return;
  }
  w.top = r.top;
  w.left = r.left;
  w.width = r.width;
  w.height = r.height;
  w.show();
}

export function applyLayout(regions: Regions, plan: LayoutPlan): void {
  place(regions.header, plan.header);
  place(regions.gateBar, plan.gateBar);
  place(regions.step, plan.step);
  place(regions.tabs, plan.tabs);
  regions.panes.forEach((p, i) => place(p, plan.panes[i] ?? null));
  place(regions.decision, plan.decision);
  place(regions.status, plan.status);
}

/** Gateway A's panes in the left column, B's in the right, in the packet's order. */
export function gridColumns(roles: Array<'gwA' | 'gwB'>): number[][] {
  const a: number[] = [];
  const b: number[] = [];
  roles.forEach((r, i) => (r === 'gwA' ? a : b).push(i));
  return [a, b];
}
