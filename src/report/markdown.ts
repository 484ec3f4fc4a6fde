// Why: pure: journal records -> the GitHub-flavoured Markdown incident report an SRE pastes into a postmortem unedited.

import type { EvidenceLine } from '../checks/types.js';
import type { JournalRecord } from '../journal/events.js';
import type { JournalIndex } from './journal-index.js';
import { buildReport, redactModel, type ReportModel } from './model.js';
import type { Pseudonymizer } from './pseudonymize.js';
import type { GateRow, GateVerdict } from './gates.js';
import { gateName } from './gates.js';
import { quoteArgv, type BatchRow } from './commands.js';
import { MAX_LINE_CHARS } from './evidence.js';
import type { CounterPair, CounterValues } from './counters.js';
import { code, fence, inline, table, clip } from './md.js';
import { clock, day, duration, stamp, between } from './time.js';
import type { Text } from './text.js';
import type { Integrity } from '../journal/reader.js';
import type { ForPeer } from './for-peer.js';

export interface RenderOptions {
  /** Replace addresses and host names (see pseudonymize.ts); the caller keeps the mapping. */
  redactAddresses?: Pseudonymizer;
  /** What reading the journal file found (damage, torn tail, hash chain): shown under Summary. */
  integrity?: Integrity;
}

export function renderMarkdown(records: readonly JournalRecord[] | JournalIndex, opts: RenderOptions = {}): string {
  const p = opts.redactAddresses;
  const built = buildReport(records, opts.integrity);
  const m = p ? redactModel(built, p) : built;
  const parts = [
    header(m),
    section('Summary', summary(m)),
    ...(m.traffic.length ? [section('Test traffic', traffic(m))] : []),
    section('Test pair and sites', sites(m)),
    section('Gates', gates(m)),
    section('Timeline (UTC)', timelineMd(m)),
    section('Evidence', evidence(m)),
    section('Counters before and after', counters(m)),
    section('Unknowns and assumptions', bullets(m.unknowns.map((u) => u.text), 'Nothing: every gate was judged, every host reached, every command finished.')),
    section('Fixes', fixes(m)),
    ...(m.forPeer?.oneSided ? [section('For the other side', peerSection(m.forPeer))] : []),
    section('Follow-ups', followUps(m)),
    section('Appendix: commands run', appendix(m)),
  ];
  return parts.join('\n\n') + '\n';
}

/** Text segments as Markdown: prose escaped, literals as code spans. */
function md(x: Text, o: { cell?: boolean } = {}): string {
  return x.map((s) => (typeof s === 'string' ? inline(s) : code(s.code, o))).join('');
}

function section(title: string, body: string): string {
  return `## ${title}\n\n${body}`;
}

function bullets(items: Text[], none: string): string {
  return items.length ? items.map((x) => `- ${md(x)}`).join('\n') : inline(none);
}

function header(m: ReportModel): string {
  const s = m.source;
  const how = s.mode === 'replay' ? `a replay of the recorded scenario ${code(s.scenario ?? '?')}` : s.mode === 'lab' ? 'the gatewalk training lab' : s.mode === 'live' ? 'live hosts' : 'an unknown source';
  const span =
    s.started && s.ended && day(s.started) === day(s.ended)
      ? `${stamp(s.started)}–${clock(s.ended)}`
      : s.started
        ? `${stamp(s.started)}–${s.ended ? stamp(s.ended) : '(no end recorded)'}`
        : '(no records)';
  const lines = [
    `# Incident report: ${inline(m.title)}`,
    '',
    `Built by gatewalk from the session journal alone (records ${s.firstSeq ?? '–'}–${s.lastSeq ?? '–'}, written on ${s.journalHost ? code(s.journalHost) : 'an unknown host'}), on ${how}${s.tool ? ` with ${inline(s.tool)}` : ''}. Session: ${inline(span)} UTC${s.endReason ? `, ended: ${inline(s.endReason)}` : ''}. All times are UTC.`,
  ];
  return lines.join('\n');
}

