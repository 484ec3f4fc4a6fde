// Why: `nft list ruleset` (text or -j JSON) tells whether the forward chain, NAT or an MSS clamp touches tunnel traffic.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, num, parseJson, str } from '../text.js';

/** One selector of a rule: `iifname "lan0"` is {key: 'iifname', op: '==', value: 'lan0'}. */
export interface NftMatch {
  /** 'iifname', 'oifname', 'ip saddr', 'ip daddr', 'ct state', 'tcp dport', 'meta l4proto', 'tcp flags', ... */
  key: string;
  /** '==' when the rule shows no operator; '!=', '<', ... otherwise; 'vmap' / 'map' for a verdict map lookup. */
  op: string;
  /** As nft prints it: 'lan0', '10.20.0.0/24', 'established,related', '{ 53, 123 }', 'syn / syn,rst'. */
  value: string;
}

export interface NftCounter {
  packets: number;
  bytes: number;
}

export type NftVerdict = 'accept' | 'drop' | 'reject' | 'return' | 'jump' | 'goto' | 'continue' | 'queue';

export interface NftNat {
  kind: 'masquerade' | 'snat' | 'dnat' | 'redirect';
  /** Translation target as printed ('203.0.113.10', '10.20.0.55:443', ':8080'); null when none or unknown. */
  to: string | null;
  /** Which traffic it applies to, from the rule's own matches (null: not restricted). */
  scope: { iifname: NftMatch | null; oifname: NftMatch | null; saddr: NftMatch | null; daddr: NftMatch | null };
}

export interface NftMss {
  /** `tcp option maxseg size set rt mtu` (clamp to path MTU). Null when unknown (an opaque iptables-nft TCPMSS target). */
  pmtu: boolean | null;
  /** `... size set 1360`. */
  size: number | null;
}

export interface NftRule {
  /** The rule as printed, without the `# handle N` suffix; for JSON a rough rendering from its expressions. */
  text: string;
  /** 1-based line in the text output (null for JSON). */
  line: number | null;
  handle: number | null;
  counter: NftCounter | null;
  verdict: NftVerdict | null;
  /** Chain named by jump/goto. */
  target: string | null;
  matches: NftMatch[];
  nat: NftNat | null;
  mss: NftMss | null;
  comment: string | null;
  /** iptables-nft compat expressions (JSON only shows these opaquely): 'target TCPMSS', 'match conntrack'. */
  xt: string[];
}

export interface NftChain {
  name: string;
  /** Base chains only: 'filter', 'nat', 'route'. */
  type: string | null;
  hook: string | null;
  /** Numeric priority (names like 'srcnat' resolved); null when unknown. */
  priority: number | null;
  /** Priority as the text form prints it ('filter', 'srcnat', 'mangle - 5'); for JSON the standard name or the number. */
  priorityText: string | null;
  policy: string | null;
  device: string | null;
  handle: number | null;
  rules: NftRule[];
}

export interface NftTable {
  family: string;
  name: string;
  handle: number | null;
  chains: NftChain[];
  /** Named sets and maps. */
  sets: string[];
}

/** Where a rule sits, for the flattened summaries. */
export interface NftRuleRef {
  family: string;
  table: string;
  chain: string;
  hook: string | null;
  /** 0-based position in the chain. */
  index: number;
  handle: number | null;
  text: string;
  counter: NftCounter | null;
}

export interface NftRuleset {
  format: 'text' | 'json';
  /** nft version from JSON metainfo. */
  version: string | null;
  tables: NftTable[];
  /** Every NAT statement with its scope (is the tunnel masqueraded?). */
  natRules: Array<NftRuleRef & { nat: NftNat }>;
  /** Every MSS clamp. */
  mssClamps: Array<NftRuleRef & { mss: NftMss }>;
}

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const PRIO: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
const BRIDGE_PRIO: Record<string, number> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };
const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif', 'iiftype', 'oiftype', 'iifgroup', 'oifgroup']);
const PROTO_WORDS = new Set(['ip', 'ip6', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'ct', 'meta', 'ether', 'vlan', 'arp', 'ah', 'esp', 'comp', 'igmp']);
const OPS = new Map([['==', '=='], ['!=', '!='], ['<', '<'], ['>', '>'], ['<=', '<='], ['>=', '>='], ['eq', '=='], ['ne', '!='], ['lt', '<'], ['gt', '>'], ['le', '<='], ['ge', '>=']]);
const SIMPLE_VERDICTS = new Set(['accept', 'drop', 'return', 'continue']);
const MAX_INT = Number.MAX_SAFE_INTEGER;

