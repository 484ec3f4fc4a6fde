// Why: iptables-save / iptables -S show chain policies, NAT on the VPN path and MSS clamps on legacy-style gateways.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { lines } from '../text.js';

/** An option's value and whether it was negated with `!`. */
export interface IptValue {
  value: string;
  negated: boolean;
}

export interface IptCounter {
  packets: number;
  bytes: number;
}

export interface IptNat {
  kind: 'MASQUERADE' | 'SNAT' | 'DNAT' | 'REDIRECT' | 'NETMAP';
  /** --to-source / --to-destination / --to-ports / --to; null for plain MASQUERADE. */
  to: string | null;
}

export interface IptMss {
  /** --clamp-mss-to-pmtu */
  pmtu: boolean;
  /** --set-mss N */
  size: number | null;
}

export interface IptRule {
  /** From `*nat` in iptables-save; null for `iptables -S` (which does not say). */
  table: string | null;
  chain: string;
  /** The rule as printed, without a leading `[pkts:bytes]`. */
  text: string;
  line: number;
  inInterface: IptValue | null;
  outInterface: IptValue | null;
  source: IptValue | null;
  destination: IptValue | null;
  protocol: IptValue | null;
  sport: IptValue | null;
  dport: IptValue | null;
  /** --ctstate / --state, e.g. 'RELATED,ESTABLISHED'. */
  ctstate: IptValue | null;
  /** Match modules (-m). */
  modules: string[];
  /** -j target (or -g chain); null when the rule only counts. */
  target: string | null;
  goto: boolean;
  nat: IptNat | null;
  mss: IptMss | null;
  /** -m comment --comment "..." */
  comment: string | null;
  /** iptables-save -c `[pkts:bytes]`, or `-c pkts bytes` from iptables -S -v. */
  counter: IptCounter | null;
}

export interface IptChain {
  table: string | null;
  name: string;
  /** ACCEPT / DROP for built-in chains; null for user chains. */
  policy: string | null;
  counter: IptCounter | null;
}

export interface IptablesFacts {
  format: 'save' | 'rules';
  /** Tables in iptables-save order. */
  tables: string[];
  /** For `iptables -S` output: the table its built-in chains point to (filter, nat, mangle, raw), or null. */
  inferredTable: string | null;
  chains: IptChain[];
  rules: IptRule[];
  /** 'iptables-save v1.8.9 (nf_tables)' from the header comment. */
  generator: string | null;
  /** 'nf_tables' or 'legacy' when the output says. */
  backend: string | null;
  /** Tables iptables-nft could not list (`# Table `nat' contains incompatible base-chains`): native nft rules hide there. */
  incompatibleTables: string[];
  /** `# Warning: iptables-legacy tables present`: rules live in the other backend too. */
  legacyTablesPresent: boolean;
}