function summary(m: ReportModel): string {
  const s = m.summary;
  const out = [`**${md(s.headline)}**`, ''];
  if (s.failure) out.push(`- **Cause:** ${inline(s.failure.finding)}`);
  out.push(`- **Resolution:** ${md(s.resolution)}`);
  const d = s.timeToDiagnosis;
  if (d) {
    const to = d.by === 'decision' ? `the operator accepting the ${s.failure ? gateName(s.failure.gate) : ''} failure (${clock(d.to)})` : `the engine's first failing verdict at ${s.failure ? gateName(s.failure.gate) : 'the gate'} (${clock(d.to)}); no operator decision accepted it`;
    const engine = d.by === 'decision' && d.engineMs !== null ? `; the engine's verdict came after ${duration(d.engineMs)}` : '';
    out.push(`- **Time to diagnosis:** ${duration(d.ms)}, from the session start (${clock(d.from)}) to ${to}${engine}.`);
  } else if (s.state === 'no-failure') {
    out.push('- **Time to diagnosis:** not applicable: no gate failed.');
  }
  const i = integrityLine(m);
  if (i) out.push(`- **Journal integrity:** ${inline(i)}`);
  if (s.operator.length) out.push(`- **Operator:** ${s.operator.map((x) => md(x)).join('; ')}.`);
  else out.push('- **Operator:** no decisions recorded.');
  return out.join('\n');
}

const POINT_WORDS: Record<string, string> = { lanA: "site A's gateway, LAN side", tunA: "site A's gateway, tunnel", wanA: "site A's gateway, WAN (in clear)", wanB: "site B's gateway, WAN (in clear)", tunB: "site B's gateway, tunnel", lanB: "site B's gateway, LAN side" };

/** Each run's own test of the pair, then the "seen at" table of the first run and, when it differs, the last. */
function traffic(m: ReportModel): string {
  const out: string[] = [];
  for (const t of m.traffic) out.push(`- **Run ${t.run}: ${t.status}.** ${inline(t.summary)}.${t.lastSeenText ? ` Last seen: ${inline(t.lastSeenText)}.` : ''}`);
  const first = m.traffic[0];
  const last = m.traffic.at(-1);
  const tables = first && last && last !== first && JSON.stringify(first.rows) !== JSON.stringify(last.rows) ? [first, last] : first ? [first] : [];
  for (const t of tables) {
    if (!t.rows.length) continue;
    out.push('', `Where the pair's ${t.protocol === 'tcp' ? 'TCP' : 'ICMP echo'} packets were seen, run ${t.run}:`, '');
    out.push('| point | capture | toward the destination | back to the source |', '|---|---|---:|---:|');
    for (const r of t.rows) out.push(`| ${POINT_WORDS[r.point] ?? inline(r.point)} | ${code(`${r.host} ${r.iface}`)} | ${r.toward} | ${r.back} |`);
  }
  return out.join('\n');
}

/** Only the part for whoever runs the far gateway: ready to paste into a ticket or an email (`report --for-peer`). */
export function renderForPeer(records: readonly JournalRecord[] | JournalIndex, opts: RenderOptions = {}): string {
  const p = opts.redactAddresses;
  const built = buildReport(records, opts.integrity);
  const m = p ? redactModel(built, p) : built;
  if (!m.forPeer) return `# ${inline(m.title)}: for the other side\n\nThe journal holds no readable incident, so there is nothing to tell the far side.\n`;
  return `# ${inline(m.title)}: for the other side\n\n${peerSection(m.forPeer)}\n`;
}