function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

function jsonInt(v: unknown): number | null {
  const n = num(v);
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_INT ? n : null;
}

function resolvePriority(text: string, family: string): number | null {
  const t = text.trim();
  if (/^-?\d{1,9}$/.test(t)) return Number(t);
  const m = /^([a-z]{1,16})(?:\s*([+-])\s*(\d{1,9}))?$/.exec(t);
  if (!m) return null;
  const base = (family === 'bridge' ? BRIDGE_PRIO : PRIO)[m[1]!];
  if (base === undefined) return null;
  const off = m[3] ? Number(m[3]) : 0;
  return m[2] === '-' ? base - off : base + off;
}

/** The name nft's text form prints for a standard priority ('srcnat' for 100), else the number. */
function priorityName(prio: number | undefined, family: string): string | null {
  if (prio === undefined) return null;
  const table = family === 'bridge' ? BRIDGE_PRIO : PRIO;
  return Object.keys(table).find((k) => table[k] === prio) ?? String(prio);
}

// ---------------------------------------------------------------- text form

interface Tok {
  t: string;
  quoted: boolean;
}

/** Split a rule line into tokens: quoted strings and `{ ... }` groups stay whole; `#` outside quotes ends the rule. */
function tokenize(s: string): { toks: Tok[]; trailer: string } {
  const toks: Tok[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') return { toks, trailer: s.slice(i) };
    if (c === '"') {
      const end = s.indexOf('"', i + 1);
      const stop = end < 0 ? n : end;
      toks.push({ t: s.slice(i + 1, stop), quoted: true });
      i = stop + 1;
      continue;
    }
    if (c === '{') {
      let depth = 0;
      let j = i;
      let inQ = false;
      let closed = false;
      for (; j < n; j++) {
        const d = s[j]!;
        if (d === '"') inQ = !inQ;
        else if (inQ) continue;
        else if (d === '#') break;
        else if (d === '{') depth++;
        else if (d === '}') {
          depth--;
          if (depth === 0) {
            closed = true;
            break;
          }
        }
      }
      const inner = s.slice(i + 1, j).trim().replace(/\s+/g, ' ');
      toks.push({ t: inner ? `{ ${inner} }` : '{', quoted: false });
      i = closed ? j + 1 : j;
      continue;
    }
    let j = i;
    while (j < n && s[j] !== ' ' && s[j] !== '\t' && s[j] !== '"' && s[j] !== '{') j++;
    toks.push({ t: s.slice(i, j), quoted: false });
    i = j;
  }
  return { toks, trailer: '' };
}

/** Net `{` minus `}` outside quoted strings and before a `#` comment. */
function braceDelta(s: string): number {
  let d = 0;
  let inQ = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') inQ = !inQ;
    else if (inQ) continue;
    else if (c === '#') break;
    else if (c === '{') d++;
    else if (c === '}') d--;
  }
  return d;
}

function handleOf(trailer: string): number | null {
  const m = /^#\s*handle\s+(\d{1,15})/.exec(trailer);
  return m ? Number(m[1]) : null;
}

function isWord(t: Tok | undefined): boolean {
  return t !== undefined && !t.quoted && /^[a-z][a-z0-9-]*$/.test(t.t);
}

function emptyRule(text: string, line: number | null): NftRule {
  return { text, line, handle: null, counter: null, verdict: null, target: null, matches: [], nat: null, mss: null, comment: null, xt: [] };
}

function natScope(matches: NftMatch[]): NftNat['scope'] {
  const find = (...keys: string[]) => matches.find((m) => keys.includes(m.key)) ?? null;
  return { iifname: find('iifname', 'iif'), oifname: find('oifname', 'oif'), saddr: find('ip saddr', 'ip6 saddr'), daddr: find('ip daddr', 'ip6 daddr') };
}

const NAT_FLAGS = new Set(['random', 'fully-random', 'persistent']);

