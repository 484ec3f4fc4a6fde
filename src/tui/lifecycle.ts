// Why: the terminal is restored on every way out: q, Ctrl-C, SIGINT, SIGTERM, SIGHUP, an uncaught error or rejected promise.

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

export interface ExitGuards {
  remove(): void;
}

/**
 * `onSignal` ends the screen the normal way (async cleanup allowed); `onCrash` must restore the
 * terminal synchronously, then the process exits 70 with the error on stderr.
 */
export function installExitGuards(onSignal: (code: number) => void, onCrash: (e: unknown) => void): ExitGuards {
  const handlers: Array<[string, (...a: unknown[]) => void]> = [];
  for (const [name, n] of Object.entries(SIGNALS)) handlers.push([name, () => onSignal(128 + n)]);
  const crash = (e: unknown) => {
    try {
      onCrash(e);
    } finally {
      process.stderr.write(`gatewalk: internal error: ${e instanceof Error ? e.message : String(e)}${process.env.GATEWALK_DEBUG && e instanceof Error ? `\n${e.stack}` : ''}\n`);
      process.exit(70);
    }
  };
  handlers.push(['uncaughtException', crash], ['unhandledRejection', crash]);
  for (const [ev, fn] of handlers) process.on(ev as NodeJS.Signals, fn);
  return {
    remove() {
      for (const [ev, fn] of handlers) process.removeListener(ev, fn);
    },
  };
}
