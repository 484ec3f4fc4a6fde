// Why: tunnel interface counters (`ip -s link show`): TX moving while RX stays flat means the return path is broken.

/*
 * Counter names follow iproute2's JSON keys, whatever the form: text "mcast" -> multicast, "overrun" ->
 * over_errors, "missed" -> missed_errors, "carrier" -> carrier_errors, "collsns" -> collisions, and the
 * -s -s lines ("RX errors: length crc frame fifo overrun", "TX errors: aborted fifo window heartbt transns")
 * -> length_errors, ..., carrier_changes. bytes, packets, errors and dropped are always there.
 * Human-readable values (`ip -s -h`, "1.10k") are read approximately, with a warning.
 */

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, parseJson } from '../text.js';
import { clip, ipErrors, isIpErrorLine, numLike, setKey, warningList, words, type WarningList } from './common.js';
import { applyLinkLine, linkHeadFromJson, linkHeadFromText, type LinkHead } from './link-head.js';

export interface Counters {
  bytes: number;
  packets: number;
  errors: number;
  dropped: number;
  /** Other columns by iproute2's JSON name: multicast, over_errors, missed_errors, carrier_errors, collisions, ... */
  [counter: string]: number;
}

export interface LinkStats extends LinkHead {
  rx?: Counters;
  tx?: Counters;
}

export interface LinkStatsList {
  links: LinkStats[];
}

const MAIN_NAMES: Readonly<Record<string, string>> = {
  bytes: 'bytes', packets: 'packets', errors: 'errors', dropped: 'dropped', missed: 'missed_errors', overrun: 'over_errors',
  mcast: 'multicast', compressed: 'compressed', carrier: 'carrier_errors', collsns: 'collisions', otherhost: 'otherhost_dropped',
  nohandler: 'nohandler',
};
const ERROR_NAMES: Readonly<Record<string, string>> = {
  length: 'length_errors', crc: 'crc_errors', frame: 'frame_errors', fifo: 'fifo_errors', missed: 'missed_errors',
  overrun: 'over_errors', nohandler: 'nohandler', otherhost: 'otherhost_dropped', aborted: 'aborted_errors',
  window: 'window_errors', heartbeat: 'heartbeat_errors', heartbt: 'heartbeat_errors', transns: 'carrier_changes',
};
const MAIN = ['bytes', 'packets', 'errors', 'dropped'] as const;
const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** "82912" -> 82912; "1.10k" -> 1100 (approximate, flagged); anything else undefined. */
function counterValue(s: string): { n: number; approx: boolean } | undefined {
  if (/^\d{1,18}$/.test(s)) return { n: Number(s), approx: false };
  const m = /^(\d{1,15}(?:\.\d{1,6})?)([kKMGT]i?)$/.exec(s);
  const mult = m ? SUFFIX[m[2]!] : undefined;
  return m && mult ? { n: Math.round(Number(m[1]) * mult), approx: true } : undefined;
}

function readColumns(
  target: Record<string, number>, header: string[], values: string[], names: Readonly<Record<string, string>>,
  where: string, w: WarningList,
): void {
  if (values.length < header.length) w.add(() => `${where}: ${values.length} values for ${header.length} columns`);
  header.forEach((h, i) => {
    const raw = values[i];
    if (raw === undefined) return;
    const v = counterValue(raw);
    if (!v) {
      w.add(() => `${where}: ${clip(h)} "${clip(raw)}" is not a counter`);
      return;
    }
    if (v.approx) w.add(() => `${where}: ${clip(h)} "${clip(raw)}" is rounded (ip -h); read approximately`);
    setKey(target, names[h] ?? h, v.n);
  });
}

function complete(c: Record<string, number>): Counters | undefined {
  return MAIN.every((k) => typeof c[k] === 'number') ? (c as Counters) : undefined;
}

