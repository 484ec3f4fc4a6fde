// Why: follow-ups the evidence supports (prefix contract, firewall/NAT contract, MTU/MSS, persisting runtime fixes, monitoring), each citing what triggered it.

import { journalFixCommands, journalFixText } from '../journal/fix-lines.js';
import type { Cause } from '../checks/types.js';
import type { JournalIndex } from './journal-index.js';
import type { Summary } from './summary.js';
import { counterPairs, flatDirections } from './counters.js';
import { GATES, gateName } from './gates.js';
import { CLOCK_WARN_MS } from './unknowns.js';
import { redactText } from './secrets.js';
import { clip } from './md.js';
import { lit, t, join, type Text } from './text.js';
import { probeRuns } from './probe-runs.js';

export interface FollowUp {
  id: 'prefix-contract' | 'firewall-contract' | 'mtu-mss' | 'persist-sysctl' | 'persist-fix' | 'monitor-data-plane' | 'rerun' | 'access' | 'time-sync';
  title: string;
  text: Text;
  /** What in the journal supports it. */
  because: Text;
}

const PREFIX_CAUSES: readonly Cause[] = ['no-route', 'policy-routing', 'allowed-ips', 'selectors', 'overlap', 'no-return-route', 'wrong-gateway'];

export type VpnKind = 'wireguard' | 'ipsec' | null;

/** WireGuard or IPsec, from the commands the session ran or the incident file it started from. */
export function vpnKind(ix: JournalIndex): VpnKind {
  if (probeRuns(ix).some((c) => c.argv[0] === 'wg') || /type:\s*wireguard/.test(ix.start?.incidentText ?? '')) return 'wireguard';
  if (probeRuns(ix).some((c) => c.argv[0] === 'swanctl' || c.argv[0] === 'ipsec') || /type:\s*(strongswan|ipsec)/.test(ix.start?.incidentText ?? '')) return 'ipsec';
  return null;
}

