// Why: every incident field but the title can reach a command, a fix or a file name: walk the schema and prove each refuses the injection corpus.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { z } from 'zod';
import { parseIncident } from '../../src/incident/load.js';
import { incidentSchema } from '../../src/incident/schema.js';
import { renderLabIncident } from '../../src/lab/lab-incident.js';
import { hostileValues } from '../lib/injection.js';

const s = suite('incident token fields');

/** Fields that are free text on purpose (shown, escaped; never part of a command). */
const FREE_TEXT = new Set(['title']);

type Path = Array<string | number>;
interface Leaf {
  path: Path;
  /** For a field inside one option of a union (the targets): the path of the union, replaced by that option alone. */
  union?: { at: Path; option: Record<string, unknown> };
}

/** Every place in the schema that accepts text (strings, enums), found by walking zod's definitions. */
function leaves(schema: z.ZodType, path: Path, union?: Leaf['union']): Leaf[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.entries(shape).flatMap(([k, v]) => leaves(v, [...path, k], union));
    }
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      return leaves(def.innerType as z.ZodType, path, union);
    case 'pipe': {
      // z.preprocess: a transform in front of the real schema, which is what holds the fields.
      const inner = def.in as z.ZodType;
      const isTransform = (inner as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'transform';
      return leaves((isTransform ? def.out : def.in) as z.ZodType, path, union);
    }
    case 'array':
      return leaves(def.element as z.ZodType, [...path, 0], union);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => leaves(o, path, { at: path, option: {} }));
    case 'string':
    case 'enum':
      return [{ path, ...(union ? { union } : {}) }];
    case 'boolean':
    case 'number':
    case 'literal':
      return [];
    default:
      // A kind of field this walk does not know: fail loudly rather than skip it.
      throw new Error(`schema walk: field ${path.join('.')} has a zod type "${def.type}" the test does not know`);
  }
}

function setAt(o: Record<string, unknown>, path: Path, v: unknown): void {
  let cur: Record<string | number, unknown> = o;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = v;
}
function getAt(o: unknown, path: Path): unknown {
  return path.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown> | undefined)?.[k], o);
}

/** A valid incident with every optional text field present (so none is missed by being absent). */
const BASE = (() => {
  const r = parseIncident(renderLabIncident({ name: 'gw', vpn: 'strongswan', sshConfig: '/lab/ssh_config', overlap: false }), 'lab.yaml');
  if (!r.ok) throw new Error(r.error);
  const inc = structuredClone(r.incident) as unknown as Record<string, unknown>;
  setAt(inc, ['sites', 'a', 'tunnel', 'peer'], 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=');
  setAt(inc, ['sites', 'b', 'tunnel', 'peer'], 'GwEJI4d3/6RExBSeWnhzwDpjiQREQ4HGGJkJXrhypUw=');
  return inc;
})();
const base = (): Record<string, unknown> => structuredClone(BASE);

const ALL = leaves(incidentSchema as unknown as z.ZodType, []);
const CHECKED = ALL.filter((l) => !FREE_TEXT.has(String(l.path[0])));

s('the walk finds the fields (targets, names, interfaces, addresses, prefixes, keys, the ssh config)', () => {
  const names = new Set(CHECKED.map((l) => l.path.join('.')));
  for (const p of ['sites.a.tunnel.child', 'sites.a.tunnel.ike', 'sites.b.tunnel.peer', 'sites.a.name', 'sites.a.gateway.target.ssh', 'sites.a.gateway.target.netns', 'sites.b.host.target.ssh', 'sites.a.lan.0', 'pair.source', 'ssh_config', 'sites.a.gateway.lan_interface']) {
    assert.ok(names.has(p), `${p} not found by the walk: ${[...names].join(', ')}`);
  }
  assert.ok(CHECKED.length >= 30, `only ${CHECKED.length} fields`);
});

s('the base incident is valid, and a plain value in each field is taken', () => {
  assert.ok(incidentSchema.safeParse(base()).success);
});

s('every field but the title refuses every value of the injection corpus, with an issue at that field', () => {
  const accepted: string[] = [];
  for (const leaf of CHECKED) {
    const plainValue = leaf.union ? 'gwA' : String(getAt(base(), leaf.path) ?? 'x');
    for (const [label, value] of hostileValues(plainValue)) {
      const inc = base();
      if (leaf.union) setAt(inc, leaf.union.at, {});
      setAt(inc, leaf.path, value);
      const r = incidentSchema.safeParse(inc);
      if (r.success) {
        accepted.push(`${leaf.path.join('.')}: ${label} ${JSON.stringify(value)}`);
        continue;
      }
      const at = r.error.issues.map((i) => i.path.join('.'));
      if (!at.includes(leaf.path.join('.'))) accepted.push(`${leaf.path.join('.')}: ${label} refused elsewhere (${at.join(', ')})`);
    }
  }
  assert.equal(accepted, [], `accepted:\n${accepted.slice(0, 20).join('\n')}`);
});

s('the loader names file, line and field for a hostile child name (the repro of issue 11)', () => {
  const text = renderLabIncident({ name: 'gw', vpn: 'strongswan', sshConfig: '/x', overlap: false }).replace('child: siteA-siteB-child', 'child: "siteA-siteB-child; touch /tmp/pwned-fix #"');
  const line = text.split('\n').findIndex((l) => l.includes('pwned-fix')) + 1;
  const r = parseIncident(text, 'inc.yaml');
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.match(r.error, new RegExp(`^inc\\.yaml:${line}: sites\\.a\\.tunnel\\.child: `));
    assert.not.match(r.error, '\n');
  }
});

s.run();