/** Parse one rule's text (without the handle comment). */
function parseRuleText(text: string, toks: Tok[], line: number | null): NftRule {
  const r = emptyRule(text, line);
  let natKind: NftNat['kind'] | null = null;
  let natTo: string | null = null;
  const n = toks.length;
  let i = 0;
  const at = (k: number) => toks[k];
  const is = (k: number, w: string) => {
    const t = toks[k];
    return t !== undefined && !t.quoted && t.t === w;
  };
  while (i < n) {
    const tok = toks[i]!;
    const w = tok.quoted ? '' : tok.t;
    if (w === 'counter') {
      if (is(i + 1, 'packets') && is(i + 3, 'bytes')) {
        const p = toInt(at(i + 2)?.t);
        const b = toInt(at(i + 4)?.t);
        if (p !== null && b !== null) r.counter = { packets: p, bytes: b };
        i += 5;
      } else if (is(i + 1, 'name')) i += 3;
      else i += 1;
      continue;
    }
    if (w === 'comment' && at(i + 1)) {
      r.comment = at(i + 1)!.t;
      i += 2;
      continue;
    }
    if (SIMPLE_VERDICTS.has(w)) {
      r.verdict = w as NftVerdict;
      i++;
      continue;
    }
    if (w === 'reject') {
      r.verdict = 'reject';
      i++;
      if (is(i, 'with')) while (i < n && !is(i, 'comment')) i++;
      continue;
    }
    if (w === 'queue') {
      r.verdict = 'queue';
      i++;
      continue;
    }
    if ((w === 'jump' || w === 'goto') && at(i + 1)) {
      r.verdict = w;
      r.target = at(i + 1)!.t;
      i += 2;
      continue;
    }
    if (w === 'masquerade' || w === 'snat' || w === 'dnat' || w === 'redirect') {
      natKind = w;
      i++;
      if (is(i, 'ip') || is(i, 'ip6') || is(i, 'inet')) i++;
      if (is(i, 'prefix')) i++;
      if (is(i, 'to') && at(i + 1)) {
        natTo = at(i + 1)!.t;
        i += 2;
      }
      while (i < n && NAT_FLAGS.has(at(i)!.t)) i++;
      continue;
    }
    if (w === 'tcp' && is(i + 1, 'option') && is(i + 2, 'maxseg') && is(i + 3, 'size') && is(i + 4, 'set')) {
      if (is(i + 5, 'rt') && is(i + 6, 'mtu')) {
        r.mss = { pmtu: true, size: null };
        i += 7;
      } else {
        r.mss = { pmtu: false, size: toInt(at(i + 5)?.t) };
        i += 6;
      }
      continue;
    }
    if (w === 'xt' && at(i + 1) && at(i + 2)) {
      r.xt.push(`${at(i + 1)!.t} ${at(i + 2)!.t}`);
      i += 3;
      continue;
    }
    // A selector: one bare meta word, or `proto field`.
    let key: string | null = null;
    let width = 0;
    if (BARE_META.has(w)) {
      key = w;
      width = 1;
    } else if (PROTO_WORDS.has(w) && isWord(at(i + 1))) {
      const field = at(i + 1)!.t;
      key = w === 'meta' && BARE_META.has(field) ? field : `${w} ${field}`;
      width = 2;
    }
    if (key === null) {
      i++;
      continue;
    }
    let k = i + width;
    if (is(k, 'set')) {
      // A statement (`meta mark set 0x1`), not a match.
      i = k + 2;
      continue;
    }
    // Older nft: `tcp flags & (syn | rst) == syn`.
    let mask: string | null = null;
    if (is(k, '&') && at(k + 1)) {
      k++;
      const parts: string[] = [];
      const paren = at(k)!.t.startsWith('(');
      while (k < n && parts.length < 16) {
        const t = at(k)!.t;
        parts.push(t);
        k++;
        if (!paren || t.endsWith(')')) break;
      }
      mask = parts.join('').replace(/[()]/g, '').split('|').join(',');
    }
    let op = '==';
    const maybeOp = at(k);
    if (maybeOp && !maybeOp.quoted && OPS.has(maybeOp.t)) {
      op = OPS.get(maybeOp.t)!;
      k++;
    } else if (is(k, 'vmap') || is(k, 'map')) {
      // `ip daddr vmap { 172.31.40.0/24 : jump tovpn }`: the verdict depends on the selector.
      op = at(k)!.t;
      k++;
    }
    const v = at(k);
    if (!v) {
      i = k;
      continue;
    }
    let value = v.t;
    k++;
    if (is(k, '/') && at(k + 1)) {
      value = `${value} / ${at(k + 1)!.t}`;
      k += 2;
    } else if (mask) value = `${value} / ${mask}`;
    r.matches.push({ key, op, value });
    i = k;
  }
  if (natKind) r.nat = { kind: natKind, to: natTo, scope: natScope(r.matches) };
  return r;
}

