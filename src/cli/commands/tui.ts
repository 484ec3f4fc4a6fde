// Why: `gatewalk tui --incident FILE` (and `gatewalk --incident FILE`): the live wizard, panes streaming from both gateways.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadWizard } from '../../engine/wizard.js';
import { readIncidentFile } from '../../incident/read-file.js';
import { liveSession } from '../../session/open.js';
import { execRunner } from '../../targets/exec-runner.js';
import { localTarget } from '../../targets/target.js';
import { liveSources } from '../../tui/live-sources.js';
import { runTui } from '../../tui/run.js';
import { runSetup } from '../../tui/setup.js';
import { realClock } from '../../tui/scheduler.js';
import { EXIT, usageError } from '../../util/errors.js';
import { parse, str } from '../args.js';
import type { Io } from '../io.js';
import { exitSoon } from './exit-soon.js';
import { requireTty } from './tty.js';
import { wizardOptions } from './wizard-options.js';

export const TUI_HELP = `Usage: gatewalk tui [--incident FILE] [--journal FILE]
       gatewalk [--incident FILE] [--journal FILE]

The live wizard: walks the incident's test pair through the four gates and MTU over ssh, with
live panes on both gateways (tcpdump on the LAN and tunnel interfaces, tunnel counters, conntrack
events). Read-only by default: a fix runs only after a confirm that shows the exact commands and
host. Every command, verdict and decision is journaled; e exports the Markdown report.

  --incident FILE   the incident file (see README.md); without it a short form asks for the test
                    pair and both gateways, validates them and saves the incident file first
  --journal FILE    where the journal goes (default: a new file under $XDG_STATE_HOME/gatewalk)

Keys: ? in the wizard lists them. Exit: 0 quit, 2 usage or incident-file error or no terminal.
`;

export async function tuiCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('tui', argv, { incident: { type: 'string' }, journal: { type: 'string' } });
  if (p.values.help) {
    io.out(TUI_HELP);
    return EXIT.ok;
  }
  requireTty('tui');
  let file = str(p, 'incident');
  if (!file) {
    const saved = await runSetup(process.env);
    if (!saved) {
      io.out('gatewalk: setup cancelled; nothing saved\n');
      return EXIT.ok;
    }
    io.err(`gatewalk: incident saved to ${saved}\n`);
    file = saved;
  }
  const parsed = readIncidentFile(file);
  if (!parsed.ok) throw usageError(parsed.error.startsWith('cannot read') ? `tui: ${parsed.error}` : parsed.error);
  const inc = parsed.incident;
  if (inc.ssh_config && !existsSync(inc.ssh_config)) throw usageError(`${file}: ssh_config: ${inc.ssh_config} does not exist`);
  const runner = execRunner();
  const journalPath = str(p, 'journal');
  const session = await liveSession({ incidentFile: resolve(file), runner, title: inc.title, ...(journalPath ? { journalPath } : {}) });
  const controlDir = mkdtempSync(join(tmpdir(), 'gatewalk-panes-'));
  const sources = liveSources(inc, runner, controlDir, realClock);
  let code: number = EXIT.internal;
  try {
    const exit = await runTui(wizardOptions(session, inc, loadWizard(), sources, true));
    io.out(`gatewalk: ${exit.reason}; journal ${session.state().journalPath} (gatewalk resume / gatewalk report read it)\n`);
    code = exit.code;
  } finally {
    for (const c of sources.closers) await runner.run(localTarget(), { argv: c, timeoutMs: 5000 });
    rmSync(controlDir, { recursive: true, force: true });
  }
  exitSoon(code);
  return code;
}
