// Why: build a whole two-site lab from nothing: namespaces, links, addressing, firewall, sshd, VPN, a service on hostB.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewalkError } from '../util/errors.js';
import type { Runner } from '../targets/runner.js';
import { type Lab, local, must, netnsOf, nodeTarget, startDaemon, waitFor } from './context.js';
import { labDown } from './down.js';
import { sshKeyPair } from './keys.js';
import { requirePrograms, requireRoot } from './preflight.js';
import { renderKnownHosts, renderSshdConfig } from './ssh-files.js';
import { labPaths, readState, writeState, type LabState } from './state.js';
import { startStrongswan } from './strongswan.js';
import { startWireguard } from './wireguard.js';
import {
  HOLDER_NODES, HTTP_PORT, MGMT, NODES, SITE_B, addressing, links, nsName,
  type HolderNode, type VpnType,
} from './topology.js';
import { applyFault } from './faults.js';
import { applyFirewalls, writeClientFiles } from './configure.js';
import { pingOk } from './probe.js';

export interface UpOptions {
  name: string;
  vpn: VpnType;
  fault?: string;
  runner: Runner;
  log?: (line: string) => void;
}

export interface UpReport {
  state: LabState;
  /** ms from the start of `lab up` to the first ping hostA -> hostB that got an answer. */
  firstPingMs: number;
}

export async function labUp(o: UpOptions): Promise<UpReport> {
  requireRoot();
  requirePrograms([o.vpn]);
  const paths = labPaths(o.name);
  if (readState(o.name) || NODES.some((n) => existsSync(`/run/netns/${nsName(o.name, n)}`))) {
    throw new GatewalkError('LAB_EXISTS', `lab ${o.name} already exists; run \`gatewalk lab down --name ${o.name}\` first, or pick another --name`);
  }
  const started = performance.now();
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const state: LabState = { name: o.name, vpn: o.vpn, createdAt: new Date().toISOString(), phase: 'building', fault: null, procs: [], holders: {} };
  writeState(state);
  const lab: Lab = { name: o.name, runner: o.runner, paths, state };
  const log = o.log ?? (() => {});
  try {
    log('namespaces and links');
    await buildNetwork(lab);
    log('holders, keys and sshd');
    await startHolders(lab);
    await startSshd(lab);
    log(`firewall and ${o.vpn}`);
    await applyFirewalls(lab);
    if (o.vpn === 'wireguard') await startWireguard(lab);
    else await startStrongswan(lab);
    await startHttpSink(lab);
    writeClientFiles(lab);
    state.phase = 'up';
    writeState(state);
    log('first ping hostA -> hostB');
    await waitFor('the first ping from hostA to hostB', 10_000, () => pingOk(lab, SITE_B.host), 0);
    const firstPingMs = performance.now() - started;
    if (o.fault) await applyFault(lab, o.fault);
    return { state, firstPingMs };
  } catch (e) {
    await labDown(o.name, o.runner).catch(() => {});
    throw e;
  }
}

