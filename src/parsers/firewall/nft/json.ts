// Why: the `nft -j list ruleset` form, read into the same tables, chains and rules as the text form.

import { fail, ok, type Parsed } from '../../result.js';
import { isRecord, num, parseJson, str } from '../../text.js';
import { BARE_META, OPS, SIMPLE_VERDICTS, applyXtTarget, emptyRule, finish, jsonInt, natScope, priorityName, tableFor, type Ctx } from './common.js';
import type { NftMatch, NftNat, NftRule, NftRuleset, NftVerdict } from './types.js';

function jsonValue(v: unknown, depth = 0): string {
  if (depth > 8) return '?';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  // `meta ipsec exists` is {"right": true} in JSON.
  if (typeof v === 'boolean') return v ? 'exists' : 'missing';
  if (Array.isArray(v)) return v.map((x) => jsonValue(x, depth + 1)).join(',');
  if (isRecord(v)) {
    for (const k of SIMPLE_VERDICTS) if (k in v) return k;
    for (const k of ['jump', 'goto']) {
      const j = v[k];
      if (isRecord(j)) return `${k} ${jsonValue(j.target, depth + 1)}`;
    }
    const p = v.prefix;
    if (isRecord(p)) return `${jsonValue(p.addr, depth + 1)}/${jsonValue(p.len, depth + 1)}`;
    const rg = v.range;
    if (Array.isArray(rg) && rg.length === 2) return `${jsonValue(rg[0], depth + 1)}-${jsonValue(rg[1], depth + 1)}`;
    const st = v.set;
    // Map and vmap elements are [key, value] pairs.
    const elem = (x: unknown) => (Array.isArray(x) && x.length === 2 ? `${jsonValue(x[0], depth + 1)} : ${jsonValue(x[1], depth + 1)}` : jsonValue(x, depth + 1));
    if (Array.isArray(st)) return `{ ${st.map(elem).join(', ')} }`;
    if (st !== undefined) return `{ ${jsonValue(st, depth + 1)} }`;
    const cc = v.concat;
    if (Array.isArray(cc)) return cc.map((x) => jsonValue(x, depth + 1)).join(' . ');
  }
  return '?';
}

/** The selector name of a match's left side, and a mask for `tcp flags & (syn|rst)`. */
function jsonKey(left: unknown): { key: string; mask: string | null } | null {
  if (!isRecord(left)) return null;
  const meta = left.meta;
  if (isRecord(meta)) {
    const k = str(meta.key);
    if (!k) return null;
    return { key: BARE_META.has(k) ? k : `meta ${k}`, mask: null };
  }
  const pl = left.payload;
  if (isRecord(pl)) {
    const p = str(pl.protocol);
    const f = str(pl.field);
    return p && f ? { key: `${p} ${f}`, mask: null } : null;
  }
  const ct = left.ct;
  if (isRecord(ct)) {
    const k = str(ct.key);
    const dir = str(ct.dir);
    return k ? { key: dir ? `ct ${dir} ${k}` : `ct ${k}`, mask: null } : null;
  }
  const and = left['&'];
  if (Array.isArray(and) && and.length === 2) {
    const inner = jsonKey(and[0]);
    return inner ? { key: inner.key, mask: jsonValue(and[1]) } : null;
  }
  const opt = left['tcp option'];
  if (isRecord(opt)) {
    const name = str(opt.name);
    const field = str(opt.field);
    return name ? { key: `tcp option ${name}${field ? ` ${field}` : ''}`, mask: null } : null;
  }
  return null;
}

function natTo(o: unknown): string | null {
  if (!isRecord(o)) return null;
  const addr = o.addr !== undefined ? jsonValue(o.addr) : '';
  const port = o.port !== undefined ? jsonValue(o.port) : '';
  if (!addr && !port) return null;
  return port ? `${addr}:${port}` : addr;
}

