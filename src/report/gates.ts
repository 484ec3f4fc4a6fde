// Why: one row per gate (1-4 and MTU): the engine's verdict with its deciding check, when it came, and the operator's decision beside it.

import type { EvidenceLine, Gate, Status } from '../checks/types.js';
import type { JournalVerdict } from '../journal/events.js';
import { firstGate, latestGate, type JournalIndex, type Rec } from './journal-index.js';

export const GATES: readonly Gate[] = [1, 2, 3, 4, 'mtu'];

/** What passing each gate proves, in the report's words. */
export const GATE_TITLES: Record<string, string> = {
  '1': 'the source host sends to the right gateway',
  '2': "site A's gateway routes it into the tunnel",
  '3': 'the tunnel accepts it',
  '4': 'site B delivers it and the reply comes back',
  mtu: 'large packets cross the tunnel',
};

export function gateName(g: Gate): string {
  return g === 'mtu' ? 'MTU' : `gate ${g}`;
}

export interface GateVerdict {
  run: number;
  status: Status;
  when: string;
  /** The verdict that decided the status, when the journal has it. */
  deciding: Pick<JournalVerdict, 'check' | 'status' | 'finding' | 'cause' | 'side' | 'missing'> & { evidence: EvidenceLine[] } | null;
}

export interface GateRow {
  gate: Gate;
  title: string;
  /** The first diagnosis of this gate. */
  engine: GateVerdict | null;
  /** The latest re-run, when there was one after the first. */
  latest: GateVerdict | null;
  /** Every decision recorded for the gate, in order (a re-run can bring a second one). */
  decisions: Array<{ action: 'accept' | 'override' | 'skip'; engineStatus: Status; status: Status | null; reason: string | null; when: string }>;
}

const byRunGate = new WeakMap<JournalIndex, Map<string, JournalVerdict[]>>();

/** Every verdict by "run gate", in journal order (memoized per index). */
function verdictsOf(ix: JournalIndex): Map<string, JournalVerdict[]> {
  let m = byRunGate.get(ix);
  if (!m) {
    m = new Map();
    for (const v of ix.verdicts) {
      const k = `${v.run} ${v.verdict.gate}`;
      const list = m.get(k);
      if (list) list.push(v.verdict);
      else m.set(k, [v.verdict]);
    }
    byRunGate.set(ix, m);
  }
  return m;
}

/** The verdict the gate record names as deciding (by check id), else the first of its run with the gate's status. */
export function decidingVerdict(ix: JournalIndex, g: Rec<'gate'>): JournalVerdict | null {
  const mine = verdictsOf(ix).get(`${g.run} ${g.gate}`) ?? [];
  return mine.find((v) => v.check === g.deciding) ?? mine.find((v) => v.status === g.status) ?? null;
}

function gateVerdict(ix: JournalIndex, g: Rec<'gate'> | null): GateVerdict | null {
  if (!g) return null;
  const v = decidingVerdict(ix, g);
  return {
    run: g.run,
    status: g.status,
    when: g.ts,
    deciding: v ? { check: v.check, status: v.status, finding: v.finding, cause: v.cause, side: v.side, missing: v.missing, evidence: v.evidence } : null,
  };
}

export function gateRows(ix: JournalIndex): GateRow[] {
  return GATES.map((gate) => {
    const first = firstGate(ix, gate);
    const last = latestGate(ix, gate);
    return {
      gate,
      title: GATE_TITLES[String(gate)]!,
      engine: gateVerdict(ix, first),
      latest: last && first && last.run !== first.run ? gateVerdict(ix, last) : null,
      decisions: ix.decisions.filter((d) => d.gate === gate).map((d) => ({ action: d.action, engineStatus: d.engineStatus, status: d.status, reason: d.reason ?? null, when: d.ts })),
    };
  });
}
