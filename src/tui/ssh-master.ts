// Why: pane sessions to one host started together would race to become its ssh master, and the losers print ssh's own "ControlSocket ... already exists" in their pane; one command opens the master first and the panes join it.

import type { Runner } from '../targets/runner.js';
import { sshTarget, type SshOptions } from '../targets/target.js';
import type { LiveSession } from './reconnect.js';

/** How long the master's first command may take (ssh's ConnectTimeout is 5 s; a ProxyJump adds its own). */
const OPEN_MS = 20_000;

/**
 * `ensure()` opens (or finds) the host's multiplexed connection with one `true` over `ControlMaster=auto`
 * (ControlPersist keeps it in the background); callers at the same time share that one command. Its
 * result does not matter: the panes join as clients (`ControlMaster=no`) and, without a master, ssh
 * connects them directly without a word.
 */
export function sshMaster(runner: Runner, o: SshOptions): { ensure(): Promise<void> } {
  const opener = sshTarget({ ...o, sudo: false, controlMaster: 'auto' });
  let inFlight: Promise<void> | null = null;
  return {
    ensure() {
      inFlight ??= runner.run(opener, { argv: ['true'], timeoutMs: OPEN_MS }).then(
        () => {
          inFlight = null;
        },
        () => {
          inFlight = null;
        },
      );
      return inFlight;
    },
  };
}

/** A live session opened only once `ready` settled; killed before that, it never opens. */
export function afterReady<T>(ready: Promise<void>, open: () => LiveSession<T>): LiveSession<T> {
  let s: LiveSession<T> | null = null;
  let killed = false;
  const fns: Array<(item: T) => void> = [];
  const done = ready.then(() => {
    if (killed) return 'stopped';
    s = open();
    for (const fn of fns) s.onData(fn);
    return s.done;
  });
  return {
    onData: (fn) => (s ? s.onData(fn) : void fns.push(fn)),
    write: (d) => s?.write(d),
    kill() {
      killed = true;
      s?.kill();
    },
    done: done.catch((e: unknown) => `could not start: ${(e as Error).message}`),
  };
}
