// Why: what the screen itself remembers (focus, zoom, the open prompt, the gate shown), apart from the session's state.

import type { Gate } from '../checks/types.js';
import type { Modal } from '../view/status-line.js';

export interface PendingFix {
  gate: Gate;
  host: string;
  /** The fix's lines as shown (argv quoted for a shell, notes after #). */
  commands: string[];
}

export interface UiState {
  focused: number;
  zoomed: boolean;
  modal: Modal;
  /** Text typed into the open prompt (override reason, filter). */
  input: string;
  /** The gate the step panel shows; null follows the session's current gate. */
  selectedGate: Gate | null;
  message: string;
  fix: PendingFix | null;
  /** Panes whose password prompt the operator dismissed with Esc (until the prompt goes). */
  typingDismissed: Set<number>;
  /** The gate the step panel showed last frame (its scroll goes back to the top when that changes). */
  stepGate: Gate | 'done' | null;
}

export function initialUi(): UiState {
  return { focused: 0, zoomed: false, modal: 'none', input: '', selectedGate: null, message: '', fix: null, typingDismissed: new Set(), stepGate: null };
}
