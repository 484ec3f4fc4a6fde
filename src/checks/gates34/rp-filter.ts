// Why: strict reverse-path filtering drops packets that arrive on an interface other than the one the gateway would route back through.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { argvText, cmd, note, type FixLine } from '../fix.js';
import type { Evidence, Sighting } from '../../engine/analyze.js';
import type { SysctlValues } from '../../parsers/iproute/sysctl.js';
import { effectiveRpFilter } from '../../parsers/iproute/sysctl.js';
import { counter, type NstatCounters } from '../../parsers/iproute/nstat.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { RuleList } from '../../parsers/iproute/ip-rule-show.js';
import { findLine, quote, read, sightingLine } from '../common.js';
import { seen, siteOf, tunnelIf, sideOf, type Gw } from './common.js';

const ID = 'gate4.rp-filter';
const GATE = 4 as const;
const TITLE = 'rp_filter on each gateway: strict mode where the test flow arrives on an unexpected interface';

const MODE: Record<number, string> = { 0: 'off', 1: 'strict', 2: 'loose' };

interface SideResult {
  gw: Gw;
  status: 'FAIL' | 'WARN' | 'PASS' | 'UNKNOWN';
  finding: string;
  evidence: EvidenceLine[];
  fix: FixLine[];
  missing: string[];
}

/** The flow's packets arriving in clear on this gateway's WAN: replies on gwA, requests from the source on gwB. */
function clearArrival(ev: Evidence, gw: Gw): { s: Sighting; text: string } | null {
  if (gw === 'gwA') {
    const s = seen(ev, 'wanA');
    return s && s.replies > 0 && s.firstReply ? { s, text: s.firstReply } : null;
  }
  const s = seen(ev, 'wanB');
  // Only packets still carrying the source's own address: a NATed leak passes the reverse-path test on gwB.
  const src = new RegExp(` IP ${ev.incident.pair.source.replace(/\./g, '\\.')}(\\.\\d+)? > `);
  return s && s.requests > 0 && s.firstRequest && src.test(s.firstRequest) ? { s, text: s.firstRequest } : null;
}

/** On gwB, the policy rule sending replies to a WAN table (the asymmetry), for the preferred fix. */
function asymmetryRule(ev: Evidence): { evidence: EvidenceLine; del: string[] } | null {
  const rg = read<RouteGet>(ev, 'gwB.route-get');
  const tun = tunnelIf(ev, 'gwB');
  if (!rg.ok || rg.value.kind !== 'route' || !tun || rg.value.dev === tun || !rg.value.table || rg.value.table === 'main') return null;
  const rules = read<RuleList>(ev, 'gwB.rules');
  if (!rules.ok) return null;
  const table = rg.value.table;
  const rule = rules.value.rules.find((x) => x.action === 'lookup' && x.table === table);
  if (!rule) return null;
  const sel = ['from', rule.from, ...(rule.to ? ['to', rule.to] : [])];
  return {
    evidence: quote(rules.probe, JSON.stringify({ priority: rule.priority, src: rule.from, ...(rule.to ? { dst: rule.to } : {}), table })),
    del: ['ip', 'rule', 'del', ...sel, 'lookup', table, 'priority', String(rule.priority)],
  };
}

