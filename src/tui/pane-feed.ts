// Why: joins the sources to the panes: chunks -> lines -> neutralized pane text (a gateway's tcpdump split by interface), samples -> counters.

import { totals, type Totals } from '../view/counters.js';
import { awaitsInput, LineAssembler, tcpdumpInterface } from '../view/line-assembler.js';
import { PaneBuffer } from '../view/pane-buffer.js';
import type { PaneSpec } from '../view/panes.js';
import type { SampleSource, TextSource } from './sources.js';

export interface PaneModel {
  spec: PaneSpec;
  buffer: PaneBuffer;
  /** Counter totals of the samples since the gate started (counters panes), bounded. */
  samples: Totals[];
  /** The session behind the pane shows a password prompt. */
  awaiting: boolean;
  write: ((data: string) => void) | null;
}

export interface Feed {
  panes: PaneModel[];
  /** Counters restart their deltas (a new gate started). */
  resetBaselines(): void;
  stop(): void;
}

const MAX_SAMPLES = 600;

export function feedPanes(specs: PaneSpec[], text: Record<string, TextSource>, samples: Partial<Record<'gwA' | 'gwB', SampleSource>>, changed: () => void, maxLines = 2000): Feed {
  const panes: PaneModel[] = specs.map((spec) => ({ spec, buffer: new PaneBuffer(maxLines), samples: [], awaiting: false, write: null }));
  const started: Array<{ stop(): void }> = [];
  for (const [streamId, src] of Object.entries(text)) {
    const mine = panes.filter((p) => p.spec.streamId === streamId);
    if (!mine.length) continue;
    const asm = new LineAssembler();
    const write = src.write ? (d: string) => src.write!(d) : null;
    for (const p of mine) p.write = write;
    const route = (line: string) => {
      const iface = mine[0]!.spec.kind === 'tcpdump' ? tcpdumpInterface(line) : null;
      for (const p of mine) if (!iface || !p.spec.iface || p.spec.iface === iface) p.buffer.addLine(line);
    };
    src.start({
      data(chunk) {
        for (const l of asm.push(chunk)) route(l);
        const partial = asm.partial();
        for (const p of mine) {
          p.buffer.setPartial(partial);
          p.awaiting = awaitsInput(partial);
        }
        changed();
      },
      ended(message) {
        if (message !== null) for (const l of asm.flush()) route(l);
        for (const p of mine) {
          p.buffer.setPartial('');
          p.buffer.setEnded(message);
          p.awaiting = false;
        }
        changed();
      },
    });
    started.push(src);
  }
  for (const [role, src] of Object.entries(samples) as Array<['gwA' | 'gwB', SampleSource]>) {
    const mine = panes.filter((p) => p.spec.kind === 'counters' && p.spec.role === role);
    src.start({
      data(s) {
        const tot = totals(s);
        for (const p of mine) {
          p.samples.push(tot);
          if (p.samples.length > MAX_SAMPLES) p.samples.splice(0, p.samples.length - MAX_SAMPLES);
        }
        changed();
      },
      ended(message) {
        for (const p of mine) p.buffer.setEnded(message);
        changed();
      },
    });
    started.push(src);
  }
  return {
    panes,
    resetBaselines() {
      for (const p of panes) if (p.samples.length > 1) p.samples.splice(0, p.samples.length - 1);
    },
    stop() {
      for (const s of started) s.stop();
    },
  };
}
