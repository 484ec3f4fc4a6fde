// Why: `gatewalk lab ...`: build, break, heal, inspect and remove the namespace lab from the command line.

import { existsSync } from 'node:fs';
import { usageError, EXIT } from '../../util/errors.js';
import { execRunner } from '../../targets/exec-runner.js';
import { labName as labNameToken } from '../../targets/tokens.js';
import { openLab } from '../../lab/context.js';
import { labDown } from '../../lab/down.js';
import { FAULTS, applyFault, healFault } from '../../lab/faults.js';
import { requireRoot } from '../../lab/preflight.js';
import { pingOk } from '../../lab/probe.js';
import { labPaths, readState, stillOurs } from '../../lab/state.js';
import { NODES, OVERLAP, SITE_B, VPN_TYPES, nsName, type VpnType } from '../../lab/topology.js';
import { labUp } from '../../lab/up.js';
import { oneOf, parse, str } from '../args.js';
import type { Io } from '../io.js';

export const LAB_HELP = `Usage: gatewalk lab <command> [options]

Build a two-site VPN lab of network namespaces on this machine (root), break it on purpose,
and heal it. Addresses live only inside the lab's namespaces.

Commands:
  up      [--name NAME] [--vpn wireguard|strongswan] [--fault FAULT]   build a lab (default name gw, vpn wireguard)
  down    [--name NAME]                                                remove a lab, also a half-built one
  fault   FAULT [--name NAME]                                          inject a fault into a running lab
  heal    [--name NAME]                                                undo the active fault and re-test
  status  [--name NAME] [--json]                                       what runs, the active fault, file paths
  faults                                                               list the faults

Namespaces are NAME-jump, NAME-hostA, NAME-gwA, NAME-wan, NAME-gwB, NAME-hostB. From the jump namespace:
  ip netns exec NAME-jump ssh -F <ssh config from lab status> gwA
`;

export async function labCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    // Without a subcommand this is a usage error: the help goes to stderr.
    (sub ? io.out : io.err)(LAB_HELP);
    return sub ? EXIT.ok : EXIT.usage;
  }
  const runner = execRunner();
  const nameOf = (p: ReturnType<typeof parse>) => labNameToken('--name', str(p, 'name') ?? 'gw');
  switch (sub) {
    case 'faults': {
      const p = parse('lab faults', rest, {});
      if (p.values.help) return help(io, 'faults');
      io.out(faultTable());
      return EXIT.ok;
    }
    case 'up': {
      const p = parse('lab up', rest, { name: { type: 'string' }, vpn: { type: 'string' }, fault: { type: 'string' } });
      if (p.values.help) return help(io, 'up');
      const name = nameOf(p);
      const vpn = oneOf('lab up', 'vpn', str(p, 'vpn') ?? 'wireguard', VPN_TYPES);
      const fault = str(p, 'fault');
      if (fault) faultFor('lab up', fault, vpn);
      const t0 = performance.now();
      const r = await labUp({ name, vpn, runner, log: (l) => io.err(`lab ${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s: ${l}\n`), ...(fault ? { fault } : {}) });
      const paths = labPaths(name);
      io.out(
        `lab ${name} is up (${vpn}) in ${((performance.now() - t0) / 1000).toFixed(2)} s; first ping hostA -> hostB after ${(r.firstPingMs / 1000).toFixed(2)} s\n` +
          (fault ? `fault: ${fault}\n` : '') +
          `ssh:      ip netns exec ${nsName(name, 'jump')} ssh -F ${paths.sshConfig} gwA\n` +
          `incident: ${paths.incident}\n`,
      );
      return EXIT.ok;
    }
    case 'down': {
      const p = parse('lab down', rest, { name: { type: 'string' } });
      if (p.values.help) return help(io, 'down');
      requireRoot();
      const r = await labDown(nameOf(p), runner);
      if (!r.hadAnything) io.out(`lab ${r.name}: nothing to remove\n`);
      else io.out(`lab ${r.name} removed: ${r.stopped} processes stopped, ${r.namespaces.length} namespaces deleted\n`);
      if (r.strangers.length) io.err(`lab ${r.name}: processes the lab did not start were still inside its namespaces (left running): ${r.strangers.join(' ')}\n`);
      return EXIT.ok;
    }
    case 'fault': {
      const p = parse('lab fault', rest, { name: { type: 'string' } }, 1);
      if (p.values.help) return help(io, 'fault');
      const fault = p.positionals[0];
      if (!fault) throw usageError('lab fault: which fault? `gatewalk lab faults` lists them');
      faultFor('lab fault', fault);
      requireRoot();
      const lab = openRunning(nameOf(p), runner);
      faultFor('lab fault', fault, lab.state.vpn);
      await applyFault(lab, fault);
      io.out(`lab ${lab.name}: fault ${fault} applied\n`);
      return EXIT.ok;
    }
    case 'heal': {
      const p = parse('lab heal', rest, { name: { type: 'string' } });
      if (p.values.help) return help(io, 'heal');
      requireRoot();
      const lab = openRunning(nameOf(p), runner);
      const healed = await healFault(lab);
      const ok = await pingOk(lab, SITE_B.host, { waitS: 2 });
      io.out(`lab ${lab.name}: ${healed ? `fault ${healed} healed` : 'no fault was active'}; ping hostA -> hostB ${ok ? 'answers' : 'FAILS'}\n`);
      return ok ? EXIT.ok : EXIT.failed;
    }
    case 'status': {
      const p = parse('lab status', rest, { name: { type: 'string' }, json: { type: 'boolean' } });
      if (p.values.help) return help(io, 'status');
      const name = nameOf(p);
      requireRoot(); // the lab's directory is root's (0700): without root every lab would look absent
      const st = status(name);
      if (p.values.json) io.out(JSON.stringify(st, null, 2) + '\n');
      else if (!st.exists) io.out(`lab ${name}: not up\n`);
      else {
        io.out(`lab ${name}: ${st.phase} (${st.vpn})${st.fault ? `, fault ${st.fault}` : ''}\n`);
        io.out(`processes: ${st.processes.map((x) => `${x.node}/${x.role}${x.alive ? '' : ' (dead)'}`).join(', ')}\n`);
        io.out(`namespaces: ${st.namespaces.join(' ')}\n`);
        io.out(`ssh config: ${st.paths.sshConfig}\nkey: ${st.paths.key}\nincident: ${st.paths.incident}\n`);
        io.out(`test pair: ${st.testPair.source} -> ${st.testPair.destination}\n`);
      }
      return st.exists ? EXIT.ok : EXIT.failed;
    }
    default:
      throw usageError(`lab: unknown command "${sub}"; see \`gatewalk lab --help\``);
  }
}

