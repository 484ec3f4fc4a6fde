// Why: the text form of `nft list ruleset` (what an operator pastes), tokenized and parsed into tables, chains and rules.

import { fail, ok, type Parsed } from '../../result.js';
import { lines } from '../../text.js';
import { BARE_META, FAMILIES, OPS, PROTO_WORDS, SIMPLE_VERDICTS, applyXtTarget, emptyRule, finish, natScope, resolvePriority, tableFor, toInt, type Ctx } from './common.js';
import type { NftChain, NftMatch, NftNat, NftRule, NftRuleset, NftTable, NftVerdict } from './types.js';

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

const NAT_FLAGS = new Set(['random', 'fully-random', 'persistent']);
/** Words that start a statement (not a condition): after `set`, a statement's value runs until one of these. */
const STATEMENT_START = new Set(['counter', 'comment', 'log', 'limit', 'accept', 'drop', 'reject', 'return', 'continue', 'queue', 'jump', 'goto', 'masquerade', 'snat', 'dnat', 'redirect', 'notrack', 'xt']);
/** Arguments of `log` and `queue` (each takes one value unless it is a flag). */
const LOG_ARGS = new Set(['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold']);
const QUEUE_ARGS = new Set(['num', 'flags', 'to']);
const QUEUE_FLAGS = new Set(['bypass', 'fanout']);

/** Parse one rule's text (without the handle comment). */
function parseRuleText(text: string, toks: Tok[], line: number | null): { rule: NftRule; ignored: string[] } {
  const r = emptyRule(text, line);
  /** Unknown words after the rule's verdict or NAT statement: statements, not conditions; only warned about. */
  const unknownAfter: string[] = [];
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
      while (i < n) {
        if (QUEUE_ARGS.has(at(i)!.t)) i += 2;
        else if (QUEUE_FLAGS.has(at(i)!.t)) i++;
        else break;
      }
      continue;
    }
    if (w === 'log') {
      i++;
      while (i < n && LOG_ARGS.has(at(i)!.t)) i += 2;
      continue;
    }
    if (w === 'limit' && is(i + 1, 'rate')) {
      // `limit rate [over] 10/second [burst 5 packets]`: a rate limit; the one test packet is taken to be within it.
      i += 2;
      if (is(i, 'over')) i++;
      i++;
      if (is(i, 'burst')) i += 3;
      continue;
    }
    if (w === 'notrack') {
      i++;
      continue;
    }
    if (w === 'flow' && (is(i + 1, 'add') || is(i + 1, 'offload')) && at(i + 2)) {
      i += 3;
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
      // iptables-nft prints `xt target "MASQUERADE"` without arguments; the kind is known, the translation is not.
      if (at(i + 1)!.t === 'target') natKind = applyXtTarget(r, at(i + 2)!.t) ?? natKind;
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
      // A condition gatewalk does not read (`fib saddr type != local`, `socket transparent 1`): keep its words up to the
      // next token that starts something known, and mark the rule's match unknown.
      let k = i + 1;
      while (k < n && !startsKnown(toks, k)) k++;
      const words = toks.slice(i, k).map((t) => (t.quoted ? `"${t.t}"` : t.t)).join(' ');
      if (r.verdict === null && natKind === null) r.unknown.push(words);
      else unknownAfter.push(words);
      i = k;
      continue;
    }
    let k = i + width;
    if (is(k, 'set')) {
      // A statement (`meta mark set 0x1`, `ct mark set meta mark`), not a match: its value runs to the next statement.
      k += 2;
      while (k < n && !(isWord(at(k)) && STATEMENT_START.has(at(k)!.t))) k++;
      i = k;
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
  return { rule: r, ignored: unknownAfter };
}

/** Whether token k starts something the rule reader knows: a statement, a verdict, or a selector it reads. */
function startsKnown(toks: Tok[], k: number): boolean {
  const t = toks[k];
  if (!t || t.quoted) return false;
  if (STATEMENT_START.has(t.t) || BARE_META.has(t.t) || t.t === 'tcp') return true;
  return PROTO_WORDS.has(t.t) && isWord(toks[k + 1]);
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

export function parseText(text: string): Parsed<NftRuleset> {
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
    const { rule, ignored } = parseRuleText(body, t.toks, lineNo);
    rule.handle = handleOf(t.trailer);
    chain.rules.push(rule);
    if (rule.unknown.length) ctx.warnings.push(`line ${lineNo}: conditions gatewalk does not read (${rule.unknown.join('; ').slice(0, 200)}); this rule's match is unknown`);
    if (ignored.length) ctx.warnings.push(`line ${lineNo}: words after the verdict not read: ${ignored.join('; ').slice(0, 200)}`);
  }
  if (chain || table) ctx.warnings.push('output ends inside an open block (truncated?)');
  if (!ctx.tables.length) {
    if (errorLine) return fail('command-error', errorLine.text.slice(0, 300), errorLine.line);
    return fail('unrecognized', 'no `table <family> <name> {` block found');
  }
  return ok(finish('text', null, ctx.tables), ctx.warnings);
}
