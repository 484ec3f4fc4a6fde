// Why: the composition root: pick the subcommand, run it, turn every expected failure into one line and an exit code.

import { readFileSync } from 'node:fs';
import { EXIT, isGatewalkError, oneLine, usageError } from '../util/errors.js';
import { processIo, type Io } from './io.js';

export const HELP = `Usage: gatewalk <command> [options]

Walk one test packet through a site-to-site VPN, gate by gate, with evidence from both gateways.

Commands available in this version:
  check     walk the test pair through the gates, headless (--incident FILE or --replay SCENARIO)
  resume    the wizard back where an incident's journal stopped (--print: as text); nothing re-run
  report    the Markdown (or JSON) incident report built from a journal (report JOURNAL [-o FILE])
  lab       build, break and heal a two-site VPN lab of network namespaces (root)
  train     training: a recorded scenario replayed in the full-screen wizard (train --list)
  tui       the live full-screen wizard (--incident FILE); also \`gatewalk --incident FILE\`

Options:
  -h, --help      this help; \`gatewalk <command> --help\` for a command's own
  -V, --version   print the version

Exit status: 0 success, 1 a check or command failed, 2 usage error, 3 a target unreachable,
70 internal error (GATEWALK_DEBUG=1 shows the stack).
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// Commands load on use: `train` draws its first frame without loading the lab's or check's modules.
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    // On a terminal, plain `gatewalk` opens the live wizard's setup form; piped, it prints the help.
    if (cmd === undefined && process.stdin.isTTY && process.stdout.isTTY) return await (await import('./commands/tui.js')).tuiCommand([], io);
    // `gatewalk --incident FILE [--journal FILE]`, flags in any order and `--flag=value` form.
    if (cmd && /^--(incident|journal)(=|$)/.test(cmd)) return await (await import('./commands/tui.js')).tuiCommand(argv, io);
    switch (cmd) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return EXIT.ok;
      case '-V':
      case '--version':
        io.out(`gatewalk ${version()}\n`);
        return EXIT.ok;
      case 'lab':
        return await (await import('./commands/lab.js')).labCommand(rest, io);
      case 'check':
        return await (await import('./commands/check.js')).checkCommand(rest, io);
      case 'tui':
        return await (await import('./commands/tui.js')).tuiCommand(rest, io);
      case 'train':
        return await (await import('./commands/train.js')).trainCommand(rest, io);
      case 'resume':
        return await (await import('./commands/resume.js')).resumeCommand(rest, io);
      case 'report':
        return await (await import('./commands/report.js')).reportCommand(rest, io);
      default:
        throw usageError(`unknown command "${cmd}"; see \`gatewalk --help\``);
    }
  } catch (e) {
    if (isGatewalkError(e)) {
      io.err(`gatewalk: ${oneLine(e)}\n`);
      return e.exitCode;
    }
    io.err(`gatewalk: internal error: ${oneLine(e)}${process.env.GATEWALK_DEBUG ? `\n${(e as Error).stack ?? ''}` : ' (set GATEWALK_DEBUG=1 for details)'}\n`);
    return EXIT.internal;
  }
}
