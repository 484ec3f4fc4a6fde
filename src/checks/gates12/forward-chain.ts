// Why: gate 2: the gateway's forward chain must accept a new LAN -> tunnel connection; a drop policy without the accept rule eats it (runbook Task 10).

import type { NftRuleset } from '../../parsers/firewall/nft-ruleset.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { fixLineText, nftCmd, note } from '../fix.js';
import { covers, quote, read, sightingLine } from '../common.js';
import { localLans, remoteLans, tunnelIf } from './common.js';
import { baseChains, chainName, chainQuoteText, ruleQuoteText, walkBase, type NftPacket, type Walk } from '../nft-eval.js';
import type { Evidence, ProbeResult } from '../../engine/analyze.js';
import { echoSeen, pairSeen } from '../pair-sighting.js';
import { otherDrops } from './forward-other.js';

const ID = 'gate2.forward-chain';
const GATE = 2;

function counterLines(w: Walk, probe: ProbeResult): EvidenceLine[] {
  // Counter-only rules the packet passed on its way to the policy ("reaches policy drop").
  return w.counted.filter((c) => (c.rule.counter?.packets ?? 0) > 0).slice(-1).map((c) => quote(probe, ruleQuoteText(probe.stdout, w.table, c.chain, c.rule)));
}

/** Whether the ruleset would also stop the pair's ICMP echo (then the ping passing is not "ICMP passes, TCP does not"). */
function icmpBlocked(chains: ReturnType<typeof baseChains>, pkt: NftPacket): boolean {
  const p: NftPacket = { ...pkt, proto: 'icmp', dport: null };
  return chains.some((c) => {
    const w = walkBase(c.table, c.chain, p);
    return w.outcome === 'drop' || w.outcome === 'reject';
  });
}