interface Ctx {
  tables: NftTable[];
  warnings: string[];
}

function tableFor(ctx: Ctx, family: string, name: string): NftTable {
  let t = ctx.tables.find((x) => x.family === family && x.name === name);
  if (!t) {
    t = { family, name, handle: null, chains: [], sets: [] };
    ctx.tables.push(t);
  }
  return t;
}

function parseChainHeader(chain: NftChain, family: string, body: string): void {
  for (const seg of body.split(';')) {
    const { toks } = tokenize(seg);
    const w = toks.map((t) => t.t);
    if (w[0] === 'policy' && w[1]) {
      chain.policy = w[1];
      continue;
    }
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 'type' && w[i + 1]) chain.type = w[++i]!;
      else if (w[i] === 'hook' && w[i + 1]) chain.hook = w[++i]!;
      else if (w[i] === 'device' && w[i + 1]) chain.device = w[++i]!;
      else if (w[i] === 'devices' && w[i + 1] === '=' && w[i + 2]) {
        chain.device = w[i + 2]!;
        i += 2;
      } else if (w[i] === 'priority') {
        const p = w.slice(i + 1).join(' ');
        chain.priorityText = p;
        chain.priority = resolvePriority(p, family);
        break;
      }
    }
  }
}

const ERROR_LINE = /^(?:netlink: )?Error:|Operation not permitted|Permission denied|command not found|No such file or directory|^nft: /;

function parseText(text: string): Parsed<NftRuleset> {
  const ls = lines(text);
  const ctx: Ctx = { tables: [], warnings: [] };
  let table: NftTable | null = null;
  let chain: NftChain | null = null;
  /** Depth of a block we skip (set, map, flowtable, ...) or of an unrecognized block. */
  let skipDepth = 0;
  let errorLine: { line: number; text: string } | null = null;
  let i = 0;
  while (i < ls.length) {
    const lineNo = i + 1;
    const raw = ls[i]!;
    i++;
    const s = raw.trim();
    if (!s) continue;
    if (skipDepth > 0) {
      skipDepth += braceDelta(s);
      if (skipDepth < 0) skipDepth = 0;
      continue;
    }
    if (s.startsWith('#')) {
      ctx.warnings.push(`line ${lineNo}: ${s.slice(0, 200)}`);
      continue;
    }
    if (ERROR_LINE.test(s) && !chain) {
      errorLine ??= { line: lineNo, text: s };
      ctx.warnings.push(`line ${lineNo}: ${s.slice(0, 200)}`);
      continue;
    }
    const { toks, trailer } = tokenize(s);
    const first = toks[0]?.quoted ? '' : (toks[0]?.t ?? '');
    if (s === '}') {
      if (chain) chain = null;
      else if (table) table = null;
      continue;
    }
    if (!table) {
      if (first === 'table' && toks.length >= 3 && FAMILIES.has(toks[1]!.t) && toks[toks.length - 1]!.t.startsWith('{')) {
        const family = toks[1]!.t;
        const name = toks[2]!.t;
        table = tableFor(ctx, family, name);
        table.handle = handleOf(trailer) ?? table.handle;
        // `table ip t { }` on one line (an empty table) closes at once.
        if (braceDelta(s) <= 0) table = null;
        continue;
      }
      if (braceDelta(s) > 0) skipDepth = braceDelta(s);
      ctx.warnings.push(`line ${lineNo}: outside any table: ${s.slice(0, 200)}`);
      continue;
    }
    if (!chain) {
      if (first === 'chain' && toks.length >= 2) {
        const name = toks[1]!.t;
        chain = { name, type: null, hook: null, priority: null, priorityText: null, policy: null, device: null, handle: handleOf(trailer), rules: [] };
        table.chains.push(chain);
        if (braceDelta(s) <= 0) chain = null;
        continue;
      }
      if ((first === 'set' || first === 'map') && toks[1]) table.sets.push(toks[1].t);
      const d = braceDelta(s);
      if (d > 0) skipDepth = d;
      else if (first !== 'flags' && first !== 'comment' && first !== 'set' && first !== 'map')
        ctx.warnings.push(`line ${lineNo}: unknown table line: ${s.slice(0, 200)}`);
      continue;
    }
    // Inside a chain.
    if (first === 'type' && /\bhook\b/.test(s)) {
      parseChainHeader(chain, table.family, s);
      continue;
    }
    if (first === 'policy' && toks[1]) {
      chain.policy = toks[1].t.replace(/;$/, '');
      continue;
    }
    if (first === 'comment' && toks.length === 2) continue;
    // A rule; a multi-line anonymous set or map continues until its braces balance.
    let ruleText = s;
    let depth = braceDelta(s);
    while (depth > 0 && i < ls.length) {
      const more = ls[i]!.trim();
      i++;
      depth += braceDelta(more);
      ruleText += ` ${more}`;
    }
    const t = tokenize(ruleText);
    const body = t.trailer ? ruleText.slice(0, ruleText.length - t.trailer.length).trimEnd() : ruleText;
    const rule = parseRuleText(body, t.toks, lineNo);
    rule.handle = handleOf(t.trailer);
    chain.rules.push(rule);
  }
  if (chain || table) ctx.warnings.push('output ends inside an open block (truncated?)');
  if (!ctx.tables.length) {
    if (errorLine) return fail('command-error', errorLine.text.slice(0, 300), errorLine.line);
    return fail('unrecognized', 'no `table <family> <name> {` block found');
  }
  return ok(finish('text', null, ctx.tables), ctx.warnings);
}

