// Why: `gatewalk check`: the diagnosis engine without the screen, on live hosts (--incident) or a recorded scenario (--replay).

import { fixLineText, isCommand, type FixLine } from '../../checks/fix.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, GatewalkError, usageError } from '../../util/errors.js';
import { execRunner } from '../../targets/exec-runner.js';
import { readIncidentFile } from '../../incident/read-file.js';
import type { Incident } from '../../incident/schema.js';
import type { Diagnosis } from '../../engine/diagnose.js';
import type { Recording } from '../../engine/recording.js';
import type { SessionController } from '../../session/controller.js';
import { liveSession, oneSidedName, replaySession, scenarioDir } from '../../session/open.js';
import { VENDORS, type Vendor } from '../../incident/schema.js';
import { checkReport } from '../../view/check-report.js';
import { parse, str } from '../args.js';
import type { Io } from '../io.js';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

export const CHECK_HELP = `Usage: gatewalk check --incident FILE [--json] [--journal FILE]
       gatewalk check --replay SCENARIO [--json] [--journal FILE]

Walk the test pair through the four gates and MTU, headless, and print a verdict per gate with
the lines of evidence that decided it. Read-only: fixes are printed, never run.

  --incident FILE   the incident file (test pair, both sites, how to reach each gateway)
  --replay NAME     a recorded scenario under snapshots/scenarios (e.g. wireguard--missing-route),
                    or a path to one: no root, no network
  --one-sided VENDOR  with --replay: replay it as if site B's gateway could not be logged into
                    (its data left out; VENDOR: cisco-asa, fortigate, paloalto, aws-vpn, ..., other)
  --json            one JSON object: {"gates": [...], "failure": null | {gate, cause, side, ...},
                    "pair": {protocol, status: works|partial|fails|unknown, summary, ...},
                    "seenAt": [{point, host, iface, toward, back, ...}], "lastSeen": ...}
  --journal FILE    the journal: every command (intent before, outcome after), every verdict, as
                    checksummed JSON lines, synced to disk; default: a new file under
                    $XDG_STATE_HOME/gatewalk/journals (~/.local/state/...), its path printed

Exit status:
  0  every gate passed or warned, and the test pair works
  1  a gate failed (the output names the gate, cause and side)
  2  usage or incident-file error
  3  a gateway unreachable, or the journal could not be written
  4  undecided: the test pair fails (or was not measured) and no cause was found, or a gate is UNKNOWN
`;

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const p = parse('check', argv, { incident: { type: 'string' }, replay: { type: 'string' }, json: { type: 'boolean' }, journal: { type: 'string' }, 'one-sided': { type: 'string' } });
  if (p.values.help) {
    io.out(CHECK_HELP);
    return EXIT.ok;
  }
  const incidentFile = str(p, 'incident');
  const view = str(p, 'one-sided');
  if (view !== undefined && !str(p, 'replay')) throw usageError('check: --one-sided VENDOR goes with --replay (a live incident says so itself: sites.b.gateway.target: { none: true })');
  if (view !== undefined && !(VENDORS as readonly string[]).includes(view)) throw usageError(`check: --one-sided: "${view}" is not a vendor; one of ${VENDORS.join(', ')}`);
  const replay = view !== undefined && str(p, 'replay') ? oneSidedName(str(p, 'replay')!, view as Vendor) : str(p, 'replay');
  if (!incidentFile === !replay) throw usageError('check: give exactly one of --incident FILE or --replay SCENARIO; see `gatewalk check --help`');
  const journalPath = str(p, 'journal');
  const choice = { ...(journalPath ? { journalPath } : {}), announce: (path: string) => io.err(`gatewalk: journal: ${path}\n`) };
  // Everything that can be wrong with the arguments is said before a journal is created.
  let session: SessionController;
  let source: string;
  if (replay) {
    scenarioDirOrUsage(replay);
    session = await replaySession(replay, choice);
    source = `replay of ${replay}`;
  } else {
    const file = resolve(incidentFile!);
    const inc = readIncident(file);
    session = await liveSession({ ...choice, incidentFile: file, runner: execRunner(), title: inc.title, progress: (l) => io.err(`gatewalk: ${l}\n`) });
    source = `live, ${file}`;
  }
  // Interrupted (Ctrl-C, kill, hang-up): the journal says so before the process goes.
  const onSignal = (sig: NodeJS.Signals) => {
    io.err(`gatewalk: ${sig}: stopped; the journal records it\n`);
    void session.close('signal').finally(() => process.exit(128 + (SIGNALS[sig as keyof typeof SIGNALS] ?? 1)));
  };
  // `on`, not `once`: execa's signal-exit re-raises a signal that no other listener is left to handle.
  for (const sig of Object.keys(SIGNALS)) process.on(sig, onSignal);
  let code: number;
  try {
    await session.run();
    const { incident: inc, recording: rec, diagnosis: d } = session.lastRun()!;
    if (p.values.json) io.out(JSON.stringify(toJson(d, rec), null, 2) + '\n');
    else io.out(checkReport(inc, d, { source }));
    if (rec.unreachable.some((r) => r === 'gwA' || r === 'gwB')) {
      io.err(`${unreachableLine(inc, rec)}\n`);
      code = EXIT.unreachable;
    } else code = exitFor(d);
  } catch (e) {
    await session.close('error').catch(() => {});
    throw e;
  } finally {
    for (const sig of Object.keys(SIGNALS)) process.off(sig, onSignal);
  }
  await session.close('done');
  return code;
}

