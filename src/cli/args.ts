// Why: one way to read a subcommand's flags: node's parseArgs, strict, with mistakes turned into one-line usage errors.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../util/errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], options: Options, maxPositionals = 0): Parsed {
  let r;
  try {
    r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw usageError(`${command}: ${msg?.replace(/\. To specify a positional.*$/, '')}; see \`gatewalk ${command} --help\``);
  }
  if (r.positionals.length > maxPositionals && !r.values.help) {
    throw usageError(`${command}: unexpected argument "${r.positionals[maxPositionals]}"; see \`gatewalk ${command} --help\``);
  }
  return { values: r.values as Parsed['values'], positionals: r.positionals };
}

export function str(p: Parsed, key: string): string | undefined {
  const v = p.values[key];
  return typeof v === 'string' ? v : undefined;
}

export function oneOf<T extends string>(command: string, flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${command}: --${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
