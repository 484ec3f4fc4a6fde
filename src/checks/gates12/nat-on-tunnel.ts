// Why: gate 2: a masquerade/SNAT that also catches tunnel traffic rewrites the source, and the peer's selectors, AllowedIPs or firewall drop it (runbook Tasks 10, 11).

import type { Evidence } from '../../engine/analyze.js';
import type { ConntrackFacts, CtEntry } from '../../parsers/firewall/conntrack.js';
import type { NftRuleset } from '../../parsers/firewall/nft-ruleset.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, cmdWhy, fixLineText, nftCmd, note } from '../fix.js';
import { covers, quote, read } from '../common.js';
import { localLans, remoteLans, tunnelIf } from './common.js';
import { chainName, natFor, ruleQuoteText, type NftPacket } from '../nft-eval.js';

const ID = 'gate2.nat-on-tunnel';
const GATE = 2;

/** Conntrack entries of the test pair whose reply goes to another address than the source: source NAT happened. */
function nattedFlows(ev: Evidence): EvidenceLine[] {
  const { source: src, destination: dst } = ev.incident.pair;
  const out: EvidenceLine[] = [];
  const fromProbe = read<ConntrackFacts>(ev, 'gwA.conntrack');
  const sources = [
    ...(fromProbe.ok ? [{ probe: fromProbe.probe, facts: fromProbe.value }] : []),
    ...(ev.conntrackEvents.gwA?.parsed?.ok ? [{ probe: ev.conntrackEvents.gwA, facts: ev.conntrackEvents.gwA.parsed.value }] : []),
  ];
  for (const { probe, facts } of sources) {
    const lines = probe.stdout.split('\n');
    const hit = facts.entries.find((e: CtEntry) => e.original.src === src && e.original.dst === dst && e.reply !== null && e.reply.dst !== null && e.reply.dst !== src);
    if (hit) out.push(quote(probe, (lines[hit.line - 1] ?? '').trim() || `src=${src} dst=${dst} ... reply dst=${hit.reply?.dst}`));
  }
  return out;
}