/** Shell-like split: double quotes (with backslash escapes) and single quotes group words. */
function split(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < s.length) cur += s[++i]!;
      else cur += c;
    } else if (c === '"' || c === "'") {
      q = c;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

function bracketCounter(s: string | undefined): IptCounter | null {
  const m = s === undefined ? null : /^\[(\d{1,15}):(\d{1,15})\]$/.exec(s);
  return m ? { packets: Number(m[1]), bytes: Number(m[2]) } : null;
}

const NAT_TARGETS = new Set(['MASQUERADE', 'SNAT', 'DNAT', 'REDIRECT', 'NETMAP']);
const VALUE_OPTS: Record<string, keyof IptRule> = {
  '-i': 'inInterface', '--in-interface': 'inInterface',
  '-o': 'outInterface', '--out-interface': 'outInterface',
  '-s': 'source', '--source': 'source', '--src': 'source',
  '-d': 'destination', '--destination': 'destination', '--dst': 'destination',
  '-p': 'protocol', '--protocol': 'protocol',
  '--sport': 'sport', '--source-port': 'sport', '--sports': 'sport', '--source-ports': 'sport',
  '--dport': 'dport', '--destination-port': 'dport', '--dports': 'dport', '--destination-ports': 'dport',
  '--ctstate': 'ctstate', '--state': 'ctstate',
};

function isOption(t: string | undefined): boolean {
  return t !== undefined && t.startsWith('-') && t.length > 1 && !/^-\d/.test(t);
}

function parseRule(table: string | null, chain: string, words: string[], text: string, line: number): IptRule {
  const r: IptRule = {
    table, chain, text, line,
    inInterface: null, outInterface: null, source: null, destination: null, protocol: null, sport: null, dport: null, ctstate: null,
    modules: [], target: null, goto: false, nat: null, mss: null, comment: null, counter: null,
  };
  let negate = false;
  const toOpts: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    i++;
    if (w === '!') {
      negate = true;
      continue;
    }
    const field = VALUE_OPTS[w];
    if (field) {
      let neg = negate;
      // Old syntax: `-s ! 10.0.0.0/8`.
      if (words[i] === '!') {
        neg = true;
        i++;
      }
      const v = words[i];
      if (v !== undefined) {
        (r[field] as IptValue | null) = { value: v, negated: neg };
        i++;
      }
      negate = false;
      continue;
    }
    negate = false;
    if ((w === '-m' || w === '--match') && words[i] !== undefined) {
      r.modules.push(words[i]!);
      i++;
    } else if ((w === '-j' || w === '--jump' || w === '-g' || w === '--goto') && words[i] !== undefined) {
      r.target = words[i]!;
      r.goto = w === '-g' || w === '--goto';
      i++;
    } else if (w === '--comment' && words[i] !== undefined) {
      r.comment = words[i]!;
      i++;
    } else if (w === '-c' && toInt(words[i]) !== null && toInt(words[i + 1]) !== null) {
      r.counter = { packets: toInt(words[i])!, bytes: toInt(words[i + 1])! };
      i += 2;
    } else if ((w === '--to-source' || w === '--to-destination' || w === '--to-ports' || w === '--to') && words[i] !== undefined) {
      toOpts.push(words[i]!);
      i++;
    } else if (w === '--clamp-mss-to-pmtu') {
      r.mss = { pmtu: true, size: r.mss?.size ?? null };
    } else if (w === '--set-mss') {
      r.mss = { pmtu: r.mss?.pmtu ?? false, size: toInt(words[i]) };
      if (words[i] !== undefined) i++;
    } else if (isOption(w)) {
      // Unknown option: its arguments are the words up to the next option.
      while (i < words.length && !isOption(words[i]) && words[i] !== '!') i++;
    }
  }
  if (r.target && NAT_TARGETS.has(r.target)) r.nat = { kind: r.target as IptNat['kind'], to: toOpts.length ? toOpts.join(',') : null };
  if (r.target === 'TCPMSS') r.mss ??= { pmtu: false, size: null };
  else if (r.mss && r.target !== 'TCPMSS') r.mss = null;
  return r;
}

/** Built-in chains per table, to say which table an `iptables -S` listing came from. */
const TABLE_CHAINS: Array<[string, string[]]> = [
  ['filter', ['FORWARD', 'INPUT', 'OUTPUT']],
  ['nat', ['INPUT', 'OUTPUT', 'POSTROUTING', 'PREROUTING']],
  ['mangle', ['FORWARD', 'INPUT', 'OUTPUT', 'POSTROUTING', 'PREROUTING']],
  ['raw', ['OUTPUT', 'PREROUTING']],
];