/** The exit status of a diagnosis whose gateways were reached: automation reads it, so it never says "fine" when the pair is not. */
export function exitFor(d: Diagnosis): number {
  if (d.failure) return EXIT.failed;
  if (d.gates.some((g) => g.status === 'FAIL')) return EXIT.failed;
  if (d.pair && d.pair.status !== 'works') return EXIT.undecided;
  if (d.gates.some((g) => g.status === 'UNKNOWN')) return EXIT.undecided;
  return EXIT.ok;
}

function scenarioDirOrUsage(name: string): void {
  try {
    scenarioDir(name);
  } catch (e) {
    if (e instanceof GatewalkError) throw usageError(`check: ${e.message}`);
    throw e;
  }
}

function readIncident(file: string): Incident {
  const r = readIncidentFile(file);
  if (!r.ok) throw usageError(r.error.startsWith('cannot read') ? `check: ${r.error}` : r.error);
  if (r.incident.ssh_config && !existsSync(r.incident.ssh_config)) throw usageError(`${file}: ssh_config: ${r.incident.ssh_config} does not exist`);
  return r.incident;
}

/** A fix in the JSON output: `fix` as shown (argv shell-quoted, notes after #), `fixArgv` the argv of each command line. */
function jsonFix<T extends { fix: FixLine[] }>(v: T): Omit<T, 'fix'> & { fix: string[]; fixArgv: string[][] } {
  return { ...v, fix: v.fix.map(fixLineText), fixArgv: v.fix.filter(isCommand).map((l) => l.argv) };
}

function toJson(d: Diagnosis, rec: Recording): unknown {
  return {
    gates: d.gates.map((g) => ({
      gate: g.gate,
      status: g.status,
      finding: g.deciding?.finding ?? null,
      cause: g.deciding?.status === 'FAIL' ? g.deciding.cause : null,
      evidence: g.deciding?.evidence ?? [],
      checks: g.verdicts.map(jsonFix),
    })),
    failure: d.failure && jsonFix(d.failure),
    pair: d.pair ?? null,
    seenAt: d.seenAt ?? [],
    lastSeen: d.lastSeen ?? null,
    unreachable: rec.unreachable,
    traffic: Object.values(rec.traffic).map((c) => ({ id: c.id, role: c.role, argv: c.argv, exitCode: c.exitCode })),
  };
}

/** One line per unreachable host: ssh's own reason, and the command that tries the same login (with the ssh config actually in use). */
export function unreachableLine(inc: Incident, rec: Recording): string {
  const cfg = inc.ssh_config ? resolve(inc.ssh_config) : null;
  const hosts = rec.unreachable.map((role) => {
    const t = role === 'gwA' ? inc.sites.a.gateway.target : role === 'gwB' ? inc.sites.b.gateway.target : role === 'hostA' ? inc.sites.a.host?.target : inc.sites.b.host?.target;
    const name = t && 'ssh' in t ? t.ssh : role;
    const why = rec.unreachableWhy?.[role];
    return `${name} (${role})${why ? `: ssh said "${why}"` : ''}`;
  });
  const how = cfg ? `ssh -F ${cfg} HOST true` : 'ssh HOST true (your ~/.ssh/config and /etc/ssh/ssh_config apply; set ssh_config in the incident to use another file)';
  return `gatewalk: could not reach ${hosts.join('; ')}; check the login with \`${how}\` and run again`;
}