async function buildNetwork(lab: Lab): Promise<void> {
  for (const n of NODES) await must(lab, local, ['ip', 'netns', 'add', nsName(lab.name, n)]);
  // IPv4 only. IPv6 link-local addresses settling a second or two after the links come up make
  // charon re-install its routes, which would silently heal a route fault injected at `lab up`.
  await Promise.all(
    NODES.map((n) => must(lab, netnsOf(lab, n), ['sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'])),
  );
  for (const l of links()) {
    await must(lab, local, ['ip', '-n', nsName(lab.name, l.a), 'link', 'add', l.aIf, 'type', 'veth', 'peer', 'name', l.bIf, 'netns', nsName(lab.name, l.b)]);
  }
  const plan = addressing();
  await Promise.all(NODES.map((n) => must(lab, local, ['ip', '-n', nsName(lab.name, n), '-batch', '-'], plan[n].join('\n') + '\n')));
  for (const n of ['gwA', 'gwB', 'wan'] as const) {
    await must(lab, netnsOf(lab, n), ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  }
}

/**
 * A holder per host: a `sleep` in the node's netns with a private mount namespace (tmpfs on /run)
 * and its own hostname; every later command on that node enters its namespaces.
 */
async function startHolders(lab: Lab): Promise<void> {
  // Each node is its own machine: root's shell start-up files on this host (here a pyenv init that
  // bash runs for every ssh command) are not the gateway's, so each node gets a stock empty ~/.bashrc.
  const script =
    'mount -t tmpfs -o mode=0755,size=16m gatewalk-run /run && mkdir -p /run/sshd /run/wireguard && hostname "$1" && ' +
    '{ [ ! -f /root/.bashrc ] || mount --bind "$2" /root/.bashrc; } && exec sleep infinity';
  for (const n of HOLDER_NODES) {
    mkdirSync(lab.paths.node(n), { recursive: true, mode: 0o700 });
    const bashrc = join(lab.paths.node(n), 'bashrc');
    writeFileSync(bashrc, `# ~/.bashrc of lab node ${n} (gatewalk lab ${lab.name}): intentionally empty\n`, { mode: 0o644 });
    const pid = startDaemon(
      lab, n, 'holder', local,
      ['ip', 'netns', 'exec', nsName(lab.name, n), 'unshare', '--mount', '--propagation', 'private', '--uts', '--', 'sh', '-c', script, 'holder', n, bashrc],
      { logFile: join(lab.paths.node(n), 'holder.log') },
    );
    lab.state.holders[n] = pid;
  }
  writeState(lab.state);
  await Promise.all(
    HOLDER_NODES.map((n) => {
      const pid = lab.state.holders[n];
      return waitFor(`the namespace holder of ${n}`, 5000, () => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep';
        } catch {
          throw new GatewalkError('LAB_HOLDER', `lab ${lab.name}: the namespace holder of ${n} exited; see ${join(lab.paths.node(n), 'holder.log')}`);
        }
      });
    }),
  );
}

async function startSshd(lab: Lab): Promise<void> {
  const clientPub = await sshKeyPair(lab, lab.paths.key, `gatewalk-lab-${lab.name}`);
  const authorized = join(lab.paths.dir, 'authorized_keys');
  writeFileSync(authorized, `${clientPub}\n`, { mode: 0o600 });
  const hostPubs = {} as Record<HolderNode, string>;
  await Promise.all(
    HOLDER_NODES.map(async (n) => {
      const dir = lab.paths.node(n);
      hostPubs[n] = await sshKeyPair(lab, join(dir, 'ssh_host_ed25519_key'), n);
      const cfg = join(dir, 'sshd_config');
      writeFileSync(cfg, renderSshdConfig({ listen: MGMT[n].nodeAddr, hostKey: join(dir, 'ssh_host_ed25519_key'), authorizedKeys: authorized }), { mode: 0o600 });
      const pid = startDaemon(lab, n, 'sshd', nodeTarget(lab, n), ['/usr/sbin/sshd', '-D', '-e', '-f', cfg], { logFile: join(dir, 'sshd.log') });
      await waitFor(`sshd on ${n}`, 5000, () => listening(pid, 22));
    }),
  );
  writeFileSync(lab.paths.knownHosts, renderKnownHosts(hostPubs), { mode: 0o600 });
}

/** Whether a process's network namespace has a TCP socket listening on `port` (read from /proc). */
function listening(pid: number, port: number): boolean {
  try {
    const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    return readFileSync(`/proc/${pid}/net/tcp`, 'utf8')
      .split('\n')
      .some((line) => {
        const f = line.trim().split(/\s+/);
        return f[1]?.endsWith(hex) && f[3] === '0A';
      });
  } catch {
    return false;
  }
}

async function startHttpSink(lab: Lab): Promise<void> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'http-sink.js');
  const pid = startDaemon(lab, 'hostB', 'http-sink', nodeTarget(lab, 'hostB'), [process.execPath, script, String(HTTP_PORT)], {
    logFile: join(lab.paths.node('hostB'), 'http-sink.log'),
  });
  await waitFor('the HTTP service on hostB', 5000, () => listening(pid, HTTP_PORT));
}