function run(ev: Evidence): Verdict {
  const inc = ev.incident;
  const { source: src, destination: dst } = inc.pair;
  const lanIf = inc.sites.a.gateway.lan_interface;
  const tun = tunnelIf(ev, 'a');
  const oif = tun ?? inc.sites.a.gateway.wan_interface;

  const dstInA = localLans(ev).find((l) => covers(l, dst));
  if (dstInA) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `${dst} lies inside site A's ${dstInA}: the packet is not forwarded toward the tunnel at all, so the forward chain was not judged (see gate 1, overlap).`,
    });
  }

  const rs = read<NftRuleset>(ev, 'gwA.ruleset');
  if (!rs.ok) {
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `gwA's nftables ruleset could not be read, so whether its forward chain lets ${src} -> ${dst} through is unknown.`,
      missing: [rs.missing],
    });
  }
  const chains = baseChains(rs.value, 'forward', 'filter');
  if (!chains.length) {
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `gwA has no nftables forward chain, so nftables filters nothing forwarded (rules loaded with iptables-legacy would not show here).`,
      evidence: [quote(rs.probe, `no chain with "hook forward" in ${rs.value.tables.map((t) => `${t.family} ${t.name}`).join(', ') || 'an empty ruleset'}`)],
    });
  }

  const pkt: NftPacket = { iif: lanIf, oif, saddr: src, daddr: dst, proto: inc.pair.protocol, dport: inc.pair.port ?? null, ct: 'new' };
  const walks = chains.map((c) => walkBase(c.table, c.chain, pkt));
  const what = `a new ${inc.pair.protocol}${inc.pair.port !== undefined ? `/${inc.pair.port}` : ''} connection ${src} -> ${dst} from ${lanIf} to ${oif}`;
  const blocking = walks.find((w) => w.outcome === 'drop' || w.outcome === 'reject');

  if (blocking) {
    const decided = blocking.rule
      ? quote(rs.probe, ruleQuoteText(rs.probe.stdout, blocking.table, blocking.chain, blocking.rule))
      : quote(rs.probe, chainQuoteText(rs.probe.stdout, rs.value.format, blocking.table, blocking.chain));
    const evidence: EvidenceLine[] = [decided, ...counterLines(blocking, rs.probe)];
    // The pair's own protocol decides: for a TCP pair, the ping beside it entering the tunnel proves nothing about the port.
    const lanA = pairSeen(ev, 'lanA');
    const tunA = pairSeen(ev, 'tunA');
    if (tunA && tunA.requests > 0) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'forward-drop', side: 'a',
        finding: `By the ruleset, ${chainName(blocking.table, blocking.chain)} would ${blocking.outcome} ${what}, yet the capture saw the test packet enter ${oif}: the ruleset and the capture disagree.`,
        evidence: [...evidence, sightingLine(tunA)],
      });
    }
    const unsure = blocking.uncertain.filter((u) => u.rule.verdict === 'accept' || u.rule.verdict === 'jump' || u.rule.verdict === 'goto');
    if (unsure.length) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'forward-drop', side: 'a',
        finding: `${chainName(blocking.table, blocking.chain)} seems to ${blocking.outcome} ${what}, unless "${unsure[0]!.rule.text}" (which gatewalk cannot evaluate) accepts it.`,
        evidence: [...evidence, quote(rs.probe, ruleQuoteText(rs.probe.stdout, blocking.table, unsure[0]!.chain, unsure[0]!.rule))],
      });
    }
    if (lanA && lanA.requests > 0) evidence.push(sightingLine(lanA));
    if (tunA) evidence.push(sightingLine(tunA));
    const c = ev.counters.gwA;
    if (c?.tunnel && c.tunnel.txPackets === 0) evidence.push({ host: c.host, command: c.command, line: `${oif} TX packets +0 over ${c.samples} samples while traffic flowed` });
    const t = [blocking.table.family, blocking.table.name, blocking.chain.name];
    const allow = localLans(ev).flatMap((a) => remoteLans(ev).map((b) => nftCmd(['insert', 'rule', ...t, 'iifname', lanIf, 'oifname', oif, 'ip', 'saddr', a, 'ip', 'daddr', b, 'counter', 'accept'], ['comment', '"lan to vpn"'])));
    const del = blocking.rule && blocking.rule.handle !== null ? [note(`or remove the dropping rule: ${fixLineText(nftCmd(['delete', 'rule', ...t, 'handle', String(blocking.rule.handle)]))}`)] : [];
    const echo = echoSeen(ev, 'tunA');
    const icmpPasses = !!echo && echo.requests > 0 && !icmpBlocked(chains, pkt);
    if (icmpPasses && echo.firstRequest) evidence.push(quote({ host: tunA?.host ?? 'gwA', command: tunA?.command ?? 'tcpdump' }, echo.firstRequest));
    const both = icmpPasses && echo ? ` ICMP passes (the echo entered ${oif}: ${echo.requests} requests, ${echo.replies} replies) and TCP does not: the drop is for the port, not the path.` : '';
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'forward-drop', side: 'a',
      finding: (blocking.rule
        ? `gwA's ${chainName(blocking.table, blocking.chain)} ${blocking.outcome}s ${what} at "${blocking.rule.text}".`
        : `No rule in gwA's ${chainName(blocking.table, blocking.chain)} accepts ${what}, so it falls to the chain's policy ${blocking.chain.policy ?? 'drop'}${evidence.length > 1 && blocking.counted.some((x) => (x.rule.counter?.packets ?? 0) > 0) ? ' (the counter before the policy is climbing)' : ''}.`) + both,
      evidence,
      fix: [...allow, ...del],
    });
  }

  // Accepted everywhere.
  const evidence = walks.map((w) => quote(rs.probe, w.rule ? ruleQuoteText(rs.probe.stdout, w.table, w.chain, w.rule) : chainQuoteText(rs.probe.stdout, rs.value.format, w.table, w.chain)));
  const unsure = walks.flatMap((w) => w.uncertain.filter((u) => u.rule.verdict === 'drop' || u.rule.verdict === 'reject' || u.rule.verdict === 'jump' || u.rule.verdict === 'goto').map((u) => ({ w, u })));
  if (unsure.length) {
    const { w, u } = unsure[0]!;
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: 'forward-drop', side: 'a',
      finding: `gwA's forward chain accepts ${what}, unless "${u.rule.text}" (which gatewalk cannot evaluate) drops it first.`,
      evidence: [...evidence, quote(rs.probe, ruleQuoteText(rs.probe.stdout, w.table, u.chain, u.rule))],
    });
  }
  const first = walks[0]!;
  // The pair passes; a drop for another port of the same LAN -> tunnel traffic breaks other flows, not this one.
  const other = otherDrops(chains, pkt);
  if (other) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: 'forward-drop', side: 'a',
      finding: `gwA's forward chain accepts ${what}, but ${chainName(other.table, other.chain)} ${other.outcome}s ${other.what} at "${other.rule.text}": other flows from site A to site B break there, not this pair.`,
      evidence: [...evidence, quote(rs.probe, ruleQuoteText(rs.probe.stdout, other.table, other.chain, other.rule))],
    });
  }
  return verdict({
    check: ID, gate: GATE, status: 'PASS',
    finding: `gwA's ${chainName(first.table, first.chain)} accepts ${what}${first.rule ? `${first.rule.comment ? ` (rule "${first.rule.comment}")` : ''}` : ` by its policy ${first.chain.policy ?? 'accept'}`}.`,
    evidence,
  });
}

export const forwardChain: Check = {
  id: ID,
  gate: GATE,
  title: "gwA's nftables forward chain accepts a new LAN -> tunnel connection",
  run,
};
