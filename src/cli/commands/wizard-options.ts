// Why: what every command that opens the wizard passes the screen the same way: the incident's panes and gateway names, the environment.

import type { Incident } from '../../incident/schema.js';
import type { Session } from '../../session/types.js';
import type { TuiOptions } from '../../tui/context.js';
import { hostName, paneSpecs } from '../../view/panes.js';

export function wizardOptions(
  session: Session,
  inc: Incident,
  wizard: TuiOptions['wizard'],
  sources: Pick<TuiOptions, 'text' | 'samples'>,
  live: boolean,
): TuiOptions {
  return {
    session,
    wizard,
    specs: paneSpecs(inc),
    text: sources.text,
    samples: sources.samples,
    hosts: { a: hostName(inc, 'a'), b: hostName(inc, 'b') },
    env: process.env,
    live,
  };
}
