// Why: a gateway's tunnel counters as deltas since the gate started, per-interval rates for sparklines, and the "TX moves, RX flat" flag.

import type { CounterSample } from '../engine/recording.js';
import { ipLinkStats } from '../parsers/iproute/ip-link-stats.js';
import { swanctlListSas } from '../parsers/vpn/swanctl-list-sas.js';
import { wgDump } from '../parsers/vpn/wg-dump.js';
import type { Glyphs } from './glyphs.js';
import { sparkline } from './sparkline.js';
import { seg, type Line } from './styled.js';

export interface Totals {
  link: { rxBytes: number; txBytes: number; rxPackets: number; txPackets: number } | null;
  vpn: { rxBytes: number; txBytes: number } | null;
}

export function totals(s: CounterSample): Totals {
  const r = ipLinkStats.parse(s.link);
  const l = r.ok ? r.value.links[0] : undefined;
  const link = l?.rx && l.tx ? { rxBytes: l.rx.bytes, txBytes: l.tx.bytes, rxPackets: l.rx.packets, txPackets: l.tx.packets } : null;
  let vpn: Totals['vpn'] = null;
  if (s.vpnArgv[0] === 'wg') {
    const w = wgDump.parse(s.vpn);
    if (w.ok) {
      const peers = w.value.interfaces.flatMap((i) => i.peers);
      vpn = { rxBytes: peers.reduce((a, p) => a + (p.rxBytes ?? 0), 0), txBytes: peers.reduce((a, p) => a + (p.txBytes ?? 0), 0) };
    }
  } else if (s.vpnArgv[0] === 'swanctl') {
    const w = swanctlListSas.parse(s.vpn);
    if (w.ok) {
      const kids = w.value.ikeSas.flatMap((i) => i.children);
      vpn = { rxBytes: kids.reduce((a, c) => a + (c.in.bytes ?? 0), 0), txBytes: kids.reduce((a, c) => a + (c.out.bytes ?? 0), 0) };
    } else if (!s.vpn.trim()) vpn = { rxBytes: 0, txBytes: 0 };
  }
  return { link, vpn };
}

export interface CounterView {
  /** Since the baseline (the first sample of the gate). */
  tx: number;
  rx: number;
  txPackets: number;
  rxPackets: number;
  vpnTx: number | null;
  vpnRx: number | null;
  /** Bytes per interval, for sparklines. */
  txSeries: number[];
  rxSeries: number[];
  /** The classic broken-return-path sign: bytes leave through the tunnel and none come back. */
  txMovesRxFlat: boolean;
  samples: number;
}

/** From samples' totals (computed once per sample as it arrives: parsing every sample every frame would cost). */
export function counterView(all: readonly Totals[]): CounterView | null {
  const ts = all.filter((t) => t.link);
  const first = ts[0]?.link;
  const last = ts[ts.length - 1];
  if (!first || !last?.link) return null;
  const txSeries: number[] = [];
  const rxSeries: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    txSeries.push(Math.max(0, ts[i]!.link!.txBytes - ts[i - 1]!.link!.txBytes));
    rxSeries.push(Math.max(0, ts[i]!.link!.rxBytes - ts[i - 1]!.link!.rxBytes));
  }
  const tx = Math.max(0, last.link.txBytes - first.txBytes);
  const rx = Math.max(0, last.link.rxBytes - first.rxBytes);
  const v0 = ts[0]?.vpn;
  const v1 = last.vpn;
  return {
    tx,
    rx,
    txPackets: Math.max(0, last.link.txPackets - first.txPackets),
    rxPackets: Math.max(0, last.link.rxPackets - first.rxPackets),
    vpnTx: v0 && v1 ? Math.max(0, v1.txBytes - v0.txBytes) : null,
    vpnRx: v0 && v1 ? Math.max(0, v1.rxBytes - v0.rxBytes) : null,
    txSeries,
    rxSeries,
    txMovesRxFlat: tx > 0 && rx === 0,
    samples: ts.length,
  };
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The counters pane's lines: deltas, the flag, and a sparkline per direction; with `widgetRows`,
 * that many empty rows where blessed-contrib's sparkline widgets go instead (`graphOffset`).
 */
export function counterLines(v: CounterView | null, iface: string, vpnName: string, g: Glyphs, width: number, o: { widgetRows?: number } = {}): Line[] {
  if (!v) return [[seg('no counter samples yet', 'dim')]];
  const out: Line[] = [];
  out.push([seg(`${iface} since gate start: `), seg(`TX +${bytes(v.tx)} (${v.txPackets} pkt)`), seg('  '), seg(`RX +${bytes(v.rx)} (${v.rxPackets} pkt)`, v.txMovesRxFlat ? 'fail' : undefined)]);
  if (v.vpnTx !== null && v.vpnRx !== null) out.push([seg(`${vpnName} transfer: TX +${bytes(v.vpnTx)}  RX +${bytes(v.vpnRx)}`)]);
  if (v.txMovesRxFlat) out.push([seg('TX moves, RX flat: nothing comes back through the tunnel', 'fail')]);
  if (o.widgetRows) {
    for (let i = 0; i < o.widgetRows; i++) out.push([]);
  } else {
    const w = Math.max(4, width - 4);
    out.push([seg('TX '), seg(sparkline(v.txSeries, w, g), 'pass')]);
    out.push([seg('RX '), seg(sparkline(v.rxSeries, w, g), v.txMovesRxFlat ? 'fail' : 'pass')]);
  }
  out.push([seg(`${v.samples} samples, every 500 ms`, 'dim')]);
  return out;
}

/** The first of the rows `counterLines` leaves for the sparkline widgets. */
export function graphOffset(v: CounterView): number {
  return 1 + (v.vpnTx !== null && v.vpnRx !== null ? 1 : 0) + (v.txMovesRxFlat ? 1 : 0);
}
