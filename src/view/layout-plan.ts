// Why: pure geometry: where each region goes for a terminal size, with panes as a grid on large screens and as tabs on small ones.

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface LayoutPlan {
  header: Rect;
  gateBar: Rect;
  step: Rect | null;
  /** The tab strip when panes collapse to tabs (small screens, or a zoomed pane). */
  tabs: Rect | null;
  /** One entry per pane: where it goes, or null when hidden behind a tab. */
  panes: Array<Rect | null>;
  decision: Rect;
  status: Rect;
  mode: 'grid' | 'tabs' | 'zoom';
}

/** Below this the panes collapse to tabs. */
export const GRID_MIN = { cols: 120, rows: 32 };

/**
 * `columns` groups pane indexes into the grid's columns (gateway A left, gateway B right).
 * `focused` is the pane shown in tabs mode; `zoomed` fills the body with it.
 */
export function planLayout(cols: number, rows: number, columns: number[][], focused: number, zoomed: boolean): LayoutPlan {
  const count = columns.reduce((a, c) => a + c.length, 0);
  const line = (top: number): Rect => ({ top, left: 0, width: cols, height: 1 });
  const bodyTop = 2;
  const bodyHeight = Math.max(3, rows - 4);
  const base = { header: line(0), gateBar: line(1), decision: line(rows - 2), status: line(rows - 1) };
  const hidden = (): Array<Rect | null> => Array.from({ length: count }, () => null);
  if (zoomed) {
    const panes = hidden();
    panes[focused] = { top: bodyTop + 1, left: 0, width: cols, height: bodyHeight - 1 };
    return { ...base, step: null, tabs: { top: bodyTop, left: 0, width: cols, height: 1 }, panes, mode: 'zoom' };
  }
  if (cols < GRID_MIN.cols || rows < GRID_MIN.rows) {
    const stepHeight = Math.max(3, Math.floor(bodyHeight * 0.5));
    const panes = hidden();
    panes[focused] = { top: bodyTop + stepHeight + 1, left: 0, width: cols, height: Math.max(2, bodyHeight - stepHeight - 1) };
    return { ...base, step: { top: bodyTop, left: 0, width: cols, height: stepHeight }, tabs: { top: bodyTop + stepHeight, left: 0, width: cols, height: 1 }, panes, mode: 'tabs' };
  }
  const stepWidth = Math.floor(cols * 0.4);
  const gridWidth = cols - stepWidth;
  const panes = hidden();
  columns.forEach((col, ci) => {
    const left = stepWidth + Math.floor((gridWidth * ci) / columns.length);
    const width = stepWidth + Math.floor((gridWidth * (ci + 1)) / columns.length) - left;
    col.forEach((idx, ri) => {
      const top = bodyTop + Math.floor((bodyHeight * ri) / col.length);
      const height = bodyTop + Math.floor((bodyHeight * (ri + 1)) / col.length) - top;
      panes[idx] = { top, left, width, height };
    });
  });
  return { ...base, step: { top: bodyTop, left: 0, width: stepWidth, height: bodyHeight }, tabs: null, panes, mode: 'grid' };
}