function peerSection(f: ForPeer): string {
  const out: string[] = [];
  out.push(`We run ${inline(f.ours.site)} (public address ${f.ours.publicAddress ? code(f.ours.publicAddress) : 'not given'}); the tunnel runs to your gateway at ${f.theirs.publicAddress ? code(f.theirs.publicAddress) : 'an address not given'}. Traffic from ${code(f.pair.source)} to ${code(f.pair.destination)} (${inline(f.pair.proto)}) does not get through, and from our side we cannot see yours. All times are UTC.`);
  out.push('', '**What we sent**', '');
  if (f.sent.length) for (const s of f.sent) out.push(`- ${stamp(s.at)}: ${inline(s.what)}${s.flow ? ` (first packet ${code(s.flow)})` : ''}: ${inline(s.result)}`);
  else out.push('- No test traffic is recorded in this session.');
  out.push('', '**What came back**', '');
  if (f.cameBack.length) for (const c of f.cameBack) out.push(`- ${inline(c)}`);
  else out.push('- Nothing was measured.');
  out.push('', '**Our side of the tunnel**', '');
  out.push(`- Our prefixes: ${f.ours.lan.map((x) => code(x)).join(', ')}; yours, as we have them: ${f.theirs.lan.map((x) => code(x)).join(', ')}.`);
  out.push(`- Tunnel: ${inline(f.ours.tunnel)}${f.ours.ike ? `, IKE connection ${code(f.ours.ike)}` : ''}${f.ours.child ? `, child SA ${code(f.ours.child)}` : ''}${f.ours.peerKey ? `, your WireGuard public key as we have it ${code(f.ours.peerKey)}` : ''}.`);
  out.push(`- Peer addresses: ours ${f.ours.publicAddress ? code(f.ours.publicAddress) : 'not given'}, yours ${f.theirs.publicAddress ? code(f.theirs.publicAddress) : 'not given'}.`);
  out.push('', '**Please answer**', '');
  f.questions.forEach((q, i) => out.push(`${i + 1}. ${inline(q)}`));
  out.push('', `**Commands for your side** (${inline(f.vendor)}; read-only)`, '');
  if (f.commands.length) for (const c of f.commands) out.push(`- ${code(c.command)}: ${inline(c.why)}`);
  else out.push('- We do not know your platform: the questions above say what to look at.');
  return out.join('\n');
}

/** A warning when the journal file was not whole or not chained; null when it was both (or was not read from a file). */
export function integrityLine(m: Pick<ReportModel, 'integrity'>): string | null {
  const i = m.integrity;
  if (!i) return null;
  const bad: string[] = [];
  if (i.damaged.length) bad.push(`${i.damaged.length} damaged line(s) were left out (first: line ${i.damaged[0]!.line}, ${i.damaged[0]!.reason}), so this report may miss what they held`);
  if (i.breaks.length) bad.push(`the hash chain breaks at line ${i.breaks[0]!.line} (record ${i.breaks[0]!.seq}): it ${i.breaks[0]!.reason}${i.breaks.length > 1 ? ` (${i.breaks.length} breaks in all)` : ''}; the journal was changed after it was written, and this report cannot vouch for the records before that point`);
  if (i.tornBytes) bad.push(`a torn last line (${i.tornBytes} bytes, a write cut off by a crash) was left out`);
  if (bad.length) return `WARNING: ${bad.join('; ')}.`;
  if (!i.chained) return 'the journal carries no hash chain (written by an older gatewalk): an edit of its records could not be detected.';
  if (i.chainFrom !== null && i.chainFrom > 1) return `the hash chain covers the records from line ${i.chainFrom} on; the ${i.chainFrom - 1} before it were written by an older gatewalk without it.`;
  return null;
}

function sites(m: ReportModel): string {
  const out: string[] = [];
  if (m.pair) out.push(`Test pair: ${code(m.pair.source)} → ${code(m.pair.destination)}, ${inline(m.pair.proto)}${m.vpn ? `, over ${m.vpn === 'wireguard' ? 'WireGuard' : 'IPsec (strongSwan)'}` : ''}.`);
  else out.push('The journal has no start record: the test pair is unknown.');
  if (m.sites.length) {
    out.push('', table(['Site', 'Gateway', 'LAN', 'Tunnel'], m.sites.map((s) => [s.side.toUpperCase(), code(s.gateway, { cell: true }), s.lan ? code(s.lan, { cell: true }) : 'not given', code(s.tunnel, { cell: true })])));
  }
  if (m.hosts.length) {
    const replay = m.source.mode === 'replay';
    out.push('', 'As observed during the session:', '');
    out.push(
      table(
        ['Host', 'Part', 'Reached', 'Clock offset'],
        m.hosts.map((h) => [
          code(h.host, { cell: true }),
          inline(h.part),
          h.reached === null ? (replay ? 'replayed' : 'not recorded') : h.reached ? 'yes' : `**no**${h.error ? `: ${inline(h.error)}` : ''}`,
          h.clock ? `${h.clock.offsetMs >= 0 ? '+' : ''}${h.clock.offsetMs} ms (round trip ${h.clock.rttMs} ms)` : replay ? 'not applicable (replay)' : 'not measured',
        ]),
      ),
    );
  }
  return out.join('\n');
}