function side(ev: Evidence, gw: Gw): SideResult {
  const site = siteOf(ev, gw);
  const ifs = [site.gateway.wan_interface, site.gateway.lan_interface, ...(tunnelIf(ev, gw) ? [tunnelIf(ev, gw)!] : [])];
  const s = read<SysctlValues>(ev, `${gw}.sysctl`);
  if (!s.ok) return { gw, status: 'UNKNOWN', finding: `${gw}'s rp_filter settings were not read`, evidence: [], fix: [], missing: [s.missing] };
  const modes = ifs.map((i) => ({ i, mode: effectiveRpFilter(s.value, i) }));
  const strict = modes.filter((m) => m.mode === 1);
  const sysctlLines = (i: string) => {
    const out: EvidenceLine[] = [];
    for (const key of ['net.ipv4.conf.all.rp_filter', `net.ipv4.conf.${i.replace(/\./g, '/')}.rp_filter`]) {
      const l = findLine(s.probe, (x) => x.startsWith(`${key} `));
      if (l) out.push(quote(s.probe, l));
    }
    return out;
  };
  const n = read<NstatCounters>(ev, `${gw}.nstat`);
  const drops = n.ok ? counter(n.value, 'TcpExtIPReversePathFilter') : null;
  const dropLine = n.ok ? findLine(n.probe, (x) => x.startsWith('TcpExtIPReversePathFilter')) ?? `TcpExtIPReversePathFilter ${drops} (not printed: 0)` : null;
  const arrival = clearArrival(ev, gw);
  const wan = site.gateway.wan_interface;
  const wanMode = effectiveRpFilter(s.value, wan);
  const loosen = (i: string): FixLine[] => [cmd('sysctl', '-w', 'net.ipv4.conf.all.rp_filter=2'), cmd('sysctl', '-w', `net.ipv4.conf.${i.replace(/\./g, '/')}.rp_filter=2`), note('persist in /etc/sysctl.d/ (loose mode; 0 turns it off)')];
  const what = gw === 'gwA' ? 'replies from the destination' : 'requests from the source';

  if (arrival && wanMode === 1) {
    const evidence = [sightingLine(arrival.s, arrival.text), ...sysctlLines(wan), ...(dropLine && n.ok ? [quote(n.probe, dropLine)] : [])];
    const asym = gw === 'gwA' ? asymmetryRule(ev) : null;
    if (asym) evidence.push(asym.evidence);
    const fix = [...(asym ? [note(`preferred, on gwB: send the replies back through the tunnel: ${argvText(asym.del)}`)] : [note(`preferred: make the ${gw === 'gwA' ? 'replies' : 'requests'} come back through the tunnel (symmetric routing)`)]), ...loosen(wan)];
    if (drops !== null && drops > 0) {
      return {
        gw, status: 'FAIL',
        finding: `${gw} has strict rp_filter on ${wan} while the ${what} arrive there in clear (the route back to their sender is not ${wan}), and the kernel counted ${drops} reverse-path drops (TcpExtIPReversePathFilter): ${gw} drops them as spoofed`,
        evidence, fix, missing: [],
      };
    }
    return {
      gw, status: 'WARN',
      finding: `${gw} has strict rp_filter on ${wan} and the ${what} arrive there in clear, but ${drops === null ? 'the kernel drop counter was not read' : 'the kernel counted no reverse-path drops'}: likely dropped as spoofed, not proven`,
      evidence, fix, missing: n.ok ? [] : [n.missing],
    };
  }
  if (strict.length) {
    const evidence = strict.flatMap((m) => sysctlLines(m.i)).filter((e, i, a) => a.findIndex((x) => x.line === e.line) === i);
    return {
      gw, status: 'WARN',
      finding: `${gw} filters reverse paths strictly on ${strict.map((m) => m.i).join(', ')}: harmless while routing is symmetric, but it drops the traffic as soon as ${what} arrive on another interface${drops ? ` (TcpExtIPReversePathFilter ${drops} since boot)` : ''}`,
      evidence: dropLine && drops && n.ok ? [...evidence, quote(n.probe, dropLine)] : evidence, fix: [], missing: [],
    };
  }
  const unread = modes.filter((m) => m.mode === null).map((m) => m.i);
  return {
    gw, status: 'PASS',
    finding: `${gw}'s rp_filter is ${modes.filter((m) => m.mode !== null).map((m) => `${MODE[m.mode!] ?? m.mode} on ${m.i}`).join(', ')}${unread.length ? ` (not read for ${unread.join(', ')})` : ''}`,
    evidence: [], fix: [], missing: [],
  };
}

function run(ev: Evidence): Verdict {
  const sides = (['gwA', 'gwB'] as const).map((gw) => side(ev, gw));
  const fail = sides.find((s) => s.status === 'FAIL');
  if (fail) {
    return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'rp-filter', side: sideOf(fail.gw), finding: `${fail.finding}.`, evidence: fail.evidence, fix: fail.fix });
  }
  const warnWithArrival = sides.find((s) => s.status === 'WARN' && s.fix.length);
  if (warnWithArrival) {
    return verdict({ check: ID, gate: GATE, status: 'WARN', cause: 'rp-filter', side: sideOf(warnWithArrival.gw), finding: `${warnWithArrival.finding}.`, evidence: warnWithArrival.evidence, fix: warnWithArrival.fix, missing: warnWithArrival.missing });
  }
  const warns = sides.filter((s) => s.status === 'WARN');
  if (warns.length) {
    return verdict({ check: ID, gate: GATE, status: 'WARN', finding: `${warns.map((w) => w.finding).join('; ')}.`, evidence: warns.flatMap((w) => w.evidence) });
  }
  const unknown = sides.filter((s) => s.status === 'UNKNOWN');
  if (unknown.length === sides.length) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "Neither gateway's rp_filter settings could be read.", missing: unknown.flatMap((u) => u.missing) });
  }
  return verdict({
    check: ID, gate: GATE, status: unknown.length ? 'UNKNOWN' : 'PASS',
    finding: `${sides.filter((s) => s.status === 'PASS').map((s) => s.finding).join('; ')}${unknown.length ? `; ${unknown.map((u) => u.finding).join('; ')}` : ''}.`,
    missing: unknown.flatMap((u) => u.missing),
  });
}

export const rpFilter: Check = { id: ID, gate: GATE, title: TITLE, run };
