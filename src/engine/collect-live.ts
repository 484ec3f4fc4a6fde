// Why: collect evidence from real hosts: live captures while test traffic flows, counters, then every probe and a DF-ping ladder.

import type { Runner, StreamSession } from '../targets/runner.js';
import { shJoin } from '../targets/shell-quote.js';
import type { Target } from '../targets/target.js';
import type { Incident } from '../incident/schema.js';
import { oneShotProbes, streamProbes, type Probe, type Role } from '../probes/catalog.js';
import { redactOutput } from './redact-output.js';
import { addressesOf, ipAddr } from '../parsers/iproute/ip-addr.js';
import { emptyRecording, type CounterSample, type RecordedCommand, type Recording } from './recording.js';

/** DF ping payload sizes for the MTU step (1472 fills a 1500-byte packet). */
export const MTU_LADDER = [1472, 1400, 1372, 1352, 1300, 1252, 1200, 1000, 500];

export interface LiveOptions {
  /** How long captures run (they start before and end after the test traffic). */
  streamMs?: number;
  /** Extra redaction (known secrets) applied to every output after the per-command redaction. */
  clean?: (s: string) => string;
  /** Progress for a person: "probing gwA", ... */
  progress?: (line: string) => void;
}

const ROLES: Role[] = ['hostA', 'gwA', 'gwB', 'hostB'];
/** Concurrent sessions per host; OpenSSH's default MaxSessions is 10, streams use some. */
const PER_HOST = 4;
/** Probes that show what the test traffic did (state, counters, ARP): read after it. */
const AFTER_TRAFFIC = new Set(['conntrack', 'nstat', 'tunnel-stats', 'neigh', 'ruleset', 'wg', 'sas']);

/** ssh exits 255 when it could not reach or log in to the host. */
export function isUnreachable(exitCode: number | null): boolean {
  return exitCode === 255;
}

