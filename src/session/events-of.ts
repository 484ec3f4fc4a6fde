// Why: pure builders of journal events from what the engine produced (incident, recording, diagnosis), shared by check and the session.

import type { Gate } from '../checks/types.js';
import type { Diagnosis } from '../engine/diagnose.js';
import type { RecordedCommand, Recording } from '../engine/recording.js';
import type { Incident, IncidentTarget } from '../incident/schema.js';
import type { JournalEvent, Mode } from '../journal/events.js';
import { excerpt } from '../journal/excerpt.js';
import { redactCommandOutput } from '../journal/redact.js';
import type { Role } from '../probes/catalog.js';

type Ev<T extends JournalEvent['type']> = Extract<JournalEvent, { type: T }>;

function targetLabel(t: IncidentTarget): string {
  if ('ssh' in t) return `ssh:${t.ssh}`;
  if ('netns' in t) return `netns:${t.netns}`;
  if ('none' in t) return 'none (no login)';
  return 'local';
}

export function startEvent(inc: Incident, incidentText: string, mode: Mode, tool: string, where: { incidentFile?: string; scenario?: string }): Ev<'start'> {
  const site = (k: 'a' | 'b') => {
    const s = inc.sites[k];
    return { gateway: `${s.name} (${targetLabel(s.gateway.target)})`, lan: s.lan.join(', '), tunnel: `${s.tunnel.type}${s.tunnel.interface ? ` ${s.tunnel.interface}` : ''}` };
  };
  const { source, destination, protocol, port } = inc.pair;
  return {
    type: 'start',
    mode,
    tool,
    title: inc.title,
    pair: { source, destination, ...(protocol ? { protocol } : {}), ...(port !== undefined ? { port } : {}) },
    ...(where.incidentFile ? { incidentFile: where.incidentFile } : {}),
    ...(where.scenario ? { scenario: where.scenario } : {}),
    incidentText,
    sites: { a: site('a'), b: site('b') },
  };
}

/** A recorded command as the intent/outcome pair it was when it ran (replay journals what the recording ran). */
export function commandEvents(c: RecordedCommand, id: string, host: string, secrets: readonly string[] = []): [Ev<'intent'>, Ev<'outcome'>] {
  const clean = (s: string) => redactCommandOutput(c.argv, s, secrets);
  return [
    { type: 'intent', id, role: c.role, host, argv: [...c.argv] },
    { type: 'outcome', id, exitCode: c.exitCode, durationMs: c.durationMs, stdout: excerpt(clean(c.stdout)), stderr: excerpt(clean(c.stderr)) },
  ];
}

/** Every command of a recording in the order it started: probes, traffic and streams. */
export function recordingEvents(rec: Recording, hostOf: (role: Role) => string, idPrefix: string, secrets: readonly string[] = []): JournalEvent[] {
  const cmds: RecordedCommand[] = [...Object.values(rec.probes), ...Object.values(rec.traffic)];
  for (const s of Object.values(rec.streams)) {
    const t0 = s.chunks[0]?.t ?? 0;
    const t1 = s.chunks[s.chunks.length - 1]?.t ?? t0;
    cmds.push({ id: s.id, role: s.role, argv: s.argv, exitCode: null, stdout: s.chunks.map((c) => c.data).join(''), stderr: '', startedAt: t0, durationMs: t1 - t0 });
  }
  cmds.sort((a, b) => a.startedAt - b.startedAt);
  const out: JournalEvent[] = [];
  cmds.forEach((c, i) => out.push(...commandEvents(c, `${idPrefix}${i + 1}`, hostOf(c.role), secrets)));
  return out;
}

function linkCounters(link: string): { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number; iface: string } | null {
  try {
    const j = JSON.parse(link) as Array<{ ifname?: string; stats64?: { rx?: { bytes?: number; packets?: number }; tx?: { bytes?: number; packets?: number } } }>;
    const s = j[0]?.stats64;
    if (!s) return null;
    return { iface: j[0]?.ifname ?? '?', rxBytes: s.rx?.bytes ?? 0, txBytes: s.tx?.bytes ?? 0, rxPackets: s.rx?.packets ?? 0, txPackets: s.tx?.packets ?? 0 };
  } catch {
    return null;
  }
}

/** Tunnel interface counters at the first and the last sample of each gateway. */
export function counterEvents(rec: Recording, hostOf: (role: Role) => string): Array<Ev<'counters'>> {
  const out: Array<Ev<'counters'>> = [];
  for (const role of ['gwA', 'gwB'] as const) {
    const samples = rec.counters[role] ?? [];
    const pick = [['before', samples[0]], ['after', samples[samples.length - 1]]] as const;
    for (const [when, s] of pick) {
      const c = s && linkCounters(s.link);
      if (c) out.push({ type: 'counters', when, role, host: hostOf(role), ...c });
    }
  }
  return out;
}

/** Verdicts, gate statuses, the failure and the proposed fix of one diagnosis run; `only` limits it to one gate. */
export function diagnosisEvents(d: Diagnosis, run: number, hostOfSide: (side: 'a' | 'b') => string, only?: Gate): JournalEvent[] {
  const out: JournalEvent[] = [];
  for (const g of d.gates) {
    if (only !== undefined && g.gate !== only) continue;
    for (const v of g.verdicts) out.push({ type: 'verdict', run, verdict: v });
    out.push({ type: 'gate', run, gate: g.gate, status: g.status, deciding: g.deciding?.check ?? null });
  }
  if (d.pair) out.push({ type: 'pair', run, outcome: d.pair, seenAt: d.seenAt ?? [], lastSeen: d.lastSeen ?? null });
  out.push({ type: 'failure', run, failure: d.failure });
  const f = d.failure;
  if (f && f.fix.length && (only === undefined || only === f.gate)) {
    out.push({ type: 'fix-proposed', gate: f.gate, cause: f.cause, side: f.side, host: hostOfSide(f.side), commands: f.fix });
  }
  return out;
}
