// Why: a resumed journal's commands with no recorded outcome, as the operator must see them before going on: host, argv, when; never re-run.

import type { SessionState } from '../session/types.js';
import { visible } from './sanitize.js';
import { seg, type Line } from './styled.js';

export type OpenIntent = SessionState['openIntents'][number];

/** One line per command: when (UTC), host, argv (a batch: its commands, not its script); remote text made visible. */
export function openIntentLine(o: OpenIntent): Line {
  const what = o.items ? `batch of ${o.items.length}: ${o.items.map((a) => a.join(' ')).join('; ')}` : o.argv.join(' ');
  return [seg(`  ${visible(o.ts)}  `, 'dim'), seg(`${visible(o.host)}$ `, 'bold'), seg(visible(what))];
}

/** The notice shown when a resumed session holds such commands; Enter acknowledges it. */
export function openIntentsNotice(intents: readonly OpenIntent[]): Line[] {
  const n = intents.length;
  return [
    [seg(`${n} command${n === 1 ? '' : 's'} started before the session stopped; no outcome was recorded:`, 'warn')],
    [],
    ...intents.map(openIntentLine),
    [],
    [seg('gatewalk does not run them again. Whether they ran, and what they changed, is for you to check on the host.')],
    [seg('They stay listed in the step panel and in the report.')],
    [],
    [seg('Enter', 'key'), seg(' acknowledge (journaled as a note)')],
  ];
}

/** The note journaled when the operator acknowledges them. */
export function acknowledgeNote(intents: readonly OpenIntent[]): string {
  return `resumed: acknowledged ${intents.length} command(s) with no recorded outcome, not re-run: ${intents.map((o) => o.id).join(', ')}`;
}
