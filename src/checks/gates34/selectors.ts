// Why: with IPsec only packets matching an INSTALLED child SA's traffic selectors are encrypted; both ends must mirror the test pair.

import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, note, type FixLine } from '../fix.js';
import type { Evidence } from '../../engine/analyze.js';
import type { SwanctlSas, ChildSa } from '../../parsers/vpn/swanctl-list-sas.js';
import type { SwanctlConns, SwanChildConfig } from '../../parsers/vpn/swanctl-list-conns.js';
import { anyCovers, findLine, quote, read } from '../common.js';
import { overlapNote, siteOf, tunnelType, localRemote, sideOf, otherGw, type Gw } from './common.js';
import { childConfigsOf, childrenOf, connOf, ikeSaOf, selectorLines } from './vpn.js';

const ID = 'gate3.selectors';
const GATE = 3 as const;
const TITLE = 'IPsec traffic selectors: an INSTALLED child SA on each gateway covers the test pair, configured to mirror the other side';

interface SideResult {
  gw: Gw;
  /** null: IKE state not read; false: no ESTABLISHED IKE SA. */
  ikeUp: boolean | null;
  installed: ChildSa[];
  /** Installed children whose selectors cover the pair (local -> remote as seen from this gateway). */
  matching: ChildSa[];
  /** Configured children and whether their selectors cover the pair; null when --list-conns was not read. */
  configs: Array<{ child: SwanChildConfig; localOk: boolean; remoteOk: boolean }> | null;
  evidence: EvidenceLine[];
  missing: string[];
}

function side(ev: Evidence, gw: Gw): SideResult {
  const { local, remote } = localRemote(ev, gw);
  const res: SideResult = { gw, ikeUp: null, installed: [], matching: [], configs: null, evidence: [], missing: [] };
  const sas = read<SwanctlSas>(ev, `${gw}.sas`);
  if (sas.ok) {
    const ikes = ikeSaOf(ev, gw, sas.value);
    const up = ikes.filter((s) => s.state === 'ESTABLISHED');
    res.ikeUp = up.length > 0;
    res.installed = up.flatMap((s) => childrenOf(ev, gw, s)).filter((c) => c.state === 'INSTALLED');
    res.matching = res.installed.filter((c) => anyCovers(c.localTs, local) && anyCovers(c.remoteTs, remote));
    for (const c of res.matching.length ? res.matching : res.installed) {
      const head = findLine(sas.probe, (l) => l.trim().startsWith(`${c.name}: `)) ?? `${c.name}: ${c.state}`;
      res.evidence.push(quote(sas.probe, head), ...selectorLines(sas.probe, c.name).map((l) => quote(sas.probe, l)));
    }
    if (up.length && !res.installed.length) {
      // The IKE SA's own line, with no child line under it.
      res.evidence.push(quote(sas.probe, findLine(sas.probe, (l) => l.startsWith(`${up[0]!.name}: `)) ?? `${up[0]!.name}: ESTABLISHED`));
    }
  } else {
    const p = ev.probes[`${gw}.sas`];
    if (p && p.exitCode === 0 && !p.stdout.trim() && !p.stderr.trim()) res.ikeUp = false;
    else res.missing.push(sas.missing);
  }
  const conns = read<SwanctlConns>(ev, `${gw}.conns`);
  if (conns.ok) {
    const children = connOf(ev, gw, conns.value).flatMap((c) => childConfigsOf(ev, gw, c));
    res.configs = children.map((child) => ({ child, localOk: anyCovers(child.localTs, local), remoteOk: anyCovers(child.remoteTs, remote) }));
    for (const { child } of res.configs) {
      const head = findLine(conns.probe, (l) => l.trim().startsWith(`${child.name}: `));
      if (head) res.evidence.push(quote(conns.probe, head));
      res.evidence.push(...selectorLines(conns.probe, child.name).map((l) => quote(conns.probe, l)));
    }
  } else res.missing.push(conns.missing);
  return res;
}

/** swanctl.conf lines that would make a child cover the pair. */
export function selectorFix(ev: Evidence, gw: Gw, child: string): FixLine[] {
  const ike = siteOf(ev, gw).tunnel.ike ?? '<connection>';
  const own = siteOf(ev, gw).lan.join(',');
  const peer = siteOf(ev, otherGw(gw)).lan.join(',');
  return [
    note(`on ${gw}, in swanctl.conf: connections { ${ike} { children { ${child} { local_ts = ${own}  remote_ts = ${peer} } } } }`),
    cmd('swanctl', '--load-conns'),
    cmd('swanctl', '--initiate', '--child', child),
  ];
}

