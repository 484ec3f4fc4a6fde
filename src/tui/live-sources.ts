// Why: live panes: long-running tcpdump, conntrack -E and a counter-sampling loop on both gateways, each reconnecting when it dies.

import type { CounterSample } from '../engine/recording.js';
import { redactOutput } from '../engine/redact-output.js';
import type { Incident, IncidentTarget } from '../incident/schema.js';
import { streamProbes } from '../probes/catalog.js';
import type { Runner, StreamSession } from '../targets/runner.js';
import { shJoin } from '../targets/shell-quote.js';
import { localTarget, netnsTarget, sshCloseArgv, sshTarget, type SshOptions, type Target } from '../targets/target.js';
import { hostName, netnsName } from '../targets/tokens.js';
import { reconnecting, type LiveSession } from './reconnect.js';
import { afterReady, sshMaster } from './ssh-master.js';
import type { Clock } from './scheduler.js';
import type { SampleSource, TextSource } from './sources.js';

/** A live pane's capture is bounded too; at the bound it simply reconnects. */
const PANE_BOUND_MS = 30 * 60_000;
const SAMPLE_END = '@@gatewalk-sample@@';
const VPN_START = '@@gatewalk-vpn@@';

export interface LiveSources {
  text: Record<string, TextSource>;
  samples: Partial<Record<'gwA' | 'gwB', SampleSource>>;
  /** argv that close the multiplexed ssh connections these panes opened. */
  closers: string[][];
}

interface PaneTarget {
  target: Target;
  /** Opens ssh's shared connection before a session starts (panes never race to become the master). */
  ready(): Promise<void>;
}

const nothingToOpen = () => Promise.resolve();

/**
 * Gateway targets for panes: like the session's, but a sudo password prompt may show in the pane
 * (`sudo` without -n), and over ssh the sessions join a master opened first (`ssh-master.ts`).
 */
function paneTarget(inc: Incident, side: 'a' | 'b', runner: Runner, controlDir: string, closers: string[][]): PaneTarget | null {
  const gw = inc.sites[side].gateway;
  const t: IncidentTarget = gw.target;
  // A gateway nobody can log into has no panes.
  if ('none' in t) return null;
  if ('ssh' in t) {
    const o: SshOptions = { host: hostName(`sites.${side}.gateway.target.ssh`, t.ssh), controlDir, sudo: gw.sudo, interactiveSudo: true, ...(inc.ssh_config ? { configFile: inc.ssh_config } : {}) };
    const close = sshCloseArgv(o);
    if (close) closers.push(close);
    const master = sshMaster(runner, o);
    return { target: sshTarget({ ...o, controlMaster: 'no' }), ready: () => master.ensure() };
  }
  if ('netns' in t) return { target: netnsTarget(netnsName(`sites.${side}.gateway.target.netns`, t.netns)), ready: nothingToOpen };
  return { target: localTarget(), ready: nothingToOpen };
}

function why(s: StreamSession): Promise<string> {
  return s.done.then((e) => (e.reason === 'timeout' ? 'the capture reached its bound' : e.reason === 'killed' ? 'stopped' : `exit ${e.exitCode ?? `signal ${e.signal}`}`));
}

function textSession(s: StreamSession): LiveSession<string> {
  return { onData: (fn) => s.onData(fn), write: (d) => s.write(d), kill: () => s.kill(), done: why(s) };
}

/** Splits the sampling loop's output into samples (`ip -s -j link` JSON, then the VPN's counters). */
export function sampleSplitter(vpnArgv: string[], at: () => number): (chunk: string) => CounterSample[] {
  let buf = '';
  return (chunk) => {
    buf += chunk.replace(/\r/g, '');
    const out: CounterSample[] = [];
    for (let i = buf.indexOf(`${SAMPLE_END}\n`); i >= 0; i = buf.indexOf(`${SAMPLE_END}\n`)) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + SAMPLE_END.length + 1);
      const [link = '', vpn = ''] = block.split(`${VPN_START}\n`);
      // wg show dump prints the private key: redacted before anything keeps it.
      out.push({ t: at(), link, vpn: redactOutput(vpnArgv, vpn), vpnArgv });
    }
    if (buf.length > 1_000_000) buf = '';
    return out;
  };
}

export function liveSources(inc: Incident, runner: Runner, controlDir: string, clock: Clock): LiveSources {
  const closers: string[][] = [];
  const targets = { gwA: paneTarget(inc, 'a', runner, controlDir, closers), gwB: paneTarget(inc, 'b', runner, controlDir, closers) };
  const text: Record<string, TextSource> = {};
  for (const p of streamProbes(inc, PANE_BOUND_MS)) {
    if (p.role !== 'gwA' && p.role !== 'gwB') continue;
    const pt = targets[p.role];
    if (!pt) continue;
    const { target, ready } = pt;
    text[p.id] = reconnecting(() => afterReady(ready(), () => textSession(runner.stream(target, p.argv, { timeoutMs: PANE_BOUND_MS }))), clock);
  }
  const samples: LiveSources['samples'] = {};
  for (const role of ['gwA', 'gwB'] as const) {
    const site = inc.sites[role === 'gwA' ? 'a' : 'b'];
    const tun = site.tunnel.interface;
    const pt = targets[role];
    if (!tun || !pt) continue;
    const vpnArgv = site.tunnel.type === 'wireguard' ? ['wg', 'show', tun, 'dump'] : site.tunnel.type === 'strongswan' ? ['swanctl', '--list-sas'] : [];
    const script = `while :; do ${shJoin(['ip', '-s', '-j', 'link', 'show', 'dev', tun])}; echo ${VPN_START}; ${vpnArgv.length ? `${shJoin(vpnArgv)} 2>/dev/null` : 'true'}; echo ${SAMPLE_END}; sleep 0.5; done`;
    const t0 = clock.now();
    const { target, ready } = pt;
    samples[role] = reconnecting<CounterSample>(
      () =>
        afterReady(ready(), () => {
          const s = runner.stream(target, ['sh', '-c', script], { timeoutMs: PANE_BOUND_MS });
          const split = sampleSplitter(vpnArgv, () => clock.now() - t0);
          return { onData: (fn) => s.onData((c) => split(c).forEach(fn)), write: (d) => s.write(d), kill: () => s.kill(), done: why(s) };
        }),
      clock,
    );
  }
  return { text, samples, closers };
}
