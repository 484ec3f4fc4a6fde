// Why: the header region: incident title, test pair, elapsed time, journal path and mode, from the session state alone.

import type { SessionState } from '../session/types.js';
import type { Glyphs } from './glyphs.js';
import { seg, type Line } from './styled.js';
import { visible } from './sanitize.js';

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function pairText(p: SessionState['pair'], g: Glyphs): string {
  const port = p.port !== undefined ? `:${p.port}` : '';
  const proto = p.protocol ? ` ${p.protocol}` : '';
  return `${p.source} ${g.arrow} ${p.destination}${port}${proto}`;
}

/** One line; the title shrinks first when the width is short. */
export function header(s: SessionState, nowMs: number, g: Glyphs, width: number): Line {
  const mode = s.mode === 'replay' ? 'REPLAY' : s.mode === 'lab' ? 'LAB' : 'LIVE';
  const time = elapsed(nowMs - Date.parse(s.startedAt));
  const core = `${pairText(s.pair, g)}  ${time}`;
  const journal = s.journalPath ? `  journal ${visible(s.journalPath)}` : '  no journal';
  // The journal path goes first when the line is short; the title keeps at least 20 columns.
  const right = width - core.length - mode.length - 4 - journal.length >= 20 ? core + journal : core;
  const room = Math.max(8, width - right.length - mode.length - 5);
  const title = [...visible(s.title)];
  const t = title.length > room ? title.slice(0, room - 1).join('') + g.ellipsis : title.join('');
  return [seg(` ${mode} `, s.mode === 'live' ? 'alert' : 'title'), seg(' '), seg(t, 'bold'), seg(`  ${right}`)];
}
