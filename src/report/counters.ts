// Why: tunnel counters read before and after the test traffic (and after a fix), paired per host and interface, with what moved.

import type { JournalIndex, Rec } from './journal-index.js';

export interface CounterValues {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  vpnRxBytes: number | null;
  vpnTxBytes: number | null;
}

export interface CounterPair {
  host: string;
  iface: string;
  before: (CounterValues & { ts: string }) | null;
  after: (CounterValues & { ts: string }) | null;
  /** after - before, when both were read. */
  delta: CounterValues | null;
}

function values(c: Rec<'counters'>): CounterValues & { ts: string } {
  return { ts: c.ts, rxPackets: c.rxPackets, txPackets: c.txPackets, rxBytes: c.rxBytes, txBytes: c.txBytes, vpnRxBytes: c.vpn?.rxBytes ?? null, vpnTxBytes: c.vpn?.txBytes ?? null };
}

function diff(a: CounterValues, b: CounterValues): CounterValues {
  const sub = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  return { rxPackets: b.rxPackets - a.rxPackets, txPackets: b.txPackets - a.txPackets, rxBytes: b.rxBytes - a.rxBytes, txBytes: b.txBytes - a.txBytes, vpnRxBytes: sub(a.vpnRxBytes, b.vpnRxBytes), vpnTxBytes: sub(a.vpnTxBytes, b.vpnTxBytes) };
}

/** Each "before" reading paired with the next "after" of the same host and interface, in journal order. */
export function counterPairs(ix: JournalIndex): CounterPair[] {
  const out: CounterPair[] = [];
  const open = new Map<string, CounterPair>();
  for (const c of ix.counters) {
    const key = `${c.host}\u0000${c.iface}`;
    if (c.when === 'before') {
      const p: CounterPair = { host: c.host, iface: c.iface, before: values(c), after: null, delta: null };
      out.push(p);
      open.set(key, p);
      continue;
    }
    const p = open.get(key);
    if (p && !p.after) {
      p.after = values(c);
      p.delta = diff(p.before!, p.after);
      open.delete(key);
    } else {
      out.push({ host: c.host, iface: c.iface, before: null, after: values(c), delta: null });
    }
  }
  return out;
}

/** A pair where the tunnel interface moved nothing in one direction while the test ran. */
export function flatDirections(p: CounterPair): Array<'rx' | 'tx'> {
  if (!p.delta) return [];
  const out: Array<'rx' | 'tx'> = [];
  if (p.delta.rxPackets === 0) out.push('rx');
  if (p.delta.txPackets === 0) out.push('tx');
  return out;
}
