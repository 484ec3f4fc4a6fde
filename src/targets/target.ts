// Why: a target says where a command runs; it only rewrites argument vectors, the runner executes them.

import { shJoin } from './shell-quote.js';

export type Mode = 'oneshot' | 'stream';

/**
 * Where a command runs. `wrap` turns the argv meant for the target host into the argv that
 * runs on this machine (no shell on this side, ever). Pure: no I/O.
 */
export interface Target {
  /** Short label for journals and panes: "local", "netns:gw-jump", "ssh:gwA". */
  readonly label: string;
  /** The host name as the operator knows it (for evidence lines). */
  readonly host: string;
  wrap(argv: readonly string[], mode: Mode): string[];
}

export function localTarget(): Target {
  return { label: 'local', host: 'local', wrap: (argv) => [...argv] };
}

/** Inside a named network namespace, through `ip netns exec` (root). */
export function netnsTarget(ns: string, via: Target = localTarget()): Target {
  return {
    label: `netns:${ns}`,
    host: ns,
    wrap: (argv, mode) => via.wrap(['ip', 'netns', 'exec', ns, ...argv], mode),
  };
}

/** Inside the namespaces (mount, net, uts) of a running process, through nsenter (root). */
export function nsenterTarget(pid: number, host: string, via: Target = localTarget()): Target {
  if (!Number.isInteger(pid) || pid <= 1) throw new TypeError(`not a usable pid: ${pid}`);
  return {
    label: `nsenter:${host}`,
    host,
    wrap: (argv, mode) => via.wrap(['nsenter', '-t', String(pid), '-m', '-n', '-u', '--', ...argv], mode),
  };
}

export interface SshOptions {
  /** Host as in the ssh config (alias), already validated. */
  host: string;
  /** `-F FILE`; absent means the operator's ~/.ssh/config. */
  configFile?: string;
  /** Directory for the multiplexing socket; absent disables multiplexing. */
  controlDir?: string;
  /**
   * With a controlDir: `auto` (default) becomes the master when there is none; `no` only joins an
   * existing master (else connects directly, silently), so clients started together never race for it.
   */
  controlMaster?: 'auto' | 'no';
  connectTimeoutS?: number;
  /** Prefix remote commands with `sudo -n` (never prompts). */
  sudo?: boolean;
  /** Streams use plain `sudo`, so an operator can type a password into the pane (the TUI); headless runs must not. */
  interactiveSudo?: boolean;
  /** Where the ssh client itself runs (for the lab: the jump namespace). */
  via?: Target;
}

/**
 * Through the system OpenSSH client, so ~/.ssh/config, ProxyJump, the agent and known_hosts
 * work as the operator has them. One-shot commands use BatchMode and never prompt.
 */
export function sshTarget(o: SshOptions): Target {
  const via = o.via ?? localTarget();
  const common: string[] = [];
  if (o.configFile) common.push('-F', o.configFile);
  common.push('-o', `ConnectTimeout=${o.connectTimeoutS ?? 5}`);
  if (o.controlDir) {
    const master = o.controlMaster ?? 'auto';
    common.push('-o', `ControlMaster=${master}`, '-o', `ControlPath=${o.controlDir}/%C`, ...(master === 'auto' ? ['-o', 'ControlPersist=60'] : []));
  }
  return {
    label: `ssh:${o.host}`,
    host: o.host,
    wrap(argv, mode) {
      // An empty remote command would open a login shell on the host instead of running nothing.
      if (argv.length === 0) throw new TypeError('empty command');
      const prompt = mode === 'stream' && o.interactiveSudo;
      const remote = o.sudo ? [...(prompt ? ['sudo'] : ['sudo', '-n']), ...argv] : [...argv];
      const flags = mode === 'oneshot' ? ['-o', 'BatchMode=yes', '-T'] : ['-tt'];
      // `--` ends ssh's options: a host can never be read as a flag.
      return via.wrap(['ssh', ...common, ...flags, '--', o.host, shJoin(remote)], mode);
    },
  };
}

/** argv to close an ssh target's multiplexed master connection, or null when it has none. */
export function sshCloseArgv(o: SshOptions): string[] | null {
  if (!o.controlDir) return null;
  const via = o.via ?? localTarget();
  const cfg = o.configFile ? ['-F', o.configFile] : [];
  return via.wrap(['ssh', ...cfg, '-o', `ControlPath=${o.controlDir}/%C`, '-O', 'exit', '--', o.host], 'oneshot');
}