const ERROR_LINE = /^(?:ip6?tables(?:-save|-legacy|-nft|-legacy-save|-nft-save)?(?: v[\d.]+(?: \([a-z_]+\))?)?: |iptables: |Perhaps iptables or your kernel|Try `ip6?tables -h'|.*command not found)/;

export function parseIptables(text: string): Parsed<IptablesFacts> {
  if (!text.trim()) return fail('empty', 'no output');
  const warnings: string[] = [];
  const facts: IptablesFacts = {
    format: 'rules', tables: [], inferredTable: null, chains: [], rules: [], generator: null, backend: null, incompatibleTables: [], legacyTablesPresent: false,
  };
  let table: string | null = null;
  let errorLine: { line: number; text: string } | null = null;
  let policies = 0;
  const ls = lines(text);
  for (let idx = 0; idx < ls.length; idx++) {
    const lineNo = idx + 1;
    const raw = ls[idx]!;
    const s = raw.trim();
    if (!s) continue;
    if (s.startsWith('#')) {
      const gen = /^# Generated by (\S{1,40} v[\d.]{1,20}(?: \([a-z_]{1,20}\))?)/.exec(s);
      if (gen) {
        facts.generator = gen[1]!;
        facts.format = 'save';
        const be = /\(([a-z_]{1,20})\)$/.exec(gen[1]!);
        if (be) facts.backend = be[1]!;
        else facts.backend ??= 'legacy';
        continue;
      }
      const inc = /^# Table `([^']{1,64})' contains incompatible base-chains/.exec(s);
      if (inc) {
        if (!facts.incompatibleTables.includes(inc[1]!)) facts.incompatibleTables.push(inc[1]!);
        continue;
      }
      if (/iptables-legacy tables present/.test(s)) {
        facts.legacyTablesPresent = true;
        continue;
      }
      if (s.startsWith('# Completed on')) continue;
      warnings.push(`line ${lineNo}: ${s.slice(0, 200)}`);
      continue;
    }
    if (s.startsWith('*') && !/^\*[a-z][a-z_]{0,31}$/.test(s)) {
      // iptables-save's tables are one lower-case word (filter, nat, mangle, raw, security); "*> 10.0.0.0/8" is vtysh.
      warnings.push(`line ${lineNo}: not a table line: ${s.slice(0, 200)}`);
      continue;
    }
    if (s.startsWith('*')) {
      table = s.slice(1).trim() || null;
      if (table && !facts.tables.includes(table)) facts.tables.push(table);
      facts.format = 'save';
      continue;
    }
    if (s === 'COMMIT') {
      table = null;
      continue;
    }
    if (s.startsWith(':')) {
      const w = s.slice(1).split(/\s+/);
      const name = w[0];
      if (!name) continue;
      const pol = w[1] && w[1] !== '-' ? w[1] : null;
      facts.chains.push({ table, name, policy: pol, counter: bracketCounter(w[2]) });
      continue;
    }
    let counter: IptCounter | null = null;
    let body = s;
    if (s.startsWith('[')) {
      const sp = s.indexOf(' ');
      counter = bracketCounter(sp < 0 ? s : s.slice(0, sp));
      body = sp < 0 ? '' : s.slice(sp + 1).trim();
    }
    const words = split(body);
    const op = words[0];
    if ((op === '-A' || op === '--append' || op === '-I' || op === '--insert') && words[1]) {
      const rest = words.slice(2);
      // `-I CHAIN N` is not what -S prints, but people paste their own commands.
      if ((op === '-I' || op === '--insert') && toInt(rest[0]) !== null) rest.shift();
      const rule = parseRule(table, words[1], rest, body, lineNo);
      rule.counter = counter ?? rule.counter;
      facts.rules.push(rule);
      continue;
    }
    if ((op === '-P' || op === '--policy') && words[1]) {
      policies++;
      const c = words[3] === '-c' && toInt(words[4]) !== null && toInt(words[5]) !== null ? { packets: toInt(words[4])!, bytes: toInt(words[5])! } : null;
      facts.chains.push({ table, name: words[1], policy: words[2] ?? null, counter: c });
      continue;
    }
    if ((op === '-N' || op === '--new-chain') && words[1]) {
      facts.chains.push({ table, name: words[1], policy: null, counter: null });
      continue;
    }
    if (ERROR_LINE.test(s)) {
      errorLine ??= { line: lineNo, text: s };
      warnings.push(`line ${lineNo}: ${s.slice(0, 200)}`);
      continue;
    }
    warnings.push(`line ${lineNo}: unrecognized: ${s.slice(0, 200)}`);
  }
  if (!facts.chains.length && !facts.rules.length && !facts.tables.length) {
    if (errorLine) return fail('command-error', errorLine.text.slice(0, 300), errorLine.line);
    return fail('unrecognized', 'no iptables chains or rules (-P/-A lines or iptables-save tables) found');
  }
  if (facts.format === 'rules' && policies) {
    const builtin = facts.chains.filter((c) => c.policy !== null).map((c) => c.name).sort().join(',');
    facts.inferredTable = TABLE_CHAINS.find(([, cs]) => cs.join(',') === builtin)?.[0] ?? null;
  }
  return ok(facts, warnings);
}

export const iptablesParser: Parser<IptablesFacts> = {
  id: 'iptables',
  commands: ['iptables-save [-c]', 'iptables -S', 'iptables -t nat -S', 'ip6tables-save'],
  parse: parseIptables,
};
