// Why: a test that cannot run here says why; under CI=true it fails instead of skipping.

import type { Test, Callback } from 'uvu';

export interface Skip {
  test: string;
  reason: string;
}

const skipped: Skip[] = [];

export function skippedTests(): readonly Skip[] {
  return skipped;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = Callback<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Suite = Test<any>;

/**
 * Registers tests on `s` that need something the machine may lack (root, a package).
 * `why` is null when they can run. Otherwise each test is recorded as skipped with the reason,
 * or, under CI=true, registered as a failure carrying the reason.
 */
export function gated(s: Suite, suiteName: string, why: string | null): (name: string, fn: Fn) => void {
  return (name, fn) => {
    if (why === null) return s(name, fn);
    if (process.env.CI === 'true') {
      return s(name, () => {
        throw new Error(`cannot run under CI: ${why}`);
      });
    }
    skipped.push({ test: `${suiteName} > ${name}`, reason: why });
  };
}