export async function collectLive(runner: Runner, targets: Partial<Record<Role, Target>>, inc: Incident, incidentText: string, o: LiveOptions = {}): Promise<Recording> {
  const clean = o.clean ?? ((s: string) => s);
  const progressOut = o.progress ?? (() => {});
  const progress = (l: string) => progressOut(`${(at() / 1000).toFixed(1)} s: ${l}`);
  const rec = emptyRecording(incidentText);
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const run = async (id: string, role: Role, argv: string[], parser?: string, timeoutMs = 10_000): Promise<RecordedCommand> => {
    const startedAt = at();
    const r = await runner.run(targets[role]!, { argv, timeoutMs });
    return { id, role, argv, ...(parser ? { parser } : {}), exitCode: r.exitCode, stdout: clean(redactOutput(argv, r.stdout)), stderr: clean(r.stderr), startedAt, durationMs: Math.round(r.durationMs) };
  };

  /** Up to PER_HOST probes at once on each host (sessions share the host's ssh connection). */
  const runProbes = async (probes: Probe[]): Promise<void> => {
    await Promise.all(
      ROLES.map(async (role) => {
        const queue = probes.filter((x) => x.role === role);
        const worker = async () => {
          for (let p = queue.shift(); p; p = queue.shift()) rec.probes[p.id] = await run(p.id, p.role, p.argv, p.parser);
        };
        await Promise.all(Array.from({ length: PER_HOST }, worker));
      }),
    );
  };

  // Reach every host first: this also opens each host's multiplexed ssh connection before
  // several commands go to the same host at once (ControlMaster=auto races otherwise).
  const present = ROLES.filter((r) => targets[r]);
  progress(`reaching ${present.join(', ')}`);
  await Promise.all(
    present.map(async (role) => {
      const r = await run(`${role}.reach`, role, ['true']);
      if (isUnreachable(r.exitCode) || r.exitCode === null) rec.unreachable.push(role);
    }),
  );
  const usable = (role: Role) => Boolean(targets[role]) && !rec.unreachable.includes(role);
  // Traffic starts at the source host; failing that, at gateway A with its LAN address as source.
  const trafficSource: Promise<{ source: Role | null; bind: string | null }> = usable('hostA')
    ? Promise.resolve({ source: 'hostA', bind: null })
    : usable('gwA')
      ? run('gwA.lan-address', 'gwA', ['ip', '-j', '-4', 'addr', 'show', 'dev', inc.sites.a.gateway.lan_interface]).then((r) => {
          const parsed = ipAddr.parse(r.stdout);
          const addr = parsed.ok ? addressesOf(parsed.value)[0]?.local : undefined;
          return addr ? { source: 'gwA' as Role, bind: addr } : { source: null, bind: null };
        })
      : Promise.resolve({ source: null, bind: null });

  progress('capturing while test traffic flows');
  const streamMs = o.streamMs ?? 6000;
  const sessions: StreamSession[] = [];
  const listening: Array<Promise<void>> = [];
  for (const sp of streamProbes(inc, streamMs)) {
    if (!usable(sp.role)) continue;
    const chunks: Array<{ t: number; data: string }> = [];
    rec.streams[sp.id] = { id: sp.id, role: sp.role, argv: sp.argv, parser: sp.parser, chunks };
    const s = runner.stream(targets[sp.role]!, sp.argv, { timeoutMs: sp.timeoutMs, ...(sp.maxLines ? { maxLines: sp.maxLines } : {}) });
    // tcpdump says "listening on IF" once its filter is in place; conntrack -E says nothing.
    if (sp.argv[0] === 'tcpdump') {
      let head = '';
      listening.push(new Promise((res) => s.onData((d) => (head = (head + d).slice(-4096)).includes('listening on') && res())));
    }
    s.onData((data) => chunks.push({ t: at(), data: clean(data) }));
    sessions.push(s);
  }
  const sampler = sampleCounters(runner, targets, inc, usable, at, clean, rec, streamMs);
  // Configuration does not depend on the test traffic: read it while the captures run.
  const allProbes = oneShotProbes(inc).filter((p) => usable(p.role));
  const configRead = runProbes(allProbes.filter((p) => !AFTER_TRAFFIC.has(p.id.split('.')[1] ?? '')));
  await Promise.race([Promise.all(listening), sleep(2000)]);
  await sleep(200);
  const { source, bind } = await trafficSource;
  progress(source ? `sending test traffic from ${source}${bind ? ` (source address ${bind})` : ''}` : 'no host to send test traffic from');
  const pingBind = bind ? ['-I', bind] : [];
  if (source) {
    const dst = inc.pair.destination;
    const traffic: Array<Promise<void>> = [
      run('ping', source, ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', ...pingBind, dst]).then((r) => void (rec.traffic.ping = r)),
    ];
    if (inc.pair.protocol === 'tcp' && inc.pair.port) {
      traffic.push(
        run('tcp-connect', source, ['curl', '-s', '-o', '/dev/null', ...(bind ? ['--interface', bind] : []), '--connect-timeout', '1', '--max-time', '2', '-w', '%{http_code} %{size_download}\\n', `http://${dst}:${inc.pair.port}/2M`]).then(
          (r) => void (rec.traffic['tcp-connect'] = r),
        ),
      );
    }
    await Promise.all(traffic);
  }
  // Late replies and ICMP errors still arrive for a moment after the traffic ends.
  await sleep(300);
  for (const s of sessions) s.kill();
  await Promise.all(sessions.map((s) => s.done));
  await sampler.stop();

  progress('reading state after the traffic');
  await configRead;
  await runProbes(allProbes.filter((p) => AFTER_TRAFFIC.has(p.id.split('.')[1] ?? '')));
  // The MTU step only means something once small packets cross.
  const answered = /\b([1-9]\d*) (packets )?received\b/.test(rec.traffic.ping?.stdout ?? '');
  if (source && answered) {
    progress('searching the path MTU');
    await Promise.all(
      MTU_LADDER.map(async (size) => {
        rec.traffic[`mtu-${size}`] = await run(`mtu-${size}`, source, ['ping', '-n', '-c', '1', '-W', '1', '-M', 'do', '-s', String(size), ...pingBind, inc.pair.destination], undefined, 5000);
      }),
    );
  }
  return rec;
}

const SAMPLE_END = '@@gatewalk-sample@@';
const VPN_START = '@@gatewalk-vpn@@';

/**
 * Tunnel counters on both gateways every 500 ms while traffic flows: one long-lived shell loop
 * per gateway (one ssh session), not two new sessions per sample.
 */
function sampleCounters(
  runner: Runner,
  targets: Partial<Record<Role, Target>>,
  inc: Incident,
  usable: (r: Role) => boolean,
  at: () => number,
  clean: (s: string) => string,
  rec: Recording,
  timeoutMs: number,
) {
  const sessions: StreamSession[] = [];
  for (const role of ['gwA', 'gwB'] as const) {
    const site = inc.sites[role === 'gwA' ? 'a' : 'b'];
    const tun = site.tunnel.interface;
    if (!usable(role) || !tun) continue;
    const samples: CounterSample[] = [];
    rec.counters[role] = samples;
    const vpnArgv = site.tunnel.type === 'wireguard' ? ['wg', 'show', tun, 'dump'] : site.tunnel.type === 'strongswan' ? ['swanctl', '--list-sas'] : [];
    const linkArgv = ['ip', '-s', '-j', 'link', 'show', 'dev', tun];
    const script = `while :; do ${shJoin(linkArgv)}; echo ${VPN_START}; ${vpnArgv.length ? `${shJoin(vpnArgv)} 2>/dev/null` : 'true'}; echo ${SAMPLE_END}; sleep 0.5; done`;
    const s = runner.stream(targets[role]!, ['sh', '-c', script], { timeoutMs });
    let buf = '';
    s.onData((d) => {
      buf += d.replace(/\r/g, '');
      for (let i = buf.indexOf(`${SAMPLE_END}\n`); i >= 0; i = buf.indexOf(`${SAMPLE_END}\n`)) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + SAMPLE_END.length + 1);
        const [link = '', vpn = ''] = block.split(`${VPN_START}\n`);
        samples.push({ t: at(), link: clean(link), vpn: clean(redactOutput(vpnArgv, vpn)), vpnArgv });
      }
    });
    sessions.push(s);
  }
  return {
    stop: async () => {
      for (const s of sessions) s.kill();
      await Promise.all(sessions.map((s) => s.done));
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