function status(s: string): string {
  return s === 'FAIL' ? '**FAIL**' : s;
}

function engineCell(r: GateRow): string {
  if (!r.engine) return 'not judged';
  const first = `${status(r.engine.status)}${r.latest ? ` (run ${r.engine.run})` : ''}`;
  return r.latest ? `${first}<br>${status(r.latest.status)} (run ${r.latest.run})` : first;
}

function decisionCell(r: GateRow): string {
  if (!r.decisions.length) return '—';
  const many = r.decisions.length > 1;
  return r.decisions
    .map((d) => {
      const why = d.reason ? `: ${inline(d.reason)}` : '';
      const what = d.action === 'accept' ? `accepted${many ? ` ${d.engineStatus}` : ''}` : d.action === 'skip' ? 'skipped' : `**overridden to ${d.status ?? 'none'}**`;
      return `${what}${many ? ` (${clock(d.when)})` : ''}${d.action === 'override' && !d.reason ? ' (no reason given)' : why}`;
    })
    .join('<br>');
}

function decidingCell(v: GateVerdict | null): string {
  if (!v?.deciding) return v ? 'no deciding check recorded' : '—';
  const e = v.deciding.evidence[0];
  const quote = e ? `<br>${code(`${e.host}: ${clip(e.line, 90, true)}`, { cell: true })}` : '';
  return `${inline(v.deciding.finding)}${quote}`;
}

/** The first run's evidence; a later run's below it when the status changed. */
function evidenceCell(r: GateRow): string {
  const first = decidingCell(r.engine);
  if (!r.latest || r.latest.status === r.engine?.status) return first;
  return `${first}<br>**Run ${r.latest.run}:** ${r.latest.deciding ? inline(r.latest.deciding.finding) : 'no deciding check recorded'}`;
}

function gates(m: ReportModel): string {
  const rows = m.gates.map((r) => {
    const when = [r.engine, r.latest].filter((v): v is GateVerdict => v !== null).map((v) => clock(v.when));
    return [r.gate === 'mtu' ? 'MTU' : String(r.gate), inline(r.title), engineCell(r), decisionCell(r), evidenceCell(r), when.length ? when.join('<br>') : '—'];
  });
  return [table(['Gate', 'What passing proves', 'Engine', 'Operator', 'Deciding evidence', 'When'], rows), '', 'Engine verdicts are what the checks concluded; the Operator column is the decision recorded for the gate, with its reason.'].join('\n');
}

function timelineMd(m: ReportModel): string {
  if (!m.timeline.length) return 'The journal holds no records.';
  const firstDay = day(m.timeline[0]!.ts);
  const rows = m.timeline.map((r) => [day(r.ts) === firstDay ? inline(clock(r.ts)) : inline(stamp(r.ts)), md(r.text, { cell: true })]);
  return table(['Time', 'Event'], rows);
}

function evidenceLines(lines: readonly EvidenceLine[]): string[] {
  const out: string[] = [];
  let last = '';
  for (const e of lines) {
    const head = `${e.host}$ ${e.command}`;
    if (head !== last) out.push(clip(head, MAX_LINE_CHARS));
    last = head;
    out.push(`    ${clip(e.line, MAX_LINE_CHARS)}`);
  }
  return out;
}

function evidence(m: ReportModel): string {
  const out: string[] = [];
  for (const b of m.evidence) {
    out.push(`### ${gateName(b.gate) === 'MTU' ? 'MTU' : `Gate ${b.gate}`}: ${status(b.status)} (run ${b.run}), check ${code(b.check)}`, '', inline(b.finding));
    if (b.lines.length) out.push('', fence(evidenceLines(b.lines)));
    if (b.more) out.push('', `${b.more} more evidence line(s) are in the journal.`);
    if (b.status === 'UNKNOWN' && b.missing.length) out.push('', `Missing: ${inline(b.missing.join('; '))}.`);
    out.push('');
  }
  if (m.outputs.length) {
    out.push('### Output behind the failure', '');
    for (const o of m.outputs) {
      const res = o.timedOut ? 'timed out' : o.stopped ? 'stopped by gatewalk' : o.exitCode === null ? 'stopped' : `exit ${o.exitCode}`;
      const when = o.batch ? `in a batch started ${clock(o.ts)}` : `started ${clock(o.ts)}`;
      const head = `${code(o.command)} on ${code(o.host)}, ${when}, ${res}${o.durationMs !== null ? ` after ${duration(o.durationMs)}` : ''}; ${o.stream} ${o.bytes} bytes, ${o.sha256 ? `SHA-256 ${code(o.sha256.slice(0, 16))}…` : 'digest withheld (addresses redacted)'}${o.journalTruncated ? ' (the journal keeps an excerpt)' : ''}`;
      if (o.json) {
        out.push(`${head}: a JSON document, not quoted here; its deciding parts are the evidence lines above.`, '');
        continue;
      }
      const shown = o.moreLines ? `first ${o.lines.length} lines shown, ${o.moreLines} more in the journal` : 'shown whole';
      out.push(`${head}; ${shown}:`, '', fence(o.lines.map((l) => clip(l, MAX_LINE_CHARS))), '');
    }
  }
  return out.length ? out.join('\n').trimEnd() : 'No evidence lines were recorded.';
}

