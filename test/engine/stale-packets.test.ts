// Why: a killed curl of an earlier run emits FIN/RST (and the server retransmits SYN-ACKs) into the next run's capture; those real lines must not change any recorded verdict.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readRecording, type Recording } from '../../src/engine/recording.js';
import { analyze, type Evidence } from '../../src/engine/analyze.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import { parseIncident } from '../../src/incident/load.js';
import { scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';

const s = suite('stale packets of earlier runs in a capture');

const CAPTURES = ['gwA.tcpdump', 'gwB.tcpdump'] as const;

/**
 * Donors: recordings whose curl connection stands in for an earlier run's. Their SYN is not
 * copied (it belonged to that earlier capture); its SYN-ACKs, FINs and echo replies are, as recorded.
 */
const DONORS = ['mtu-blackhole', 'rp-filter'];
/** The donors' destination (their source is the same host in every recording). */
const DESTINATION = '172.31.40.10';
const STALE = /Flags \[(?:S\.|F\.|R\.?)\]|ICMP echo reply/;

function captureText(rec: Recording, id: string): string {
  return (rec.streams[id]?.chunks ?? []).map((c) => c.data).join('');
}

function staleLines(vpn: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const id of CAPTURES) {
    out[id] = DONORS.flatMap((fault) =>
      captureText(readRecording(join(SCENARIOS_DIR, `${vpn}--${fault}`)), id)
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => STALE.test(l)),
    );
  }
  return out;
}

/** The recording with the stale lines arriving right after tcpdump's "listening on" line (lines end in CR LF, as recorded). */
function inject(rec: Recording, lines: Record<string, string[]>): Recording {
  const streams = { ...rec.streams };
  for (const id of CAPTURES) {
    const st = streams[id];
    const add = lines[id] ?? [];
    if (!st || !add.length) continue;
    const text = captureText(rec, id);
    const listening = text.indexOf('listening on');
    assert.ok(listening >= 0, `${id}: no "listening on"`);
    const cut = text.indexOf('\n', listening) + 1;
    const t = st.chunks[0]?.t ?? 0;
    streams[id] = { ...st, chunks: [{ t, data: text.slice(0, cut) }, { t, data: add.map((l) => `${l}\r\n`).join('') }, { t, data: text.slice(cut) }] };
  }
  return { ...rec, streams };
}

/** Ports and echo ids of the stale lines: a target recording must not use them itself. */
function tokens(lines: string[]): RegExp[] {
  const ports = new Set(lines.filter((l) => l.includes(' Flags [')).flatMap((l) => [...l.matchAll(/\.(\d{4,5})(?: >|:)/g)].map((m) => m[1]!)).filter((p) => p !== '8080'));
  const ids = new Set(lines.flatMap((l) => [...l.matchAll(/ id (\d+),/g)].map((m) => m[1]!)));
  return [...[...ports].map((p) => new RegExp(`\\.${p}(?: >|:)`)), ...[...ids].map((i) => new RegExp(` id ${i},`))];
}

function evidence(name: string, rec: Recording): Evidence {
  const inc = parseIncident(rec.incidentText, name);
  if (!inc.ok) throw new Error(inc.error);
  return analyze(inc.incident, rec);
}

function verdicts(ev: Evidence): { table: string; failure: unknown } {
  const d = diagnose(ev, wizardChecks(loadWizard()));
  return {
    table: d.gates.map((g) => `${g.gate}:${g.status}${g.deciding?.cause ? `(${g.deciding.cause})` : ''}`).join(' '),
    failure: d.failure ? { gate: d.failure.gate, cause: d.failure.cause, side: d.failure.side } : null,
  };
}

function counted(ev: Evidence): unknown {
  return Object.fromEntries(Object.entries(ev.sightings).map(([p, x]) => [p, { ...x, ignored: 0, firstIgnored: null }]));
}

const targets: string[] = [];
for (const vpn of ['wireguard', 'strongswan']) {
  const lines = staleLines(vpn);
  const all = Object.values(lines).flat();
  const avoid = tokens(all);
  s(`${vpn}: the donors give real stale lines of both gateways`, () => {
    assert.ok((lines['gwA.tcpdump'] ?? []).some((l) => l.includes('Flags [F.]')), 'a FIN on gwA');
    assert.ok((lines['gwB.tcpdump'] ?? []).some((l) => l.includes('Flags [S.]')), 'a SYN-ACK on gwB');
    assert.ok(!all.some((l) => /Flags \[S\],/.test(l)), 'no SYN of the stale connection');
  });
  for (const name of scenarioNames().filter((n) => n.startsWith(`${vpn}--`) && !DONORS.some((d) => n === `${vpn}--${d}`))) {
    const clean = readRecording(join(SCENARIOS_DIR, name));
    const own = CAPTURES.map((id) => captureText(clean, id)).join('');
    // The stale lines are between the donors' pair; a target with another pair (overlap) is not that case.
    if (!clean.incidentText.includes(`destination: ${DESTINATION}`) || avoid.some((t) => t.test(own))) continue;
    targets.push(name);
    s(`${name}: same verdicts and sightings with an earlier run's FIN/SYN-ACK/echo replies injected`, () => {
      const before = evidence(name, clean);
      const after = evidence(name, inject(clean, lines));
      assert.equal(verdicts(after), verdicts(before));
      assert.equal(counted(after), counted(before));
      const ignored = Object.values(after.sightings).reduce((a, x) => a + x.ignored, 0);
      assert.is(ignored, all.length, 'every injected line is seen and ignored');
      const first = Object.values(after.sightings).find((x) => x.firstIgnored)?.firstIgnored ?? '';
      assert.match(first, /\(ignored: (?:TCP \[[SFR.]+\] of a connection whose SYN this capture did not see|echo reply id \d+ to no echo request of this capture)\)$/);
    });
  }
}

s('the scenarios of the reported wrong verdicts are among the targets', () => {
  for (const n of ['wireguard--forward-drop', 'wireguard--nat-on-tunnel', 'strongswan--forward-drop', 'strongswan--nat-on-tunnel']) assert.ok(targets.includes(n), n);
  assert.ok(targets.length >= 14, `${targets.length} targets`);
});

s.run();
