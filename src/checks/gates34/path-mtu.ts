// Why: after the gates pass, a DF-ping ladder finds the path MTU; large packets that vanish without "frag needed" are a PMTUD black hole.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { fixLineText, isCommand, nftCmd, note, type FixLine } from '../fix.js';
import type { Evidence, ProbeResult } from '../../engine/analyze.js';
import type { PingReport } from '../../parsers/traffic/ping.js';
import type { NftRuleset } from '../../parsers/firewall/nft-ruleset.js';
import { findLine, quote } from '../common.js';
import { tunnelIf } from './common.js';
import { rulesetOf } from './remote.js';

const ID = 'mtu.path-mtu';
const GATE = 'mtu' as const;
const TITLE = 'DF-ping ladder from the source: path MTU, PMTUD black holes, MSS clamping on the gateways';

/** IPv4 + ICMP headers on top of the ping payload; IPv4 + TCP headers under the MSS. */
const ICMP_OVERHEAD = 28;
const TCP_OVERHEAD = 40;

type Step =
  | { size: number; kind: 'pass'; p: ProbeResult }
  | { size: number; kind: 'refused'; mtu: number | null; p: ProbeResult; text: string }
  | { size: number; kind: 'error'; p: ProbeResult; text: string }
  | { size: number; kind: 'silent'; p: ProbeResult }
  | { size: number; kind: 'unread'; p: ProbeResult; why: string };

function step(size: number, p: ProbeResult<PingReport>): Step {
  const r = p.parsed;
  if (!r || !r.ok) return { size, kind: 'unread', p, why: r ? `${r.error.code}: ${r.error.message}` : 'not parsed' };
  const rep = r.value;
  if (rep.replies.length) return { size, kind: 'pass', p };
  const refusal = rep.errors.find((e) => e.kind === 'frag-needed' || e.kind === 'local-mtu');
  const lines = p.stdout.replace(/\r/g, '').split('\n');
  if (refusal) return { size, kind: 'refused', mtu: refusal.mtu, p, text: lines[refusal.line - 1]?.trim() ?? refusal.message };
  const err = rep.errors[0];
  if (err) return { size, kind: 'error', p, text: lines[err.line - 1]?.trim() ?? err.message };
  return { size, kind: 'silent', p };
}

/** Who reported an MTU: "From 10.20.0.1 icmp_seq=1 Frag needed ..." names a router; "ping: local error" is the source host. */
function reporter(text: string): string {
  const m = /^From (\S+)/.exec(text);
  return m ? m[1]! : 'the source host';
}

const quoteStep = (s: Step, test: (l: string) => boolean, fallback: string): EvidenceLine => quote(s.p, findLine(s.p, test) ?? fallback);

interface Clamp {
  gw: 'gwA' | 'gwB';
  text: string;
  pmtu: boolean | null;
  size: number | null;
  ev: EvidenceLine;
}

function clamps(ev: Evidence): { list: Clamp[]; unread: string[]; forward: Partial<Record<'gwA' | 'gwB', { family: string; table: string; chain: string }>> } {
  const list: Clamp[] = [];
  const unread: string[] = [];
  const forward: Partial<Record<'gwA' | 'gwB', { family: string; table: string; chain: string }>> = {};
  for (const gw of ['gwA', 'gwB'] as const) {
    const r = rulesetOf(ev, gw);
    if (!r.ok) {
      unread.push(r.missing);
      continue;
    }
    const rs: NftRuleset = r.rs;
    for (const c of rs.mssClamps) {
      list.push({ gw, text: c.text, pmtu: c.mss.pmtu, size: c.mss.size, ev: { host: r.probe.host, command: r.probe.command, line: `table ${c.family} ${c.table} chain ${c.chain}: ${c.text}` } });
    }
    for (const t of rs.tables) {
      const c = t.chains.find((x) => x.hook === 'forward' && (x.type ?? 'filter') === 'filter');
      if (c && (t.family === 'inet' || t.family === 'ip')) {
        forward[gw] = { family: t.family, table: t.name, chain: c.name };
        break;
      }
    }
  }
  return { list, unread, forward };
}

/**
 * The MSS clamp on both gateways. The fix runs on gwA (its side), so gwA's lines are commands and
 * gwB's the same lines as notes, to run there by hand.
 */