function num(n: number | null, sign = false): string {
  if (n === null) return '—';
  return sign && n >= 0 ? `+${n}` : String(n);
}

function counterRow(label: string, ts: string | null, v: CounterValues, vpn: boolean, sign = false): string[] {
  const base = [label, ts ? clock(ts) : '', num(v.rxPackets, sign), num(v.txPackets, sign), num(v.rxBytes, sign), num(v.txBytes, sign)];
  return vpn ? [...base, num(v.vpnRxBytes, sign), num(v.vpnTxBytes, sign)] : base;
}

function counters(m: ReportModel): string {
  if (!m.counters.length) return 'No counters were recorded.';
  const vpn = m.counters.some((p) => p.before?.vpnRxBytes != null || p.after?.vpnRxBytes != null);
  const rows: string[][] = [];
  for (const p of m.counters as CounterPair[]) {
    const who = `${code(p.host, { cell: true })} ${code(p.iface, { cell: true })}`;
    if (p.before) rows.push([who, ...counterRow('before', p.before.ts, p.before, vpn)]);
    if (p.after) rows.push([p.before ? '' : who, ...counterRow('after', p.after.ts, p.after, vpn)]);
    if (p.delta) rows.push(['', ...counterRow('**change**', null, p.delta, vpn, true)]);
  }
  const name = m.vpn === 'wireguard' ? 'WireGuard transfer' : m.vpn === 'ipsec' ? 'child SA bytes' : 'VPN bytes';
  const head = ['Gateway, interface', 'Reading', 'When', 'RX packets', 'TX packets', 'RX bytes', 'TX bytes', ...(vpn ? [`${name} in`, `${name} out`] : [])];
  const note = vpn
    ? "RX/TX are the tunnel interface's counters; the last two columns are the VPN's own byte counters (outer view). A change of +0 while the test ran means nothing crossed that way."
    : "RX/TX are the tunnel interface's counters, read at the first and the last sample while the test traffic ran. A change of +0 means nothing crossed that way.";
  return [table(head, rows), '', note].join('\n');
}

function fixes(m: ReportModel): string {
  const out: string[] = [];
  for (const f of m.fixes.proposed) {
    out.push(`### Proposed for ${gateName(f.gate)} on ${code(f.host)} at ${clock(f.ts)}${f.cause ? ` (cause ${code(f.cause)})` : ''}: ${f.applied ? 'applied, see below' : 'not applied'}`, '', fence(f.commands, 'sh'), '');
  }
  for (const a of m.fixes.applied) {
    out.push(`### Applied for ${gateName(a.gate)} on ${code(a.host)} at ${clock(a.ts)}: ${gateName(a.gate)} afterwards ${a.afterStatus ? status(a.afterStatus) : 'not judged'}`, '', fence(a.commands, 'sh'), '');
    if (a.results.length) {
      const rs = a.results.map((r) => `${code(r.id)} ${r.timedOut ? 'timed out' : r.exitCode === null ? 'no exit code recorded' : `exit ${r.exitCode}`}${r.durationMs !== null ? `, ${duration(r.durationMs)}` : ''}`);
      out.push(`Results: ${rs.join('; ')}.`, '');
    }
    const later = m.gates.find((g) => g.gate === a.gate)?.latest;
    const afterWords = `${gateName(a.gate)} ${a.afterStatus ?? 'not judged'}${later?.deciding ? ` in run ${later.run}: ${inline(later.deciding.finding)}` : ''}`;
    out.push('Before (the deciding evidence of the failure):', '', a.before.length ? fence(evidenceLines(a.before)) : 'no evidence recorded', '');
    out.push(`After: ${afterWords}`, '', ...(a.after.length ? [fence(evidenceLines(a.after)), ''] : []));
    const r = a.recheck;
    if (r) {
      out.push(`The check that failed, ${code(r.check)}, in run ${r.run}: ${status(r.status)}. ${inline(r.finding)}`, '', ...(r.evidence.length ? [fence(evidenceLines(r.evidence)), ''] : []));
    }
  }
  return out.length ? out.join('\n').trimEnd() : 'No fix was proposed or applied.';
}

