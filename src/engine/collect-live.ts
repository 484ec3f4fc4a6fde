// Why: collect evidence from real hosts: live captures while test traffic flows, counters, then every probe and a DF-ping ladder.

import type { Runner, StreamSession } from '../targets/runner.js';
import { shJoin } from '../targets/shell-quote.js';
import type { Target } from '../targets/target.js';
import type { Incident } from '../incident/schema.js';
import { oneShotProbes, streamProbes, type Probe, type Role } from '../probes/catalog.js';
import { randomBytes } from 'node:crypto';
import { redactOutput } from './redact-output.js';
import { batchScript, parseBatch } from './batch.js';
import { addressesOf, ipAddr } from '../parsers/iproute/ip-addr.js';
import { parsePing } from '../parsers/traffic/ping.js';
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
/** Concurrent sessions per host when probes run one by one; OpenSSH's default MaxSessions is 10, streams use some. */
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
  const record = (id: string, role: Role, argv: string[], parser: string | undefined, r: { exitCode: number | null; stdout: string; stderr: string }, startedAt: number, durationMs: number): RecordedCommand => ({
    id, role, argv, ...(parser ? { parser } : {}), exitCode: r.exitCode, stdout: clean(redactOutput(argv, r.stdout)), stderr: clean(r.stderr), startedAt, durationMs: Math.round(durationMs),
  });
  const run = async (id: string, role: Role, argv: string[], parser?: string, timeoutMs = 10_000): Promise<RecordedCommand> => {
    const startedAt = at();
    const r = await runner.run(targets[role]!, { argv, timeoutMs });
    return record(id, role, argv, parser, r, startedAt, r.durationMs);
  };

  /**
   * Several commands on one host in one remote shell (batch.ts): one ssh session instead of one
   * each. Each keeps its own argv, exit code, stdout and stderr in the recording; a command the
   * batch did not bring back (the host refused `sh`, the session died) runs alone.
   */
  const runMany = async (role: Role, items: Array<{ id: string; argv: string[]; parser?: string; after?: boolean }>, o: { parallel?: boolean; timeoutMs?: number; reach?: boolean } = {}): Promise<RecordedCommand[] | 'unreachable'> => {
    const timeoutMs = o.timeoutMs ?? 10_000;
    if (items.length <= 1 && !o.reach) return Promise.all(items.map((it) => run(it.id, role, it.argv, it.parser, timeoutMs)));
    const nonce = randomBytes(8).toString('hex');
    const startedAt = at();
    const script = batchScript(items, nonce, { timeoutS: timeoutMs / 1000, ...(o.parallel ? { parallel: true } : {}) });
    const r = await runner.run(targets[role]!, { argv: ['sh', '-c', script], timeoutMs: (o.parallel ? timeoutMs : timeoutMs * Math.max(1, items.length)) + 3000 });
    const parts = parseBatch(r.stdout, nonce, items.length);
    // As the first command on a host, the batch also says whether ssh got there at all.
    if (o.reach && (isUnreachable(r.exitCode) || r.exitCode === null) && !parts.some(Boolean)) {
      const why = lastLine(r.stderr);
      if (why) (rec.unreachableWhy ??= {})[role] = why;
      return 'unreachable';
    }
    const base = parts.find((x) => x?.startMs != null)?.startMs ?? null;
    const out: RecordedCommand[] = [];
    const alone: number[] = [];
    items.forEach((it, i) => {
      const x = parts[i];
      if (!x) return void alone.push(i);
      const timed = base !== null && x.startMs !== null && x.endMs !== null;
      out[i] = record(it.id, role, it.argv, it.parser, x, timed ? startedAt + x.startMs! - base : startedAt, timed ? x.endMs! - x.startMs! : r.durationMs);
    });
    // At most PER_HOST at once, as sessions on the host's shared connection; `after` ones once the others ended.
    for (const later of [false, true]) {
      const queue = alone.filter((i) => Boolean(items[i]!.after) === later);
      const worker = async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) out[i] = await run(items[i]!.id, role, items[i]!.argv, items[i]!.parser, timeoutMs);
      };
      await Promise.all(Array.from({ length: PER_HOST }, worker));
    }
    return out;
  };
  const keep = (into: Record<string, RecordedCommand>, got: RecordedCommand[] | 'unreachable') => {
    if (got !== 'unreachable') for (const c of got) into[c.id] = c;
  };

  /** Probes grouped by host: one batch per host, the hosts in parallel. */
  const runProbes = async (probes: Probe[]): Promise<void> => {
    await Promise.all(
      ROLES.map(async (role) => {
        keep(rec.probes, await runMany(role, probes.filter((x) => x.role === role)));
      }),
    );
  };

  const present = ROLES.filter((r) => targets[r]);
  const allProbes = oneShotProbes(inc).filter((p) => targets[p.role]);
  const isAfter = (p: Probe) => AFTER_TRAFFIC.has(p.id.split('.')[1] ?? '');
  // The captures are stopped once the traffic is over; this bound is for a run that dies first.
  const streamMs = o.streamMs ?? 10_000;
  const sessions: StreamSession[] = [];
  const samplers: StreamSession[] = [];
  const listening: Array<Promise<void>> = [];
  const firstSample: Array<Promise<void>> = [];
  /** Bounded captures and the counter sampler on one gateway. */
  const startCaptures = (role: Role) => {
    for (const sp of streamProbes(inc, streamMs)) {
      if (sp.role !== role) continue;
      const chunks: Array<{ t: number; data: string }> = [];
      rec.streams[sp.id] = { id: sp.id, role: sp.role, argv: sp.argv, parser: sp.parser, chunks };
      const s = runner.stream(targets[sp.role]!, sp.argv, { timeoutMs: sp.timeoutMs, ...(sp.maxLines ? { maxLines: sp.maxLines } : {}) });
      // tcpdump says "listening on IF" once its filter is in place; conntrack -E says nothing.
      if (sp.argv[0] === 'tcpdump') {
        let head: string | null = '';
        // A capture that ends before it listens (no tcpdump, sudo refused) releases the wait too.
        listening.push(
          new Promise((res) => {
            s.onData((d) => {
              if (head === null || !(head = (head + d).slice(-4096)).includes('listening on')) return;
              head = null;
              res();
            });
            void s.done.then(() => res());
          }),
        );
      }
      s.onData((data) => chunks.push({ t: at(), data: clean(data) }));
      sessions.push(s);
    }
    if (role === 'gwA' || role === 'gwB') {
      const sampler = sampleCounters(runner, targets, inc, role, at, clean, rec, streamMs);
      if (sampler) {
        samplers.push(sampler.session);
        firstSample.push(sampler.first);
      }
    }
  };

  // One command on each host first, all hosts in parallel: it opens the host's multiplexed ssh
  // connection before several commands go to the same host at once (ControlMaster=auto races
  // otherwise).
  progress(`reaching ${present.join(', ')}`);
  await Promise.all(
    present.map(async (role) => {
      // The configuration probes (one batch) are the host's first command; captures start
      // on a gateway once it answered. Configuration does not depend on the test traffic.
      const got = await runMany(role, allProbes.filter((p) => p.role === role && !isAfter(p)), { reach: true });
      if (got === 'unreachable') return void rec.unreachable.push(role);
      keep(rec.probes, got);
      startCaptures(role);
    }),
  );
  const usable = (role: Role) => Boolean(targets[role]) && !rec.unreachable.includes(role);
  // Traffic starts at the source host; failing that, at gateway A with its LAN address (read
  // from gwA.addrs, already collected) as source.
  const lanAddress = (): string | undefined => {
    const parsed = ipAddr.parse(rec.probes['gwA.addrs']?.stdout ?? '');
    return parsed.ok ? addressesOf(parsed.value).find((a) => a.ifname === inc.sites.a.gateway.lan_interface)?.local : undefined;
  };
  const gwBind = !usable('hostA') && usable('gwA') ? lanAddress() : undefined;
  const { source, bind }: { source: Role | null; bind: string | null } = usable('hostA') ? { source: 'hostA', bind: null } : gwBind ? { source: 'gwA', bind: gwBind } : { source: null, bind: null };

  progress('capturing while test traffic flows');
  // Traffic waits until both tcpdumps listen and both samplers have a first reading (or ended):
  // traffic sent before that would be missing from the evidence. The bound is for a capture
  // that neither listens nor ends (a loaded machine can take seconds to start one); it leaves
  // the captures time for the traffic (at most 2 s) before their own bound ends them.
  const bound = timer(Math.max(1000, Math.min(5000, streamMs - 5000)));
  await Promise.race([Promise.all([...listening, ...firstSample]), bound.elapsed]);
  bound.cancel();
  await sleep(200);
  progress(source ? `sending test traffic from ${source}${bind ? ` (source address ${bind})` : ''}` : 'no host to send test traffic from');
  const pingBind = bind ? ['-I', bind] : [];
  // The source's own after-traffic probes (ARP on hostA) follow the traffic in its session.
  const afterProbes = allProbes.filter((p) => usable(p.role) && isAfter(p));
  if (source) {
    // Ping and TCP at once, in one session on the source (batch.ts keeps each one's record).
    const dst = inc.pair.destination;
    const traffic = [{ id: 'ping', argv: ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', ...pingBind, dst] }];
    if (inc.pair.protocol === 'tcp' && inc.pair.port) {
      traffic.push({ id: 'tcp-connect', argv: ['curl', '-g', '-s', '-o', '/dev/null', ...(bind ? ['--interface', bind] : []), '--connect-timeout', '1', '--max-time', '2', '-w', '%{http_code} %{size_download} %{time_connect}\\n', `http://${urlHost(dst)}:${inc.pair.port}/2M`] });
    }
    const got = await runMany(source, [...traffic, ...afterProbes.filter((p) => p.role === source).map((p) => ({ ...p, after: true }))], { parallel: true });
    if (got !== 'unreachable') for (const c of got) (traffic.some((x) => x.id === c.id) ? rec.traffic : rec.probes)[c.id] = c;
  }
  progress('reading state after the traffic');
  // The state is read at once; the captures run on for a moment (late replies and ICMP errors)
  // and stop meanwhile: those probes send nothing the capture filter matches.
  const afterRead = runProbes(afterProbes.filter((p) => p.role !== source));
  await sleep(300);
  for (const s of [...sessions, ...samplers]) s.kill();
  await Promise.all([...sessions, ...samplers].map((s) => s.done));
  await afterRead;

  // The MTU step only means something once small packets cross.
  const answered = /\b([1-9]\d*) (packets )?received\b/.test(rec.traffic.ping?.stdout ?? '');
  if (source && answered) {
    progress('searching the path MTU');
    const wait = ladderWait(rec.traffic.ping!);
    const ladder = MTU_LADDER.map((size) => ({ id: `mtu-${size}`, argv: ['ping', '-n', '-c', '1', '-W', wait, '-M', 'do', '-s', String(size), ...pingBind, inc.pair.destination] }));
    keep(rec.traffic, await runMany(source, ladder, { parallel: true, timeoutMs: 5000 }));
  }
  progress('evidence collected');
  return rec;
}

/**
 * How long each DF ping of the ladder waits for its reply (ping -W, seconds): four times the
 * slowest reply of the small ping just before, plus 200 ms, within [0.5, 1]. The ladder runs only
 * once that ping was answered, over the same path, so a reply later than this is not coming;
 * without a measured round trip it is 1 s.
 */
export function ladderWait(ping: Pick<RecordedCommand, 'stdout' | 'stderr'>): string {
  const r = parsePing(ping.stdout + ping.stderr);
  const rtts = r.ok ? [r.value.rtt?.maxMs, ...r.value.replies.map((x) => x.timeMs)].filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
  if (!rtts.length) return '1';
  const s = Math.min(1, Math.max(0.5, Math.ceil((4 * Math.max(...rtts) + 200) / 100) / 10));
  return s === 1 ? '1' : s.toFixed(1);
}

const SAMPLE_END = '@@gatewalk-sample@@';
const VPN_START = '@@gatewalk-vpn@@';

/**
 * Tunnel counters on one gateway every 500 ms while traffic flows: one long-lived shell loop
 * (one ssh session), not two new sessions per sample. `first` settles with the first sample.
 */
function sampleCounters(
  runner: Runner,
  targets: Partial<Record<Role, Target>>,
  inc: Incident,
  role: 'gwA' | 'gwB',
  at: () => number,
  clean: (s: string) => string,
  rec: Recording,
  timeoutMs: number,
): { session: StreamSession; first: Promise<void> } | null {
  const site = inc.sites[role === 'gwA' ? 'a' : 'b'];
  const tun = site.tunnel.interface;
  if (!tun) return null;
  const samples: CounterSample[] = [];
  rec.counters[role] = samples;
  const vpnArgv = site.tunnel.type === 'wireguard' ? ['wg', 'show', tun, 'dump'] : site.tunnel.type === 'strongswan' ? ['swanctl', '--list-sas'] : [];
  const linkArgv = ['ip', '-s', '-j', 'link', 'show', 'dev', tun];
  const script = `while :; do ${shJoin(linkArgv)}; echo ${VPN_START}; ${vpnArgv.length ? `${shJoin(vpnArgv)} 2>/dev/null` : 'true'}; echo ${SAMPLE_END}; sleep 0.5; done`;
  const s = runner.stream(targets[role]!, ['sh', '-c', script], { timeoutMs });
  let buf = '';
  let sampled: () => void = () => {};
  const first = new Promise<void>((res) => (sampled = res));
  void s.done.then(() => sampled());
  s.onData((d) => {
    buf += d.replace(/\r/g, '');
    for (let i = buf.indexOf(`${SAMPLE_END}\n`); i >= 0; i = buf.indexOf(`${SAMPLE_END}\n`)) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + SAMPLE_END.length + 1);
      const [link = '', vpn = ''] = block.split(`${VPN_START}\n`);
      samples.push({ t: at(), link: clean(link), vpn: clean(redactOutput(vpnArgv, vpn)), vpnArgv });
      sampled();
    }
  });
  return { session: s, first };
}

/** A wait that can be called off, so a bound that was not needed keeps nothing alive. */
function timer(ms: number): { elapsed: Promise<void>; cancel: () => void } {
  let t: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((r) => (t = setTimeout(r, ms)));
  return { elapsed, cancel: () => clearTimeout(t) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The last non-empty line of a command's stderr (ssh's reason: "Connection timed out during banner exchange"), control characters removed, at most 200 characters. */
export function lastLine(stderr: string): string | null {
  // eslint-disable-next-line no-control-regex
  const lines = stderr.split(/\r?\n/).map((l) => l.replace(/[\x00-\x1f\x7f-\x9f]/g, '').trim()).filter(Boolean);
  const l = lines.at(-1);
  return l ? l.slice(0, 200) : null;
}

/** An address as the host part of a URL: IPv6 in brackets (RFC 3986). */
export function urlHost(addr: string): string {
  return addr.includes(':') ? `[${addr}]` : addr;
}
