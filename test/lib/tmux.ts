// Why: end-to-end tests drive the real CLI in a real terminal: a private tmux server, send-keys in, capture-pane out.

import { execFileSync, spawnSync } from 'node:child_process';
import { shJoin } from '../../src/targets/shell-quote.js';

/** Terminal modes a program must give back when it exits (tmux format variables, "1" when on). */
export const RESTORED_MODES = ['alternate_on', 'mouse_any_flag', 'mouse_button_flag', 'mouse_standard_flag', 'keypad_flag', 'keypad_cursor_flag', 'origin_flag', 'insert_flag'] as const;

export class Tmux {
  private constructor(
    /** `tmux -L SOCKET`: a server of our own, so nothing touches the user's tmux. */
    readonly socket: string,
    readonly target: string,
  ) {}

  /**
   * Starts `argv` in a detached session of `cols` x `rows`. The pane stays after the program exits
   * (the wrapper prints `@@exit N@@` and waits), so the restored terminal can still be inspected.
   */
  static start(socket: string, argv: string[], o: { cols: number; rows: number; env?: Record<string, string> }): Tmux {
    // A server left by an earlier run under the same name would refuse the session.
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    const env = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`);
    const inner = `${env.length ? `env ${shJoin(env)} ` : ''}${shJoin(argv)}; echo "@@exit $?@@"; sleep 600`;
    tmux(socket, ['-f', '/dev/null', 'new-session', '-d', '-s', 'e2e', '-x', String(o.cols), '-y', String(o.rows), 'sh', '-c', inner]);
    tmux(socket, ['set-option', '-t', 'e2e', 'status', 'off']);
    return new Tmux(socket, 'e2e');
  }

  /** Keys as tmux names them ("Enter", "Tab", "C-c") or literal text with `literal`. */
  send(keys: string[], literal = false): void {
    tmux(this.socket, ['send-keys', '-t', this.target, ...(literal ? ['-l'] : []), ...keys]);
  }

  /** The visible screen as text, one line per row. */
  screen(): string {
    return tmux(this.socket, ['capture-pane', '-p', '-t', this.target]);
  }

  /** A tmux format value of the pane, e.g. "#{alternate_on}". */
  format(f: string): string {
    return tmux(this.socket, ['display-message', '-p', '-t', this.target, f]).trim();
  }

  resize(cols: number, rows: number): void {
    tmux(this.socket, ['resize-window', '-t', this.target, '-x', String(cols), '-y', String(rows)]);
  }

  /** Polls the screen until `pattern` shows, or throws with the last screen (the test's evidence). */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = this.screen();
      if (pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; the screen was:\n${last}`);
  }

  /** The modes from RESTORED_MODES that are still on. */
  modesLeftOn(): string[] {
    return RESTORED_MODES.filter((m) => this.format(`#{${m}}`) === '1');
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}

function tmux(socket: string, args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