// ---------------------------------------------------------------- JSON form

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
        parts.push('<match>');
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
      if (type === 'target') {
        if (name === 'TCPMSS') r.mss = { pmtu: null, size: null };
        else if (name === 'MASQUERADE') natKind = 'masquerade';
        else if (name === 'SNAT') natKind = 'snat';
        else if (name === 'DNAT') natKind = 'dnat';
        else if (name === 'REDIRECT') natKind = 'redirect';
        else if (name === 'REJECT') r.verdict = 'reject';
      }
      continue;
    }
    const kinds = Object.keys(e);
    if (kinds[0]) parts.push(kinds[0]);
  }
  if (r.comment !== null) parts.push(`comment "${r.comment}"`);
  r.text = parts.join(' ');
  if (natKind) r.nat = { kind: natKind, to, scope: natScope(r.matches) };
  if (r.xt.length) warnings.push(`rule handle ${r.handle ?? '?'} in ${str(o.table) ?? '?'}/${str(o.chain) ?? '?'} uses iptables-nft compat expressions (${r.xt.join(', ')}); the text form shows their arguments`);
  return r;
}

function parseJsonForm(text: string): Parsed<NftRuleset> {
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

function finish(format: 'text' | 'json', version: string | null, tables: NftTable[]): NftRuleset {
  const natRules: NftRuleset['natRules'] = [];
  const mssClamps: NftRuleset['mssClamps'] = [];
  for (const t of tables) {
    for (const c of t.chains) {
      c.rules.forEach((r, index) => {
        const ref: NftRuleRef = { family: t.family, table: t.name, chain: c.name, hook: c.hook, index, handle: r.handle, text: r.text, counter: r.counter };
        if (r.nat) natRules.push({ ...ref, nat: r.nat });
        if (r.mss) mssClamps.push({ ...ref, mss: r.mss });
      });
    }
  }
  return { format, version, tables, natRules, mssClamps };
}

export function parseNftRuleset(text: string): Parsed<NftRuleset> {
  if (!text.trim()) return fail('empty', 'no output (an empty ruleset prints nothing)');
  return looksJson(text) ? parseJsonForm(text) : parseText(text);
}

export const nftRulesetParser: Parser<NftRuleset> = {
  id: 'nft-ruleset',
  commands: ['nft list ruleset', 'nft -a list ruleset', 'nft -j list ruleset', 'nft list table|chain ...'],
  parse: parseNftRuleset,
};
