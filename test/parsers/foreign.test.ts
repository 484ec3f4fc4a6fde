// Why: outputs get mixed up in the field; every parser fed every other parser's fixtures refuses them or says nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ALL_PARSERS } from '../../src/parsers/registry.js';
import { fixtures } from '../lib/snapshots.js';

const s = suite('parsers on foreign input');

/** Fields that describe the output rather than state facts about the host. */
const META = new Set(['format', 'found', 'version', 'generator', 'backend', 'inferredTable', 'legacyTablesPresent']);

/** Whether a parse result states anything: a non-empty list or object anywhere, or a set top-level field. */
export function facts(v: unknown, top = true): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).filter(([k]) => !(top && META.has(k)));
    if (!top) return entries.length > 0;
    return entries.some(([, x]) => (typeof x === 'object' && x !== null ? facts(x, false) : x !== null && x !== undefined && x !== false && x !== ''));
  }
  return false;
}

/**
 * Pairs that legitimately read each other's output: `reader <- fixture parser`, each with its reason. Nothing else may
 * come back with facts.
 */
const SAME_OUTPUT: Record<string, string> = {
  'ip-route-show <- ip-route-get': 'ip route get prints a route in the very syntax of ip route show (one reader, route-line.ts)',
  'ip-route-get <- ip-route-show': 'a route line of ip route show is what ip route get answers (same syntax, same reader)',
  'ip-addr <- ip-link-stats': 'ip -j [-s] link prints the link objects ip -j addr prints, without addr_info (shared link-head.ts)',
  'ip-link-stats <- ip-addr': 'ip addr prints the same link heads ip link does (shared link-head.ts); addresses are ignored',
};

/** Known defects, not yet fixed: listed so the test stays green, and fails once a pair is fixed (then remove it). */
const KNOWN: Record<string, string> = {};

s('no parser invents facts from another parser\'s fixture (refusal, or ok with a warning and no facts)', () => {
  const corpus = fixtures();
  assert.ok(corpus.length > 100 && ALL_PARSERS.length > 20, 'the corpus is there');
  const bad = new Map<string, string>();
  const known = new Set<string>();
  for (const p of ALL_PARSERS) {
    for (const f of corpus) {
      if (f.parser === p.id) continue;
      const pair = `${p.id} <- ${f.parser}`;
      const r = p.parse(f.raw);
      if (!r.ok) continue;
      if (!facts(r.value) && r.warnings.length) continue;
      if (pair in SAME_OUTPUT) continue;
      if (pair in KNOWN) {
        known.add(pair);
        continue;
      }
      if (!bad.has(pair)) bad.set(pair, `${pair}: ${f.name} -> ${facts(r.value) ? 'facts' : 'ok without a warning'} ${JSON.stringify(r.value).slice(0, 160)}`);
    }
  }
  assert.equal([...bad.values()], []);
  assert.equal(Object.keys(KNOWN).filter((k) => !known.has(k)), [], 'known defects that no longer happen: remove them from KNOWN');
});

s('the facts() judge itself: empty results are no facts, any entry is', () => {
  assert.is(facts({ routes: [] }), false);
  assert.is(facts({ counters: {} }), false);
  assert.is(facts({ found: false, routes: [] }), false);
  assert.is(facts({ routes: [{ dst: 'default' }] }), true);
  assert.is(facts({ counters: { pipe: 3 } }), true);
  assert.is(facts({ kind: 'route', dst: '1:' }), true);
});

s.run();