function run(ev: Evidence): Verdict {
  if (tunnelType(ev) !== 'strongswan') {
    return verdict({ check: ID, gate: GATE, status: 'PASS', finding: `Not a strongSwan tunnel (${tunnelType(ev)}): traffic selectors do not apply; gate3.allowed-ips checks the equivalent.` });
  }
  const overlap = overlapNote(ev);
  if (overlap) {
    return verdict({ check: ID, gate: GATE, status: 'UNKNOWN', finding: `The traffic selectors cannot be judged for this pair: ${overlap}; fix the addressing first.`, missing: ['a test pair whose addresses belong to distinct sites'] });
  }
  const sides = (['gwA', 'gwB'] as const).map((gw) => side(ev, gw));
  const evidence = sides.flatMap((s) => s.evidence);
  const missing = sides.flatMap((s) => s.missing);
  const { source, destination } = ev.incident.pair;

  // Configuration first: a child configured with selectors that leave out the pair is the cause, whatever is installed.
  for (const s of sides) {
    if (!s.configs || !s.configs.length) continue;
    if (s.configs.some((c) => c.localOk && c.remoteOk)) continue;
    const bad = s.configs[0]!;
    const { local, remote } = localRemote(ev, s.gw);
    const what = [!bad.localOk ? `local_ts ${bad.child.localTs.join(', ') || '(none)'}, which does not cover ${local}` : '', !bad.remoteOk ? `remote_ts ${bad.child.remoteTs.join(', ') || '(none)'}, which does not cover ${remote}` : ''].filter(Boolean).join(', and ');
    const installedNote = s.ikeUp ? (s.matching.length ? '' : ': IKE is up but no child SA for the pair is installed') : '';
    return verdict({
      check: ID,
      gate: GATE,
      status: 'FAIL',
      cause: 'selectors',
      side: sideOf(s.gw),
      finding: `${s.gw}'s child ${bad.child.name} is configured with ${what}, so it cannot carry ${source} -> ${destination}${installedNote}.`,
      evidence,
      fix: selectorFix(ev, s.gw, bad.child.name),
      missing,
    });
  }

  if (sides.every((s) => s.matching.length)) {
    return verdict({
      check: ID,
      gate: GATE,
      status: 'PASS',
      finding: `Both gateways have an INSTALLED child SA whose selectors cover ${source} <-> ${destination}.`,
      evidence,
      missing,
    });
  }

  // IKE up, nothing for the pair installed, no configuration explains it.
  const noChild = sides.find((s) => s.ikeUp && !s.matching.length);
  if (noChild) {
    const child = siteOf(ev, noChild.gw).tunnel.child ?? noChild.configs?.[0]?.child.name ?? '<child>';
    const narrowed = noChild.installed.length > 0;
    const configsRead = sides.every((s) => s.configs !== null);
    if (narrowed || configsRead) {
      return verdict({
        check: ID,
        gate: GATE,
        status: 'FAIL',
        cause: narrowed ? 'selectors' : 'no-sa',
        side: sideOf(noChild.gw),
        finding: narrowed
          ? `${noChild.gw}'s installed child SA ${noChild.installed[0]!.name} has selectors ${noChild.installed[0]!.localTs.join(',')} <=> ${noChild.installed[0]!.remoteTs.join(',')}, which do not cover ${localRemote(ev, noChild.gw).local} -> ${localRemote(ev, noChild.gw).remote} although the configuration would: the peers negotiated narrower selectors.`
          : `${noChild.gw}'s IKE SA is ESTABLISHED but no child SA ${child} is INSTALLED, and the configured selectors on both sides cover the pair: nothing is encrypted.`,
        evidence,
        fix: narrowed ? selectorFix(ev, noChild.gw, noChild.installed[0]!.name) : [cmd('swanctl', '--initiate', '--child', child), note('if it fails, the charon log on both gateways says why (proposals, TS_UNACCEPTABLE)')],
        missing,
      });
    }
    return verdict({
      check: ID,
      gate: GATE,
      status: 'UNKNOWN',
      finding: `${noChild.gw}'s IKE SA is up without a child SA for the pair, and the configured selectors could not be read to say why.`,
      evidence,
      missing,
    });
  }

  return verdict({
    check: ID,
    gate: GATE,
    status: 'UNKNOWN',
    finding: 'No ESTABLISHED IKE SA could be read on both gateways, so the installed selectors are unknown (gate3.tunnel-up says whether the tunnel is up).',
    evidence,
    missing: missing.length ? missing : ['an ESTABLISHED IKE SA to read child SAs from'],
  });
}

export const selectors: Check = { id: ID, gate: GATE, title: TITLE, run };
