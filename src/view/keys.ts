// Why: the key table as data (key, action, description, dangerous); the `?` help and the status line are generated from it.

export type Action =
  | 'focus-next'
  | 'focus-prev'
  | 'jump-pane'
  | 'zoom'
  | 'filter'
  | 'pause'
  | 'scroll-up'
  | 'scroll-down'
  | 'step-up'
  | 'step-down'
  | 'prev-gate'
  | 'next-gate'
  | 'accept'
  | 'override'
  | 'skip'
  | 'rerun'
  | 'fix'
  | 'export'
  | 'help'
  | 'quit';

export interface KeyBinding {
  /** blessed key names. */
  keys: string[];
  /** What the help shows for the key(s). */
  label: string;
  action: Action;
  description: string;
  /** Changes something outside gatewalk (runs a command on a gateway). */
  dangerous: boolean;
  /** Shown in the status line. */
  status?: string;
  /** Described together with the binding before it in the help. */
  hidden?: boolean;
}

export const KEYS: readonly KeyBinding[] = [
  { keys: ['tab'], label: 'Tab', action: 'focus-next', description: 'focus the next pane', dangerous: false },
  { keys: ['S-tab'], label: 'Shift-Tab', action: 'focus-prev', description: 'focus the previous pane', dangerous: false },
  { keys: ['1', '2', '3', '4', '5', '6', '7', '8'], label: '1-8', action: 'jump-pane', description: 'jump to pane N', dangerous: false },
  { keys: ['z'], label: 'z', action: 'zoom', description: 'zoom the focused pane (again: back)', dangerous: false, status: 'zoom' },
  { keys: ['/'], label: '/', action: 'filter', description: 'filter the focused pane (empty: clear)', dangerous: false, status: 'filter' },
  { keys: ['space'], label: 'Space', action: 'pause', description: 'pause or resume the focused pane', dangerous: false, status: 'pause' },
  { keys: ['pageup', 'up'], label: 'PgUp/Up', action: 'scroll-up', description: 'scroll the focused pane back', dangerous: false },
  { keys: ['pagedown', 'down'], label: 'PgDn/Down', action: 'scroll-down', description: 'scroll the focused pane forward', dangerous: false },
  { keys: ['[', 'S-up'], label: '[ / ]', action: 'step-up', description: 'scroll the step panel up / down', dangerous: false },
  { keys: [']', 'S-down'], label: ']', action: 'step-down', description: 'scroll the step panel down', dangerous: false, hidden: true },
  { keys: ['left', 'h'], label: 'Left/h', action: 'prev-gate', description: 'show the previous gate', dangerous: false },
  { keys: ['right', 'l'], label: 'Right/l', action: 'next-gate', description: 'show the next gate', dangerous: false },
  { keys: ['enter'], label: 'Enter', action: 'accept', description: "accept the engine's verdict for this gate", dangerous: false, status: 'accept' },
  { keys: ['o'], label: 'o', action: 'override', description: 'override the verdict (a reason is required)', dangerous: false, status: 'override' },
  { keys: ['s'], label: 's', action: 'skip', description: 'skip this gate', dangerous: false, status: 'skip' },
  { keys: ['r'], label: 'r', action: 'rerun', description: "re-run this gate's probes and checks", dangerous: false, status: 're-run' },
  { keys: ['f'], label: 'f', action: 'fix', description: 'run the proposed fix (a confirm shows commands and host)', dangerous: true, status: 'fix' },
  { keys: ['e'], label: 'e', action: 'export', description: 'export the Markdown incident report', dangerous: false, status: 'export' },
  { keys: ['?'], label: '?', action: 'help', description: 'this help', dangerous: false, status: 'help' },
  { keys: ['q', 'C-c'], label: 'q/Ctrl-C', action: 'quit', description: 'quit (asks first while something runs)', dangerous: false, status: 'quit' },
];

export function actionForKey(name: string, table: readonly KeyBinding[] = KEYS): KeyBinding | undefined {
  return table.find((k) => k.keys.includes(name));
}

/** The help screen's lines, one per binding, dangerous ones marked. */
export function helpLines(table: readonly KeyBinding[] = KEYS, rows = 100): string[] {
  const w = Math.max(...table.map((k) => k.label.length));
  const keys = table.filter((k) => !k.hidden).map((k) => `  ${k.label.padEnd(w)}  ${k.description}${k.dangerous ? ' [!]' : ''}`);
  // Compact on short screens (80x24): no blank lines, one footer line.
  if (rows < table.length + 10) return ['Keys ([!] changes a gateway; Esc or ? closes)', ...keys];
  return ['Keys', '', ...keys, '', '[!] changes a gateway: runs only after a confirm that shows the exact commands and host.', 'A focused pane showing a password prompt takes your typing (never journaled); Esc gives the keys back.', '', 'Esc or ? closes this help.'];
}