function renderMatch(m: NftMatch): string {
  const quote = BARE_META.has(m.key) && !m.value.startsWith('{') ? `"${m.value}"` : m.value;
  return `${m.key} ${m.op === '==' ? '' : `${m.op} `}${quote}`;
}

function jsonRule(o: Record<string, unknown>, warnings: string[]): NftRule {
  const r = emptyRule('', null);
  r.handle = jsonInt(o.handle);
  r.comment = str(o.comment) ?? null;
  const parts: string[] = [];
  let natKind: NftNat['kind'] | null = null;
  let to: string | null = null;
  const expr = Array.isArray(o.expr) ? o.expr : [];
  for (const e of expr) {
    if (!isRecord(e)) continue;
    const match = e.match;
    if (isRecord(match)) {
      const k = jsonKey(match.left);
      if (!k) {
        // A selector gatewalk does not read (fib, socket, osf, ...): the rule's match is unknown, never "everything".
        const what = isRecord(match.left) ? (Object.keys(match.left)[0] ?? 'match') : 'match';
        r.unknown.push(`${what} ${str(match.op) ?? '=='} ${jsonValue(match.right)}`);
        parts.push(`<${what} match>`);
        continue;
      }
      const rawOp = str(match.op) ?? '==';
      const op = rawOp === 'in' ? '==' : (OPS.get(rawOp) ?? rawOp);
      let value = jsonValue(match.right);
      if (k.mask) value = `${value} / ${k.mask}`;
      const m = { key: k.key, op, value };
      r.matches.push(m);
      parts.push(renderMatch(m));
      continue;
    }
    if ('counter' in e) {
      const c = e.counter;
      if (isRecord(c)) {
        const p = jsonInt(c.packets);
        const b = jsonInt(c.bytes);
        if (p !== null && b !== null) {
          r.counter = { packets: p, bytes: b };
          parts.push(`counter packets ${p} bytes ${b}`);
        }
      }
      continue;
    }
    let handled = false;
    for (const v of SIMPLE_VERDICTS) {
      if (v in e) {
        r.verdict = v as NftVerdict;
        parts.push(v);
        handled = true;
      }
    }
    if (handled) continue;
    if ('reject' in e) {
      r.verdict = 'reject';
      parts.push('reject');
      continue;
    }
    if ('queue' in e) {
      r.verdict = 'queue';
      parts.push('queue');
      continue;
    }
    for (const v of ['jump', 'goto'] as const) {
      const j = e[v];
      if (isRecord(j)) {
        r.verdict = v;
        r.target = str(j.target) ?? null;
        parts.push(`${v} ${r.target ?? '?'}`);
        handled = true;
      }
    }
    if (handled) continue;
    for (const v of ['masquerade', 'snat', 'dnat', 'redirect'] as const) {
      if (v in e) {
        natKind = v;
        to = natTo(e[v]);
        parts.push(to ? `${v} to ${to}` : v);
        handled = true;
      }
    }
    if (handled) continue;
    const vm = e.vmap;
    if (isRecord(vm)) {
      const k = jsonKey(vm.key);
      if (k) {
        const m = { key: k.key, op: 'vmap', value: jsonValue(vm.data) };
        r.matches.push(m);
        parts.push(`${m.key} vmap ${m.value}`);
      } else parts.push('vmap');
      continue;
    }
    const mg = e.mangle;
    if (isRecord(mg)) {
      const k = jsonKey(mg.key);
      if (k?.key === 'tcp option maxseg size') {
        const val = mg.value;
        const rt = isRecord(val) ? val.rt : undefined;
        if (isRecord(rt) && rt.key === 'mtu') {
          r.mss = { pmtu: true, size: null };
          parts.push('tcp option maxseg size set rt mtu');
        } else {
          r.mss = { pmtu: false, size: jsonInt(val) };
          parts.push(`tcp option maxseg size set ${jsonValue(val)}`);
        }
      } else if (k) parts.push(`${k.key} set ${jsonValue(mg.value)}`);
      continue;
    }
    const xt = e.xt;
    if (isRecord(xt)) {
      const type = str(xt.type) ?? '?';
      const name = str(xt.name) ?? '?';
      r.xt.push(`${type} ${name}`);
      parts.push(`xt ${type} "${name}"`);
      if (type === 'target') natKind = applyXtTarget(r, name) ?? natKind;
      continue;
    }
    const kinds = Object.keys(e);
    if (kinds[0]) parts.push(kinds[0]);
  }
  if (r.comment !== null) parts.push(`comment "${r.comment}"`);
  r.text = parts.join(' ');
  if (natKind) r.nat = { kind: natKind, to, scope: natScope(r.matches) };
  if (r.unknown.length) warnings.push(`rule handle ${r.handle ?? '?'} in ${str(o.table) ?? '?'}/${str(o.chain) ?? '?'} has conditions gatewalk does not read (${r.unknown.join('; ')}); its match is unknown`);
  if (r.xt.length) warnings.push(`rule handle ${r.handle ?? '?'} in ${str(o.table) ?? '?'}/${str(o.chain) ?? '?'} uses iptables-nft compat expressions (${r.xt.join(', ')}); the text form shows their arguments`);
  return r;
}

