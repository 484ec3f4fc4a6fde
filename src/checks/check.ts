// Why: a check is a pure function from evidence to a verdict, known by a stable id that wizard files reference.

import type { Evidence } from '../engine/analyze.js';
import type { Gate, Verdict } from './types.js';
import type { Incident } from '../incident/schema.js';

export interface Check {
  id: string;
  gate: Gate;
  /** One line: what it looks at. */
  title: string;
  run(ev: Evidence): Verdict;
  /** Whether the check belongs to this incident at all (absent: always); one that does not gives no verdict. */
  applies?(inc: Incident): boolean;
}
