// Why: after decryption gwB forwards tunnel -> LAN, and the reply LAN -> tunnel; a forward chain that drops either stops delivery.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { nftCmd, note } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import { overlapNote, siteOf, tunnelIf } from './common.js';
import { describe, evaluate, type NftPacket, type Outcome } from '../nft-eval.js';
import { atB, rulesetOf } from './remote.js';
import { echoSeen } from '../pair-sighting.js';

const ID = 'gate4.remote-forward';
const GATE = 4 as const;
const TITLE = "gwB's forward chain lets the decrypted packet (tunnel -> LAN) and its reply (LAN -> tunnel) through";

function packets(ev: Evidence): Array<{ label: string; p: NftPacket }> {
  const { source, destination, protocol, port } = ev.incident.pair;
  const site = siteOf(ev, 'gwB');
  const tun = tunnelIf(ev, 'gwB') ?? site.gateway.wan_interface;
  const lan = site.gateway.lan_interface;
  const protos: Array<'icmp' | 'tcp'> = protocol === 'tcp' ? ['tcp', 'icmp'] : ['icmp'];
  const out: Array<{ label: string; p: NftPacket }> = [];
  for (const proto of protos) {
    const what = proto === 'tcp' ? `TCP SYN to port ${port ?? '?'}` : 'ICMP echo request';
    out.push({ label: `${what} ${source} -> ${destination} from ${tun} to ${lan}`, p: { iif: tun, oif: lan, saddr: source, daddr: destination, proto, dport: proto === 'tcp' ? port ?? null : null, ct: 'new' } });
  }
  out.push({ label: `reply ${destination} -> ${source} from ${lan} to ${tun}`, p: { iif: lan, oif: tun, saddr: destination, daddr: source, proto: protos[0]!, dport: null, ct: 'established' } });
  return out;
}

function run(ev: Evidence): Verdict {
  const overlap = overlapNote(ev);
  if (overlap) return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gwB's handling of the decrypted packet cannot be judged for this pair: ${overlap}.`, missing: ['a test pair whose addresses belong to distinct sites'] });
  const rs = rulesetOf(ev, 'gwB');
  if (!rs.ok) return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: "gwB's firewall ruleset was not read.", missing: [rs.missing] });
  const results = packets(ev).map((x) => ({ ...x, o: evaluate(rs.rs, 'forward', x.p) }));
  const q = (o: Outcome): EvidenceLine[] => o.decisions.map((d) => ({ host: rs.probe.host, command: rs.probe.command, line: describe(d) }));
  const b = atB(ev);
  const dropped = results.find((r) => r.o.kind === 'drop');
  const site = siteOf(ev, 'gwB');
  const tun = tunnelIf(ev, 'gwB') ?? site.gateway.wan_interface;
  if (dropped) {
    const d = dropped.o.decisions[dropped.o.decisions.length - 1]!;
    const isReply = dropped.p.ct === 'established';
    const at = ['insert', 'rule', d.table.family, d.table.name, d.chain.name];
    const fix = [
      isReply
        ? nftCmd(at, ['ct', 'state', 'established,related', 'accept'])
        : nftCmd([...at, 'iifname', String(dropped.p.iif), 'oifname', String(dropped.p.oif), 'ip', 'saddr', siteOf(ev, 'gwA').lan[0]!, 'ip', 'daddr', site.lan[0]!, 'accept']),
      note('and persist it in the firewall configuration (/etc/nftables.conf)'),
    ];
    const by = d.rule ? `the rule "${d.rule.text}"` : `the chain's policy ${d.chain.policy}`;
    const finding = `gwB's forward chain ${d.table.family} ${d.table.name} ${d.chain.name} drops the ${dropped.label} (${by})`;
    if (!b.live) return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'forward-drop', side: 'b', finding: `${finding}.`, evidence: q(dropped.o), fix });
    if (!b.reachedTunnel) {
      return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `${finding}, but the test packet never came out of gwB's ${tun}, so this is not yet what stops it.`, evidence: q(dropped.o), fix, missing: [`the test packet arriving at gwB's ${tun}`] });
    }
    const stoppedHere = isReply ? b.answered : !b.onLan;
    const echo = echoSeen(ev, 'lanB');
    const icmpToo = dropped.p.proto === 'tcp' && echo && echo.replies > 0 ? ` ICMP passes (the echo was delivered on ${site.gateway.lan_interface} and answered, ${echo.replies} replies) and TCP does not.` : '';
    if (stoppedHere) {
      return verdict({ check: ID, gate: GATE, status: 'FAIL', cause: 'forward-drop', side: 'b', finding: `${finding}: the packet came out of ${tun} ${isReply ? 'and was answered, but the reply goes no further' : 'but never appeared on the LAN'}.${icmpToo}`, evidence: [...q(dropped.o), ...b.evidence], fix });
    }
    return verdict({ check: ID, gate: GATE, status: 'WARN', cause: 'forward-drop', side: 'b', finding: `${finding} by gatewalk's reading of the ruleset, yet the capture shows the packet ${isReply ? 'was not answered on the LAN' : 'on the LAN'}: configuration and capture disagree.`, evidence: [...q(dropped.o), ...b.evidence], fix });
  }
  const unknown = results.find((r) => r.o.kind === 'unknown');
  if (unknown) {
    const d = unknown.o.decisions.find((x) => x.kind === 'unknown')!;
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `gatewalk cannot evaluate gwB's forward chain for the ${unknown.label}: ${d.why}.`, evidence: q(unknown.o), missing: ['a forward chain gatewalk can evaluate (named sets, maps and iptables-nft rules are not read)'] });
  }
  const first = results[0]!;
  const chains = first.o.decisions.length;
  return verdict({
    check: ID, gate: GATE, status: 'PASS',
    finding: chains ? `gwB's forward chain accepts the decrypted packet and its reply (${first.o.decisions.map((d) => (d.rule ? `"${d.rule.comment ?? d.rule.text}"` : `policy ${d.chain.policy}`)).join(', ')}).` : 'gwB has no forward filter chain: nothing is dropped there.',
    evidence: results.flatMap((r) => q(r.o)).filter((e, i, a) => a.findIndex((x) => x.line === e.line) === i),
  });
}

export const remoteForward: Check = { id: ID, gate: GATE, title: TITLE, run };