export function clampFix(ev: Evidence, mss: number, forward: ReturnType<typeof clamps>['forward']): FixLine[] {
  const out: FixLine[] = [];
  for (const gw of ['gwA', 'gwB'] as const) {
    const tun = tunnelIf(ev, gw) ?? ev.incident.sites[gw === 'gwA' ? 'a' : 'b'].gateway.wan_interface;
    const f = forward[gw];
    const clamp = ['oifname', tun, 'tcp', 'flags', 'syn', 'tcp', 'option', 'maxseg', 'size', 'set', String(mss)];
    const lines = f
      ? [nftCmd(['insert', 'rule', f.family, f.table, f.chain, ...clamp])]
      : [nftCmd(['add', 'table', 'inet', 'mangle']), nftCmd(['add', 'chain', 'inet', 'mangle', 'forward'], ['{ type filter hook forward priority mangle; }']), nftCmd(['add', 'rule', 'inet', 'mangle', 'forward', ...clamp])];
    out.push(...lines.map((l) => (gw === 'gwA' || !isCommand(l) ? l : note(`on gwB: ${fixLineText(l)}`))));
  }
  return out;
}

function run(ev: Evidence): Verdict {
  if (!ev.mtu.length) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: 'No DF-ping ladder was run from the source host, so the path MTU is unknown.', missing: ['the DF-ping ladder (ping -M do -s SIZE) from the source host'] });
  }
  const steps = ev.mtu.map((m) => step(m.size, m.result)).sort((a, b) => b.size - a.size);
  const passes = steps.filter((s) => s.kind === 'pass');
  const unread = steps.filter((s): s is Extract<Step, { kind: 'unread' }> => s.kind === 'unread');
  const best = passes[0];
  if (!best) {
    const err = steps.find((s): s is Extract<Step, { kind: 'error' }> => s.kind === 'error');
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `No ping of the ladder got a reply, not even ${steps[steps.length - 1]!.size} bytes: the path itself is broken (an earlier gate); run the MTU step after the gates pass.`,
      evidence: err ? [quote(err.p, err.text)] : [quoteStep(steps[steps.length - 1]!, (l) => /packets transmitted/.test(l), `${steps[steps.length - 1]!.size} bytes: no reply`)],
      missing: ['a path that answers small pings', ...unread.map((u) => `${u.p.command}: ${u.why}`)],
    });
  }
  const floor = best.size + ICMP_OVERHEAD;
  const refusals = steps.filter((s): s is Extract<Step, { kind: 'refused' }> => s.kind === 'refused');
  const reported = refusals.map((r) => r.mtu).filter((m): m is number => m !== null);
  const reportedMtu = reported.length ? Math.min(...reported) : null;
  const above = steps.filter((s) => s.size > best.size);
  // Too big for the path, no error said so, and small enough for every MTU that was reported: a black hole.
  const holes = above.filter((s) => s.kind === 'silent' && (reportedMtu === null || s.size + ICMP_OVERHEAD <= reportedMtu));
  const lossBelow = steps.filter((s) => s.size < best.size && s.kind === 'silent');
  const next = above.length ? Math.min(...above.map((s) => s.size)) : null;
  const c = clamps(ev);
  const bestLine = quoteStep(best, (l) => /bytes from/.test(l), `${best.size}-byte payload answered`);

  if (holes.length) {
    const mss = floor - TCP_OVERHEAD;
    const firstHole = holes[holes.length - 1]!;
    const ceiling = next !== null ? next + ICMP_OVERHEAD - 1 : null;
    const evidence: EvidenceLine[] = [bestLine, quoteStep(firstHole, (l) => /packets transmitted/.test(l), `${firstHole.size}-byte payload: no reply, no error`)];
    for (const r of refusals.slice(-1)) evidence.push(quote(r.p, r.text));
    const tcpBad = ev.tcp && ev.tcp.exitCode !== null && ev.tcp.exitCode !== 0;
    if (tcpBad && ev.tcp) evidence.push(quote(ev.tcp, ev.tcp.stdout.trim() || ev.tcp.stderr.trim() || `(no output, exit ${ev.tcp.exitCode})`));
    const sized = c.list.filter((k) => k.gw === 'gwA' && k.size !== null && k.size <= mss);
    const range = `between ${floor} and ${ceiling ?? '?'} bytes`;
    const fix = [
      ...clampFix(ev, mss, c.forward),
      note(`or lower the tunnel MTU to what the path carries: ip link set dev ${tunnelIf(ev, 'gwA') ?? '<tunnel>'} mtu ${floor} (on both gateways)`),
      note('and ask whoever filters ICMP on the WAN path to let "fragmentation needed" (type 3 code 4) through'),
    ];
    if (sized.length) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'mtu-blackhole', side: 'a',
        finding: `DF pings of ${firstHole.size}-${holes[0]!.size} bytes vanish without any "frag needed" (path MTU ${range}), a PMTUD black hole; gwA already clamps TCP MSS to ${sized[0]!.size}, so TCP is protected but other large packets still disappear.`,
        evidence: [...evidence, sized[0]!.ev], fix: fix.slice(-2),
      });
    }
    const rtOnly = c.list.filter((k) => k.pmtu === true);
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'mtu-blackhole', side: 'a',
      finding: `PMTUD black hole: a ${best.size}-byte DF ping gets an answer but ${holes.length === 1 ? `the ${firstHole.size}-byte one vanishes` : `${firstHole.size}-${holes[0]!.size}-byte ones vanish`} with no "frag needed" or local MTU error, so the path MTU is ${range}${tcpBad ? ' and the TCP transfer stalled' : ''}; clamp TCP MSS to ${mss} (path MTU ${floor} - 40)${rtOnly.length ? ` (the existing "rt mtu" clamp follows ${tunnelIf(ev, 'gwA') ?? 'the tunnel'}'s own MTU, not the smaller path)` : ''}.`,
      evidence: [...evidence, ...rtOnly.map((k) => k.ev)],
      fix,
    });
  }

  const pmtu = reportedMtu !== null && reportedMtu >= floor ? reportedMtu : null;
  const mtuText = pmtu !== null ? `path MTU ${pmtu} (reported by ${reporter(refusals.find((r) => r.mtu === pmtu)!.text)}; the largest ladder step answered was ${best.size} bytes)` : next === null ? `every step answered, path MTU at least ${floor}` : `path MTU at least ${floor}`;
  const mss = (pmtu ?? floor) - TCP_OVERHEAD;
  const evidence: EvidenceLine[] = [bestLine, ...refusals.slice(-1).map((r) => quote(r.p, r.text))];
  const clampNote = c.list.length ? `; MSS clamp present (${c.list.map((k) => `${k.gw}: ${k.text}`).join('; ')})` : `; no MSS clamp on either gateway (not needed while PMTUD works; if it ever breaks: tcp option maxseg size set ${mss})`;
  if (lossBelow.length) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `No PMTUD black hole (${mtuText}), but smaller DF pings of ${lossBelow.map((s) => s.size).join(', ')} bytes went unanswered: packet loss on the path${clampNote}.`,
      evidence: [...evidence, ...lossBelow.map((s) => quoteStep(s, (l) => /packets transmitted/.test(l), `${s.size}-byte payload: no reply`)), ...c.list.map((k) => k.ev)],
      missing: unread.map((u) => `${u.p.command}: ${u.why}`),
    });
  }
  const failedAbove = above.filter((s) => s.kind === 'error' || s.kind === 'unread');
  if (!refusals.length && failedAbove.length) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `${mtuText}, but larger DF pings failed with other errors (${failedAbove.map((s) => s.size).join(', ')} bytes), not with an MTU message: the ladder does not show whether PMTUD works${clampNote}.`,
      evidence: [...evidence, ...failedAbove.filter((s): s is Extract<Step, { kind: 'error' }> => s.kind === 'error').slice(0, 1).map((s) => quote(s.p, s.text)), ...c.list.map((k) => k.ev)],
      missing: unread.map((u) => `${u.p.command}: ${u.why}`),
    });
  }
  const how = refusals.length ? 'larger packets are refused with an explicit MTU error, so PMTUD works' : `every DF ping up to ${best.size} bytes was answered`;
  return verdict({
    check: ID, gate: GATE, status: 'PASS',
    finding: `${mtuText}: ${how}; TCP MSS should not exceed ${mss}${clampNote}.`,
    evidence: [...evidence, ...c.list.map((k) => k.ev)],
    missing: unread.map((u) => `${u.p.command}: ${u.why}`),
  });
}

export const pathMtu: Check = { id: ID, gate: GATE, title: TITLE, run };
