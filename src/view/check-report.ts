// Why: pure: a diagnosis as the text `gatewalk check` prints: a gate table with the deciding lines, then the failure point and fix.

import { fixLineText } from '../checks/fix.js';
import type { Incident } from '../incident/schema.js';
import type { Diagnosis } from '../engine/diagnose.js';
import { visible } from './sanitize.js';
import { trafficLines } from './seen-at.js';

const GATE_TITLE: Record<string, string> = {
  '1': 'source host sends to the right gateway',
  '2': 'gateway A routes it into the tunnel',
  '3': 'the tunnel accepts it',
  '4': 'site B delivers it and the reply returns',
  mtu: 'large packets cross (MTU/MSS)',
};

/** The test pair's own result and the seen-at table, before the gates. */
function pairLines(d: Diagnosis): string[] {
  return d.pair ? [...trafficLines({ outcome: d.pair, seenAt: d.seenAt ?? [], lastSeen: d.lastSeen ?? null }), ''] : [];
}

export function checkReport(inc: Incident, d: Diagnosis, o: { source: string }): string {
  const p = inc.pair;
  const out: string[] = [];
  out.push(`gatewalk check: ${visible(inc.title)}`);
  out.push(`test pair: ${p.source} -> ${p.destination}${p.protocol === 'tcp' ? ` tcp/${p.port}` : ' icmp'}   (${o.source})`);
  out.push('');
  out.push(...pairLines(d));
  for (const g of d.gates) {
    out.push(`gate ${String(g.gate).padEnd(4)}${g.status.padEnd(8)}${GATE_TITLE[String(g.gate)]}${g.deciding?.inferred ? '   (inferred)' : ''}`);
    const v = g.deciding;
    if (!v) {
      out.push('          no check covers this gate');
      continue;
    }
    out.push(`          ${visible(v.finding)}`);
    for (const e of v.evidence.slice(0, 3)) out.push(`          ${visible(e.host)}$ ${visible(e.command)}`, `            ${visible(e.line)}`);
    if (v.status === 'UNKNOWN' && v.missing.length) out.push(`          missing: ${visible(v.missing.join('; '))}`);
  }
  out.push('');
  if (d.failure) {
    const f = d.failure;
    out.push(`failure: gate ${f.gate}, ${f.point}: ${f.cause} on site ${f.side.toUpperCase()}'s gateway${f.inferred ? ' (inferred from site A: the far side cannot be logged into)' : ''}`);
    if (f.fix.length) {
      out.push('proposed fix (not run):');
      for (const c of f.fix) out.push(`  ${visible(fixLineText(c))}`);
    }
  } else if (d.pair && d.pair.status !== 'works' && d.pair.status !== 'unknown') {
    out.push(`no check found why, but the test pair fails: ${visible(d.pair.summary)}`);
  } else if (d.gates.some((g) => g.status === 'UNKNOWN')) {
    out.push('no gate failed, but some could not be proven (UNKNOWN above says what is missing)');
  } else if (d.pair?.status === 'unknown') {
    out.push('no gate failed, but the test pair itself was not measured');
  } else {
    out.push('no gate failed, and the test pair works');
  }
  return out.join('\n') + '\n';
}
