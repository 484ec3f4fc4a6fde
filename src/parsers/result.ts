// Why: the one shape every parser returns: typed facts, or a structured error; parsers never throw.

export type ParseErrorCode =
  /** Nothing to read (empty output). */
  | 'empty'
  /** The text is not what this command prints. */
  | 'unrecognized'
  /** The command itself reported an error (e.g. "RTNETLINK answers: No route to host" on its own). */
  | 'command-error'
  /** JSON that does not parse or has the wrong shape. */
  | 'bad-json';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  /** 1-based line of the input where the problem is, when there is one. */
  line?: number;
}

export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: ParseError };

export interface Parser<T = unknown> {
  /** Stable id; also the folder under snapshots/commands/. */
  id: string;
  /** The command(s) it reads, for people: "ip route get", "ip -j route get". */
  commands: string[];
  parse(text: string): Parsed<T>;
}

export function ok<T>(value: T, warnings: string[] = []): Parsed<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(code: ParseErrorCode, message: string, line?: number): Parsed<T> {
  return { ok: false, error: line === undefined ? { code, message } : { code, message, line } };
}
