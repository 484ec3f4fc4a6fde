// Why: the built CLI under node-pty, its bytes fed to @xterm/headless: tests read the screen as an operator would, and the raw bytes.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, type Test } from 'uvu';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import type { Terminal as XTerminal } from '@xterm/headless';

const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as { Terminal: typeof XTerminal };

export const BIN = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

export interface Run {
  term: XTerminal;
  proc: pty.IPty;
  /** Every byte the tool wrote, as received. */
  raw(): string;
  screen(): string;
  send(keys: string): void;
  resize(cols: number, rows: number): void;
  waitFor(pred: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(signal?: string): void;
}

export function startCli(args: string[], opts: { cols?: number; rows?: number; env?: Record<string, string>; cwd?: string } = {}): Run {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  const proc = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...opts.env } as Record<string, string>,
  });
  let raw = '';
  let pendingWrites = 0;
  proc.onData((d) => {
    raw += d;
    pendingWrites++;
    term.write(d, () => pendingWrites--);
  });
  const exited = new Promise<{ exitCode: number; signal?: number }>((r) => proc.onExit((e) => r(e)));
  const screen = () => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < term.rows; i++) out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  const run: Run = {
    term,
    proc,
    raw: () => raw,
    screen,
    send: (k) => proc.write(k),
    resize(c, r) {
      term.resize(c, r);
      proc.resize(c, r);
    },
    async waitFor(pred, timeoutMs = 5000) {
      const test = typeof pred === 'function' ? pred : (s: string) => (typeof pred === 'string' ? s.includes(pred) : pred.test(s));
      const t0 = Date.now();
      for (;;) {
        const s = screen();
        if (pendingWrites === 0 && test(s)) return s;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${String(pred)}; screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    exited,
    kill: (sig = 'SIGTERM') => {
      try {
        proc.kill(sig);
      } catch {
        // already gone
      }
    },
  };
  return run;
}

/** q, answering the "Quit anyway?" question when the session is still busy; never waits forever. */
export async function quitCli(r: Run, timeoutMs = 5000): Promise<number> {
  await r.waitFor((x) => !x.includes('running'), 3000).catch(() => {});
  r.send('q');
  const asked = await r.waitFor('Quit anyway?', 1000).then(() => true, () => false);
  if (asked) r.send('y');
  const e = await Promise.race([r.exited, new Promise<null>((res) => setTimeout(() => res(null), timeoutMs))]);
  if (!e) {
    const screen = r.screen();
    r.kill('SIGKILL');
    throw new Error(`q did not end the program; screen:\n${screen}`);
  }
  return e.exitCode;
}

/**
 * A suite of CLI runs that share a scratch directory: created before the suite, removed after it,
 * with every run still alive killed first.
 */
export function cliSuite(name: string, prefix: string): { s: Test; runs: Run[]; dir: () => string } {
  const s = suite(name);
  const runs: Run[] = [];
  let dir = '';
  s.before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  s.after(() => {
    for (const r of runs) r.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return { s, runs, dir: () => dir };
}