export function parseJsonForm(text: string): Parsed<NftRuleset> {
  const j = parseJson(text);
  if (!j.ok) return fail('bad-json', j.message);
  if (!isRecord(j.value) || !Array.isArray(j.value.nftables)) return fail('bad-json', 'expected {"nftables": [...]}');
  const ctx: Ctx = { tables: [], warnings: [] };
  let version: string | null = null;
  const pending: Array<Record<string, unknown>> = [];
  for (const item of j.value.nftables) {
    if (!isRecord(item)) continue;
    if (isRecord(item.metainfo)) {
      version = str(item.metainfo.version) ?? version;
      continue;
    }
    const tb = item.table;
    if (isRecord(tb)) {
      const family = str(tb.family);
      const name = str(tb.name);
      if (!family || !name) continue;
      const t = tableFor(ctx, family, name);
      t.handle = jsonInt(tb.handle) ?? t.handle;
      continue;
    }
    const ch = item.chain;
    if (isRecord(ch)) {
      const family = str(ch.family);
      const tname = str(ch.table);
      const name = str(ch.name);
      if (!family || !tname || !name) continue;
      const t = tableFor(ctx, family, tname);
      if (t.chains.some((c) => c.name === name)) continue;
      t.chains.push({
        name,
        type: str(ch.type) ?? null,
        hook: str(ch.hook) ?? null,
        priority: num(ch.prio) ?? null,
        priorityText: priorityName(num(ch.prio), family),
        policy: str(ch.policy) ?? null,
        device: str(ch.dev) ?? null,
        handle: jsonInt(ch.handle),
        rules: [],
      });
      continue;
    }
    if (isRecord(item.rule)) {
      pending.push(item.rule);
      continue;
    }
    for (const kind of ['set', 'map']) {
      const s = item[kind];
      if (isRecord(s)) {
        const family = str(s.family);
        const tname = str(s.table);
        const name = str(s.name);
        if (family && tname && name) tableFor(ctx, family, tname).sets.push(name);
      }
    }
  }
  // Rules after chains: nft lists chains first for a table, but do not rely on it.
  for (const ro of pending) {
    const family = str(ro.family);
    const tname = str(ro.table);
    const cname = str(ro.chain);
    if (!family || !tname || !cname) continue;
    const t = tableFor(ctx, family, tname);
    let c = t.chains.find((x) => x.name === cname);
    if (!c) {
      c = { name: cname, type: null, hook: null, priority: null, priorityText: null, policy: null, device: null, handle: null, rules: [] };
      t.chains.push(c);
    }
    c.rules.push(jsonRule(ro, ctx.warnings));
  }
  return ok(finish('json', version, ctx.tables), ctx.warnings);
}