function run(ev: Evidence): Verdict {
  const inc = ev.incident;
  const { source: src, destination: dst } = inc.pair;
  const lanIf = inc.sites.a.gateway.lan_interface;
  const wanIf = inc.sites.a.gateway.wan_interface;
  const tun = tunnelIf(ev, 'a');

  const dstInA = localLans(ev).find((l) => covers(l, dst));
  if (dstInA) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN',
      finding: `${dst} lies inside site A's ${dstInA}: nothing is sent toward the tunnel, so NAT on it was not judged (see gate 1, overlap).`,
    });
  }
  if (!tun) {
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: 'The incident names no tunnel interface for site A, so which NAT rules would touch tunnel traffic cannot be told.',
      missing: ['sites.a.tunnel.interface in the incident'],
    });
  }
  const rs = read<NftRuleset>(ev, 'gwA.ruleset');
  if (!rs.ok) {
    const ct = nattedFlows(ev);
    return verdict({
      check: ID, gate: GATE, status: 'UNKNOWN',
      finding: `gwA's nftables ruleset could not be read, so whether it NATs traffic into ${tun} is unknown${ct.length ? ' (conntrack does show the test flow source-NATed)' : ''}.`,
      evidence: ct,
      missing: [rs.missing],
    });
  }

  const pkt: NftPacket = { iif: lanIf, oif: tun, saddr: src, daddr: dst, proto: inc.pair.protocol, dport: inc.pair.port ?? null, ct: 'new' };
  const hits = natFor(rs.value, 'postrouting', pkt).filter((h) => h.rule.nat.kind === 'masquerade' || h.rule.nat.kind === 'snat');
  const natting = hits.find((h) => h.sure);
  const ct = nattedFlows(ev);

  if (natting) {
    const r = natting.rule;
    const line = quote(rs.probe, ruleQuoteText(rs.probe.stdout, natting.table, natting.chain, r));
    const lanB = ev.sightings.lanB;
    if (lanB && lanB.requests > 0 && lanB.firstRequest?.includes(src)) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'nat-on-tunnel', side: 'a',
        finding: `By the ruleset, "${r.text}" would rewrite the source of traffic into ${tun}, yet site B's LAN saw the test packet with its original source ${src}: the ruleset and the capture disagree.`,
        evidence: [line, { host: lanB.host, command: lanB.command, line: lanB.firstRequest }],
      });
    }
    const t = [natting.table.family, natting.table.name, natting.chain.name];
    const scope = r.nat.scope.oifname ? `traffic leaving by ${r.nat.scope.oifname.value}` : 'every forwarded packet it sees, the tunnel included';
    const to = r.nat.to ? ` to ${r.nat.to}` : r.nat.kind === 'masquerade' ? ` to the ${tun} address` : '';
    return verdict({
      check: ID, gate: GATE, status: 'FAIL', cause: 'nat-on-tunnel', side: 'a',
      finding: `gwA's ${chainName(natting.table, natting.chain)} ${r.nat.kind}s ${scope}${to}, so ${src} -> ${dst} enters ${tun} with a rewritten source that site B does not expect${ct.length ? ' (conntrack shows replies addressed to the translated source)' : ''}.`,
      evidence: [line, ...ct],
      fix: [
        ...(r.handle !== null ? [nftCmd(['delete', 'rule', ...t, 'handle', String(r.handle)])] : []),
        ...localLans(ev).flatMap((a) =>
          remoteLans(ev).map((b) => {
            const exempt = ['insert', 'rule', ...t, 'oifname', tun, 'ip', 'saddr', a, 'ip', 'daddr', b, 'accept'];
            return r.handle !== null ? note(`or exempt the VPN: ${fixLineText(nftCmd(exempt))}`) : nftCmd(exempt);
          }),
        ),
        cmdWhy('drop flows created under the old mapping', 'conntrack', '-D', '-s', src),
      ],
    });
  }

  const u = hits.find((h) => !h.sure);
  if (u) {
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: 'nat-on-tunnel', side: 'a',
      finding: `"${u.rule.text}" in gwA's ${chainName(u.table, u.chain)} may also rewrite traffic into ${tun}: gatewalk cannot evaluate all of its matches.`,
      evidence: [quote(rs.probe, ruleQuoteText(rs.probe.stdout, u.table, u.chain, u.rule)), ...ct],
    });
  }

  const natRules = rs.value.natRules.filter((n) => n.hook === 'postrouting');
  const scoped = natRules.map((n) => {
    const t = rs.value.tables.find((x) => x.family === n.family && x.name === n.table);
    const c = t?.chains.find((x) => x.name === n.chain);
    const r = c?.rules[n.index];
    return quote(rs.probe, t && c && r ? ruleQuoteText(rs.probe.stdout, t, c, r) : `${n.family} ${n.table} ${n.chain}: ${n.text}`);
  });
  if (ct.length) {
    const rg = read<RouteGet>(ev, 'gwA.route-get');
    const viaTunnel = rg.ok && rg.value.kind === 'route' && rg.value.dev === tun;
    if (viaTunnel) {
      return verdict({
        check: ID, gate: GATE, status: 'WARN', cause: 'nat-on-tunnel', side: 'a',
        finding: `No NAT rule in gwA's ruleset touches traffic into ${tun}, yet conntrack shows the test flow source-NATed: the ruleset and the flow table disagree (NAT outside nftables, or entries left from an earlier rule).`,
        evidence: [...ct, ...scoped],
        fix: [cmd('conntrack', '-D', '-s', src)],
      });
    }
  }
  return verdict({
    check: ID, gate: GATE, status: 'PASS',
    finding: natRules.length
      ? `gwA's source NAT does not apply to traffic into ${tun} (${natRules.map((n) => n.nat.scope.oifname ? `scoped to ${n.nat.scope.oifname.op === '!=' ? 'not ' : ''}${n.nat.scope.oifname.value}` : n.text).join('; ')})${ct.length ? `; the NATed conntrack entries belong to traffic that left by ${wanIf}` : ''}.`
      : `gwA's nftables ruleset has no source NAT${ct.length ? `; conntrack shows NATed entries nonetheless (iptables-legacy?)` : ''}.`,
    evidence: scoped.length ? scoped : [quote(rs.probe, 'no masquerade or snat rule in a postrouting chain')],
  });
}

export const natOnTunnel: Check = {
  id: ID,
  gate: GATE,
  title: 'no masquerade/SNAT rule on gwA applies to traffic entering the tunnel',
  run,
};
