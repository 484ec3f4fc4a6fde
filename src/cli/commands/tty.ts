// Why: the full-screen commands need a terminal on both ends; without one they say so in one line (exit 2).

import { usageError } from '../../util/errors.js';

export function requireTty(command: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw usageError(`${command}: needs a terminal (stdin and stdout must be a TTY); for a headless run use \`gatewalk check\``);
  }
}
