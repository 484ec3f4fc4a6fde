// Why: the neighbour table (`ip neigh show`) says whether the next hop answers ARP/ND: FAILED or INCOMPLETE means nobody is there.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, parseJson, str } from '../text.js';
import { clip, ipErrors, isAddress, isIpErrorLine, numLike, strings, warningList, words, type WarningList } from './common.js';

export interface Neighbour {
  dst: string;
  dev?: string;
  /** Link-layer address; absent while unresolved (INCOMPLETE, FAILED). */
  lladdr?: string;
  /** NUD states as printed: REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, NOARP, PERMANENT, NONE. */
  state: string[];
  /** The neighbour announced itself as a router (IPv6). */
  router: boolean;
  /** A proxy entry (`ip neigh show proxy`). */
  proxy: boolean;
  /** Unicast probes sent (with -s). */
  probes?: number;
  /** Other flags: extern_learn, offload, managed, ... */
  flags: string[];
}

export interface NeighbourTable {
  neighbours: Neighbour[];
}

/** A state word: all capitals ("REACHABLE"), as iproute2 prints NUD states. */
const STATE = /^[A-Z_]{3,12}$/;
const FLAGS: ReadonlySet<string> = new Set(['extern_learn', 'offload', 'managed', 'externally_learned']);

function fromText(line: string, n: number, w: WarningList): Neighbour | null {
  const t = words(line);
  const dst = t[0];
  if (dst === undefined || !isAddress(dst, { prefix: false })) return null;
  const e: Neighbour = { dst, state: [], router: false, proxy: false, flags: [] };
  for (let i = 1; i < t.length; i++) {
    const k = t[i]!;
    const v = t[i + 1];
    if ((k === 'dev' || k === 'lladdr') && v !== undefined) {
      e[k] = v;
      i++;
    } else if (k === 'probes' && v !== undefined) {
      const p = numLike(v);
      if (p !== undefined) e.probes = p;
      i++;
    } else if (k === 'used' && v !== undefined) {
      // -s prints the times glued to the probe count's label: "used 53/53/7probes 4".
      i++;
      const p = v.endsWith('probes') ? numLike(t[i + 1]) : undefined;
      if (p !== undefined) {
        e.probes = p;
        i++;
      }
    } else if ((k === 'protocol' || k === 'vni' || k === 'nhid' || k === 'ref') && v !== undefined) i++;
    else if (k === 'router') e.router = true;
    else if (k === 'proxy') e.proxy = true;
    else if (FLAGS.has(k)) e.flags.push(k);
    else if (STATE.test(k)) e.state.push(k);
    else w.add(() => `line ${n + 1}: unknown word "${clip(k)}"`);
  }
  // Every neighbour line ends in its NUD state, shows a link-layer address or is a proxy entry; a route line is none.
  if (!e.state.length && e.lladdr === undefined && !e.proxy) return null;
  return e;
}

function fromJson(v: unknown, i: number, w: WarningList): Neighbour | null {
  if (!isRecord(v)) {
    w.add(() => `neighbour #${i + 1}: not an object`);
    return null;
  }
  const dst = str(v.dst);
  if (dst === undefined) {
    w.add(() => `neighbour #${i + 1}: no "dst"`);
    return null;
  }
  // Flags print as "router": null (present = set).
  const has = (k: string) => k in v && v[k] !== false;
  if (str(v.lladdr) === undefined && !(Array.isArray(v.state) && v.state.length) && typeof v.state !== 'string' && !has('proxy')) {
    w.add(() => `neighbour #${i + 1}: neither "lladdr" nor "state" (a route object?)`);
    return null;
  }
  const e: Neighbour = { dst, state: strings(v.state), router: has('router'), proxy: has('proxy'), flags: [] };
  if (typeof v.state === 'string') e.state = [v.state];
  const dev = str(v.dev);
  if (dev !== undefined) e.dev = dev;
  const ll = str(v.lladdr);
  if (ll !== undefined) e.lladdr = ll;
  const probes = numLike(v.probes);
  if (probes !== undefined) e.probes = probes;
  for (const f of FLAGS) if (has(f)) e.flags.push(f);
  return e;
}

function parse(text: string): Parsed<NeighbourTable> {
  if (!text.trim()) return fail('empty', 'no neighbours printed');
  const ls = lines(text);
  const w = warningList();
  const errors = ipErrors(ls);

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return errors ? fail('command-error', errors) : fail('bad-json', `ip -j neigh show: ${j.message}`);
    if (!Array.isArray(j.value)) return fail('bad-json', 'ip -j neigh show: expected an array of neighbours');
    const neighbours = j.value.map((v, i) => fromJson(v, i, w)).filter((e): e is Neighbour => e !== null);
    if (!neighbours.length && j.value.length) return fail('bad-json', 'ip -j neigh show: no neighbour with a "dst"');
    return ok({ neighbours }, w.list());
  }

  const neighbours: Neighbour[] = [];
  ls.forEach((line, n) => {
    if (!line.trim() || isIpErrorLine(line)) return;
    const e = fromText(line, n, w);
    if (e) neighbours.push(e);
    else w.add(() => `line ${n + 1}: not a neighbour: "${clip(line)}"`);
  });
  if (!neighbours.length) {
    if (errors) return fail('command-error', errors);
    return fail('unrecognized', `not ip neigh output: "${clip(ls.find((l) => l.trim()) ?? '')}"`, 1);
  }
  if (errors) w.add(() => `error lines beside the neighbours: ${errors}`);
  return ok({ neighbours }, w.list());
}

export const ipNeigh: Parser<NeighbourTable> = {
  id: 'ip-neigh',
  commands: ['ip neigh show', 'ip -j neigh show'],
  parse,
};

/** True when the entry could not be resolved: nobody answers ARP/ND at that address. */
export function unresolved(e: Neighbour): boolean {
  return e.state.includes('FAILED') || e.state.includes('INCOMPLETE');
}