function causes(ix: JournalIndex): Array<{ cause: Cause; gate: string; side: string }> {
  const out: Array<{ cause: Cause; gate: string; side: string }> = [];
  for (const f of ix.failures) if (f.failure && !out.some((x) => x.cause === f.failure!.cause)) out.push({ cause: f.failure.cause, gate: gateName(f.failure.gate), side: f.failure.side.toUpperCase() });
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function because(c: { cause: Cause; gate: string; side: string }): Text {
  return [`${cap(c.gate)} failed with cause `, { code: c.cause }, ` on site ${c.side}.`];
}

const RUNTIME_ONLY: Array<[RegExp, string]> = [
  [/^\s*ip\s+(-\d\s+)?route\s+(add|replace|change)\b/, "the gateway's network configuration"],
  [/^\s*ip\s+rule\s+add\b/, "the gateway's network configuration"],
  [/^\s*ip\s+link\s+set\b.*\bmtu\b/, "the interface's configuration"],
  [/^\s*nft\s+(add|insert|replace)\b/, 'the persisted nftables ruleset'],
  [/^\s*iptables\s+-[AIR]\b/, 'the persisted iptables rules'],
  [/^\s*wg\s+set\b/, "the tunnel's configuration file"],
];

function mtuFinding(ix: JournalIndex, run: number): string {
  const v = ix.verdicts.find((x) => x.run === run && x.verdict.gate === 'mtu' && (x.verdict.status === 'FAIL' || x.verdict.status === 'WARN'));
  return (v?.verdict.finding ?? '').replace(/[.;:]\s.*$/s, '');
}

export function followUps(ix: JournalIndex, summary: Summary): FollowUp[] {
  const out: FollowUp[] = [];
  const kind = vpnKind(ix);
  const cs = causes(ix);
  const lanA = ix.start?.sites.a?.lan;
  const lanB = ix.start?.sites.b?.lan;

  const prefix = cs.find((c) => PREFIX_CAUSES.includes(c.cause));
  if (prefix) {
    const policy: Text = kind === 'wireguard' ? ['the AllowedIPs of both WireGuard peers'] : kind === 'ipsec' ? ['the child SA traffic selectors on both ends (local_ts/remote_ts, mirrored)'] : ['the tunnel policy on both ends (AllowedIPs or traffic selectors)'];
    const pair: Text = lanA && lanB ? [' (site A ', { code: lanA }, ' ↔ site B ', { code: lanB }, ')'] : [];
    out.push({
      id: 'prefix-contract',
      title: 'Write down the prefix contract',
      text: ['Record which prefixes this tunnel carries', ...pair, ', and check both directions against it: the routes on both gateways, including the return route on site B, and ', ...policy, '.', ...(prefix.cause === 'overlap' ? [' Where prefixes overlap, the contract also names the translated ranges.'] : [])],
      because: because(prefix),
    });
  }
  const fw = cs.find((c) => c.cause === 'forward-drop' || c.cause === 'nat-on-tunnel');
  if (fw) {
    out.push({
      id: 'firewall-contract',
      title: 'Write down the firewall and NAT rules for tunnel traffic',
      text: ['List the forward rules that let the two LANs talk through the tunnel in both directions, and the NAT exemption that keeps that traffic untranslated; keep both in the persisted ruleset and re-test the pair after every firewall change.'],
      because: because(fw),
    });
  }
  const mtuBad = ix.gates.find((g) => g.gate === 'mtu' && (g.status === 'FAIL' || g.status === 'WARN'));
  if (mtuBad) {
    const mtuFix = ix.proposed.find((p) => p.gate === 'mtu');
    out.push({
      id: 'mtu-mss',
      title: 'Set MTU and MSS on purpose',
      text: [
        'Keep a TCP MSS clamp for traffic into the tunnel (or a tunnel MTU the path carries) in the persisted configuration of both gateways, test with a large transfer and not only ping, let ICMP "fragmentation needed" through where policy allows, and watch TCP retransmits on the gateways.',
        ...(mtuFix ? [' Proposed: ', { code: redactText(journalFixCommands(mtuFix.commands)[0] ?? (mtuFix.commands[0] === undefined ? '' : journalFixText(mtuFix.commands[0]))) }, '.'] : []),
      ],
      because: [`MTU was ${mtuBad.status} in run ${mtuBad.run}: `, clip(mtuFinding(ix, mtuBad.run), 160), '.'],
    });
  }
  const sys = cs.find((c) => c.cause === 'ip-forward-off' || c.cause === 'rp-filter');
  const sysFix = ix.applied.find((a) => journalFixCommands(a.commands).some((c) => /^\s*sysctl\s+(-w\s+)?[a-z]/.test(c)));
  if (sys || sysFix) {
    out.push({
      id: 'persist-sysctl',
      title: 'Persist the sysctl settings',
      text: [
        'Put the forwarding and reverse-path settings the tunnel needs (',
        { code: 'net.ipv4.ip_forward' },
        ', ',
        { code: 'rp_filter' },
        ' on the LAN and tunnel interfaces) in a file under ',
        { code: '/etc/sysctl.d/' },
        ' on both gateways: a runtime change is lost at the next reboot.',
      ],
      because: sys ? because(sys) : t`${lit(journalFixCommands(sysFix!.commands)[0] ?? '')} was applied at runtime on ${lit(sysFix!.host)}.`,
    });
  }
  for (const a of ix.applied) {
    const runtime = journalFixCommands(a.commands).map((c) => ({ c, where: RUNTIME_ONLY.find(([re]) => re.test(c))?.[1] })).filter((x) => x.where);
    if (!runtime.length) continue;
    out.push({
      id: 'persist-fix',
      title: `Persist the fix applied on ${a.host}`,
      text: ['The applied fix changed the running state only; write it into ', [...new Set(runtime.map((x) => x.where!))].join(' and '), ' on ', { code: a.host }, ', or a reboot brings the outage back.'],
      because: ['Applied at runtime: ', ...join(runtime.map((x) => [{ code: redactText(x.c) }]), ', '), '.'],
    });
  }
  const flat = counterPairs(ix).filter((p) => flatDirections(p).length);
  if (flat.length) {
    const what = kind === 'wireguard' ? 'the WireGuard transfer bytes' : kind === 'ipsec' ? 'the child SA byte counters' : 'the SA/transfer byte counters';
    out.push({
      id: 'monitor-data-plane',
      title: 'Monitor the data plane, not only "tunnel up"',
      text: [`Graph ${what} and the tunnel interface counters on both gateways, and alert when they stay flat while the tunnel reports up.`],
      because: [
        ...join(
          flat.map((p) => [{ code: p.iface }, ' on ', { code: p.host }, ` moved no packets ${flatDirections(p).map((d) => (d === 'rx' ? 'in' : 'out')).join(' or ')}`]),
          '; ',
        ),
        ' while the test ran.',
      ],
    });
  }
  if (summary.state === 'open' && summary.failure) {
    const after = GATES.slice(GATES.indexOf(summary.failure.gate) + 1);
    const lastRun = Math.max(...ix.runs);
    const unjudged = after.filter((g) => ix.gates.some((x) => x.gate === g && x.run === lastRun && x.status === 'UNKNOWN'));
    if (unjudged.length) {
      out.push({
        id: 'rerun',
        title: 'Walk the pair again after the fix',
        text: [`Once ${gateName(summary.failure.gate)} passes, run gatewalk again on the same test pair: ${unjudged.map(gateName).join(', ')} could not be judged yet.`],
        because: [
          `${cap(unjudged.map(gateName).join(', '))} ${unjudged.length === 1 ? 'is' : 'are'} UNKNOWN in run ${lastRun}: the test packet never got that far`,
          ...unjudged.filter((g) => ix.decisions.some((d) => d.gate === g && d.action === 'override')).map((g) => ` (the operator's override of ${gateName(g)} is not evidence)`),
          '.',
        ],
      });
    }
  }
  const unreachable = ix.targets.filter((x) => !x.reached);
  if (unreachable.length) {
    out.push({
      id: 'access',
      title: 'Restore access for diagnosis',
      text: ['Make sure the jump host can reach ', ...join(unreachable.map((x) => [{ code: x.host }]), ', '), ' over ssh (key, sudo -n for the read-only commands) before the next incident.'],
      because: ['Not reached during this session.'],
    });
  }
  const skewed = ix.clocks.filter((c) => Math.abs(c.offsetMs) >= CLOCK_WARN_MS);
  if (skewed.length) {
    out.push({
      id: 'time-sync',
      title: 'Fix time synchronisation',
      text: ['Check NTP on ', ...join(skewed.map((c) => [{ code: c.host }]), ', '), ': logs and captures from hosts whose clocks disagree are hard to line up in the next incident.'],
      because: join(skewed.map((c) => t`${lit(c.host)} was ${c.offsetMs} ms off`), '; '),
    });
  }
  return out;
}