const SUB_HELP: Record<string, string> = {
  up: `Usage: gatewalk lab up [--name NAME] [--vpn wireguard|strongswan] [--fault FAULT]

Build a lab (root) and wait for the first ping from hostA to hostB; with --fault, then break it.
  --name NAME   lab name: a lower-case letter, then up to 7 lower-case letters or digits (default gw)
  --vpn TYPE    wireguard (wireguard-go) or strongswan (IKEv2, ESP in UDP); default wireguard
  --fault F     one of the faults below

`,
  down: `Usage: gatewalk lab down [--name NAME]

Stop the daemons the lab started, delete its namespaces and files. Safe to repeat.
`,
  fault: `Usage: gatewalk lab fault FAULT [--name NAME]

Inject a fault into a running lab (one at a time; \`lab heal\` first to change it).

`,
  heal: `Usage: gatewalk lab heal [--name NAME]

Undo the active fault, then ping hostA -> hostB (exit 1 if it still fails).
`,
  status: `Usage: gatewalk lab status [--name NAME] [--json]

The lab's phase, VPN type, active fault, processes, and the paths of its ssh config, key and
incident file (root: the lab's directory is readable by root only).
`,
  faults: `Usage: gatewalk lab faults

The faults a lab can inject, with the gate where gatewalk should find each.

`,
};

function help(io: Io, sub?: string): number {
  const text = sub ? SUB_HELP[sub] : undefined;
  if (!text) io.out(LAB_HELP);
  else io.out(text + (sub === 'up' || sub === 'fault' || sub === 'faults' ? faultTable() : ''));
  return EXIT.ok;
}

function faultTable(): string {
  return FAULTS.map((f) => `${f.name.padEnd(16)} gate ${String(f.gate).padEnd(4)} ${(f.vpns.length === 2 ? 'both' : f.vpns[0]!).padEnd(11)} ${f.summary}\n`).join('');
}

/** Check a fault name (and, when known, that it fits the VPN type) before anything is built or opened. */
function faultFor(command: string, name: string, vpn?: VpnType): void {
  const f = FAULTS.find((x) => x.name === name);
  if (!f) throw usageError(`${command}: unknown fault "${name}"; \`gatewalk lab faults\` lists them`);
  if (vpn && !f.vpns.includes(vpn)) {
    const fix = command === 'lab up' ? `; add --vpn ${f.vpns[0]}` : `, and this lab runs ${vpn}`;
    throw usageError(`${command}: fault ${name} needs a ${f.vpns.join(' or ')} lab${fix}`);
  }
}

function openRunning(name: string, runner: ReturnType<typeof execRunner>) {
  const state = readState(name);
  if (!state || state.phase !== 'up') throw usageError(`lab ${name} is not up; start it with \`gatewalk lab up --name ${name}\``);
  return openLab(state, runner);
}

function status(name: string) {
  const state = readState(name);
  const paths = labPaths(name);
  return {
    name,
    exists: state !== null,
    phase: state?.phase ?? null,
    vpn: state?.vpn ?? null,
    fault: state?.fault ?? null,
    jumpNamespace: nsName(name, 'jump'),
    namespaces: NODES.map((n) => nsName(name, n)).filter((ns) => existsSync(`/run/netns/${ns}`)),
    processes: (state?.procs ?? []).map((x) => ({ node: x.node, role: x.role, pid: x.pid, alive: stillOurs(x) })),
    testPair: { source: '10.20.0.55', destination: state?.fault === 'overlap' ? OVERLAP.host : SITE_B.host },
    paths: { dir: paths.dir, sshConfig: paths.sshConfig, key: paths.key, knownHosts: paths.knownHosts, incident: paths.incident },
  };
}
