// Why: the decision bar: the shown gate's verdict and what the operator can decide on it (accept, override, skip, re-run, fix).

import { hasCommands } from '../checks/fix.js';
import type { Gate } from '../checks/types.js';
import type { SessionState } from '../session/types.js';
import { progressStyle } from './gate-bar.js';
import { gateTitle } from './step-panel.js';
import { seg, type Line } from './styled.js';

export function decisionBar(s: SessionState, gate: Gate | 'done'): Line {
  if (gate === 'done') return [seg('All gates decided. ', 'bold'), seg('e', 'key'), seg(' export the report, '), seg('q', 'key'), seg(' quit')];
  const gs = s.gates.find((g) => g.gate === gate);
  if (!gs) return [];
  const out: Line = [seg(`${gateTitle(gate)}: `, 'bold'), seg(gs.progress, progressStyle(gs.progress))];
  if (s.busy) return [...out, seg(`  waiting: ${s.busy}`, 'running')];
  if (gs.decision) out.push(seg(`  decided: ${gs.decision.action}`, 'dim'));
  if (!gs.deciding) return out;
  const fix = hasCommands(gs.deciding.fix);
  out.push(seg('   '), seg('Enter', 'key'), seg(' accept  '), seg('o', 'key'), seg(' override  '), seg('s', 'key'), seg(' skip  '), seg('r', 'key'), seg(' re-run'));
  if (fix) out.push(seg('  '), seg('f', 'key'), seg(' run fix'));
  return out;
}
