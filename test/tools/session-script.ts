// Why: the decisions the SIGKILL driver makes, as a pure function of their number, so the test can say what every acked decision must be.

import type { Gate, Status } from '../../src/checks/types.js';

const GATES: Gate[] = [1, 2, 3, 4, 'mtu'];
const ACTIONS = ['accept', 'override', 'skip'] as const;
const OVERRIDE_TO: Status[] = ['PASS', 'FAIL', 'WARN', 'UNKNOWN'];

/** Decision number i of the script (the test recomputes it to check what was acked). */
export function scripted(i: number): { gate: Gate; action: (typeof ACTIONS)[number]; reason?: string; status?: Status } {
  const gate = GATES[i % GATES.length]!;
  const action = ACTIONS[Math.floor(i / GATES.length) % ACTIONS.length]!;
  return action === 'override' ? { gate, action, reason: `reason ${i}`, status: OVERRIDE_TO[i % OVERRIDE_TO.length]! } : { gate, action };
}
