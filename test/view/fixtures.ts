// Why: session states for view tests, built by the real engine from recorded scenarios (no fake verdicts).

import { diagnose } from '../../src/engine/diagnose.js';
import { loadWizard, wizardChecks } from '../../src/engine/wizard.js';
import type { SessionState } from '../../src/session/types.js';
import { evidenceOf } from '../lib/replay.js';

export function stateOf(scenario: string, over: Partial<SessionState> = {}): SessionState {
  const w = loadWizard();
  const d = diagnose(evidenceOf(scenario), wizardChecks(w));
  return {
    mode: 'replay',
    title: 'HQ to warehouse',
    pair: { source: '10.20.0.55', destination: '172.31.40.10', protocol: 'tcp', port: 8080 },
    journalPath: '/tmp/j.jsonl',
    startedAt: '2026-11-27T01:00:00.000Z',
    current: 1,
    gates: d.gates.map((g) => ({ gate: g.gate, title: w.gates.find((x) => x.gate === g.gate)!.title, progress: g.status, deciding: g.deciding, verdicts: g.verdicts, decision: null })),
    failure: d.failure,
    traffic: d.pair ? { outcome: d.pair, seenAt: d.seenAt ?? [], lastSeen: d.lastSeen ?? null } : null,
    openIntents: [],
    busy: null,
    ...over,
  };
}
