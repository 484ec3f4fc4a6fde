// Why: fixtures the recorder captures from the lab for the traffic parsers.

import type { CaptureSpec } from '../capture-spec.js';

export const CAPTURES: CaptureSpec[] = [];