function followUps(m: ReportModel): string {
  if (!m.followUps.length) return 'None that the evidence supports.';
  return m.followUps.map((f, i) => `${i + 1}. **${inline(f.title)}.** ${md(f.text)} *Why:* ${md(f.because)}`).join('\n');
}

function exitCell(c: { open: boolean; missing?: boolean; timedOut: boolean; stopped?: boolean; exitCode: number | null; durationMs: number | null }): string {
  if (c.open) return '**no outcome**';
  if (c.missing) return 'did not come back (run alone)';
  if (c.timedOut) return 'timed out';
  if (c.stopped) return `stopped by gatewalk${c.durationMs !== null ? ` after ${duration(c.durationMs)}` : ''}`;
  return c.exitCode === null ? 'stopped' : String(c.exitCode);
}

function batchHead(b: BatchRow): string[] {
  const got = b.returned === b.size ? '' : b.fromExcerpt ? `; ${b.returned} of them read from the journal's excerpt of its output` : `; ${b.size - b.returned} did not come back`;
  const what = `batch ${b.n} on ${code(b.host, { cell: true })}: ${b.size} command${b.size === 1 ? '' : 's'} in one ssh session${b.durationMs !== null ? `, ${duration(b.durationMs)}` : ''}${got}; script SHA-256 ${code(b.script.sha256.slice(0, 16), { cell: true })}…`;
  return [`**B${b.n}**`, clock(b.ts), code(b.host, { cell: true }), `*${what}*`, exitCell({ ...b, stopped: false }), b.durationMs === null ? '—' : duration(b.durationMs), ''];
}

function appendix(m: ReportModel): string {
  if (!m.commands.length) return 'No commands were recorded.';
  const rows: string[][] = [];
  let inBatch: number | null = null;
  for (const c of m.commands) {
    if (c.batch && c.batch.n !== inBatch) rows.push(batchHead(m.batches[c.batch.n - 1]!));
    inBatch = c.batch?.n ?? null;
    rows.push([
      c.batch ? `${c.n} (B${c.batch.n})` : String(c.n),
      c.batch ? (c.batch.startMs !== null ? `+${duration(c.batch.startMs)}` : clock(c.ts)) : clock(c.ts),
      code(c.host, { cell: true }),
      code(quoteArgv(c.argv), { cell: true }),
      exitCell(c),
      c.durationMs === null ? '—' : duration(c.durationMs),
      c.stdoutBytes === null ? '—' : `${c.stdoutBytes} B${c.stderrBytes ? ` (+${c.stderrBytes} B stderr)` : ''}`,
    ]);
  }
  const span = m.commands.length > 1 ? between(m.commands[0]!.ts, m.commands.at(-1)!.ts) : null;
  const head = `${m.commands.length} command(s)${span !== null ? ` over ${duration(span)}` : ''}; words that look like keys are shown as (redacted).`;
  const batches = m.batches.length
    ? ` ${m.batches.length} batch(es) ran several commands each in one remote \`sh -c\` script (rows **B**n; a batched command's start is its offset in the batch and its duration is measured on the host's clock, in its 10 ms steps): the script body is not printed, as its rows are the commands it ran, decoded from the journal; the journal's intent record holds the script, matching the SHA-256 shown.`
    : '';
  return [`${head}${batches}`, '', table(['#', 'Started', 'Host', 'Command', 'Exit', 'Duration', 'Output'], rows)].join('\n');
}