function parseText(ls: readonly string[], w: WarningList): LinkStats[] {
  const links: LinkStats[] = [];
  let cur: LinkStats | null = null;
  const raw: { rx: Record<string, number>; tx: Record<string, number> } = { rx: {}, tx: {} };
  const finish = () => {
    if (!cur) return;
    const name = cur.name;
    const rx = complete(raw.rx);
    const tx = complete(raw.tx);
    if (rx) cur.rx = rx;
    if (tx) cur.tx = tx;
    if (Object.keys(raw.rx).length && !rx) w.add(() => `${clip(name)}: RX counters incomplete`);
    if (Object.keys(raw.tx).length && !tx) w.add(() => `${clip(name)}: TX counters incomplete`);
    raw.rx = {};
    raw.tx = {};
  };
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n]!;
    if (!line.trim() || isIpErrorLine(line)) continue;
    const head = /^\s/.test(line) ? null : linkHeadFromText(line, n, w);
    if (head) {
      finish();
      cur = head;
      links.push(cur);
      continue;
    }
    if (!cur) {
      w.add(() => `line ${n + 1}: not an interface: "${clip(line)}"`);
      continue;
    }
    if (applyLinkLine(cur, line)) continue;
    // "RX:  bytes packets ...", "RX: bytes  packets ...", "RX errors: length crc ..." and their value line below.
    const m = /^\s*(RX|TX)(\s+errors)?:\s+(.*)$/.exec(line);
    if (m) {
      const dir = m[1] === 'RX' ? 'rx' : 'tx';
      const header = words(m[3]!);
      const next = ls[n + 1];
      if (next === undefined || !/^\s+[\d.]/.test(next)) {
        w.add(() => `line ${n + 1}: ${m[1]} header without a value line`);
        continue;
      }
      n++;
      readColumns(raw[dir], header, words(next), m[2] ? ERROR_NAMES : MAIN_NAMES, `${clip(cur.name)} ${m[1]}${m[2] ?? ''}`, w);
    }
    // Other indented lines (altname, alias, -d details) carry nothing this parser reads.
  }
  finish();
  return links;
}

function countersFromJson(v: unknown): Counters | undefined {
  if (!isRecord(v)) return undefined;
  const c: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    const n = numLike(x);
    if (n !== undefined) setKey(c, k, n);
  }
  return complete(c);
}

function parseJsonLinks(value: unknown, w: WarningList): LinkStats[] | null {
  if (!Array.isArray(value)) return null;
  const links: LinkStats[] = [];
  value.forEach((v, i) => {
    const head = linkHeadFromJson(v, i, w);
    if (!head || !isRecord(v)) return;
    const link: LinkStats = head;
    const stats = isRecord(v.stats64) ? v.stats64 : isRecord(v.stats) ? v.stats : undefined;
    if (stats) {
      const rx = countersFromJson(stats.rx);
      const tx = countersFromJson(stats.tx);
      if (rx) link.rx = rx;
      else w.add(() => `${clip(head.name)}: RX counters missing or incomplete`);
      if (tx) link.tx = tx;
      else w.add(() => `${clip(head.name)}: TX counters missing or incomplete`);
    }
    links.push(link);
  });
  return links;
}

function parse(text: string): Parsed<LinkStatsList> {
  if (!text.trim()) return fail('empty', 'no interfaces printed');
  // `ip -o` puts an interface on one line, its lines joined by "\" and spaces.
  const ls = lines(text).flatMap((l) => (l.includes('\\ ') ? l.split(/\\(?= )/) : [l]));
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j -s link show: ${j.message}`);
    const links = parseJsonLinks(j.value, w);
    if (!links) return fail('bad-json', 'ip -j -s link show: expected an array of interfaces');
    if (!links.length && Array.isArray(j.value) && j.value.length) return fail('bad-json', 'ip -j -s link show: no interface with a name and index');
    if (links.length && links.every((l) => !l.rx && !l.tx)) w.add('no counters: was -s given?');
    return ok({ links }, w.list());
  }

  const links = parseText(ls, w);
  if (!links.length) {
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip link output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (links.every((l) => !l.rx && !l.tx)) w.add('no counters: was -s given?');
  if (errors) w.add(() => `error lines beside the interfaces: ${errors}`);
  return ok({ links }, w.list());
}

export const ipLinkStats: Parser<LinkStatsList> = {
  id: 'ip-link-stats',
  commands: ['ip -s link show [dev IF]', 'ip -s -j link show [dev IF]'],
  parse,
};
