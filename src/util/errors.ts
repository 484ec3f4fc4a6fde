// Why: expected failures carry a stable code and an exit status, so the CLI prints one line and no stack.

/** Exit statuses the CLI uses; documented in README.md. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  /** The journal could not be written (disk full, I/O error): the same status as an unreachable target, the run cannot go on. */
  journalIo: 3,
  /** The test pair fails and no check found why, or a gate could not be judged. */
  undecided: 4,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class GatewalkError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, opts: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GatewalkError';
    this.code = code;
    this.exitCode = opts.exitCode ?? EXIT.failed;
  }
}

/** A mistake in how the tool was called (flags, arguments, bad tokens): exit 2. */
export function usageError(message: string, cause?: unknown): GatewalkError {
  return new GatewalkError('USAGE', message, { exitCode: EXIT.usage, cause });
}

export function isGatewalkError(e: unknown): e is GatewalkError {
  return e instanceof GatewalkError;
}

/** One line, whatever the thrown value was. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
