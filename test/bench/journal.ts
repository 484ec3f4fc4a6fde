// Why: `npm run bench` figure for the journal: how long the operator waits for a decision to be on disk (append + fsync), p50/p99.

import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gate } from '../../src/checks/types.js';
import { replaySession } from '../../src/session/open.js';

const FS: Record<number, string> = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x9123683e: 'btrfs', 0x58465342: 'xfs', 0x794c7630: 'overlayfs' };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** session.decide() on a replayed scenario's journal, one at a time, as the operator makes them. */
export async function benchJournal(): Promise<void> {
  const n = Number(process.env.BENCH_DECISIONS ?? 1000);
  const dir = mkdtempSync(join(process.env.BENCH_JOURNAL_DIR ?? tmpdir(), 'gw-bench-journal-'));
  try {
    const fs = FS[Number(statfsSync(dir).type)] ?? `fs 0x${Number(statfsSync(dir).type).toString(16)}`;
    const s = await replaySession('wireguard--missing-route', { journalPath: join(dir, 'j.jsonl') });
    await s.run();
    const gates: Gate[] = [1, 2, 3, 4, 'mtu'];
    const times: number[] = [];
    for (let i = 0; i < n + 50; i++) {
      const t0 = performance.now();
      await s.decide(gates[i % 5]!, i % 3 === 1 ? 'override' : 'accept', i % 3 === 1 ? `reason ${i}` : undefined);
      if (i >= 50) times.push(performance.now() - t0); // the first 50 warm up
    }
    await s.close('done');
    console.log(`journal: decision append (decide() until fsync returned) p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms over ${n} decisions on ${fs} (${dir})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
