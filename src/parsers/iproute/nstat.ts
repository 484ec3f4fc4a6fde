// Why: kernel SNMP counters (`nstat -asz`) name drops no other tool shows: TcpExtIPReversePathFilter, IpExtInNoRoutes, IpOutNoRoutes.

/*
 * Text: a "#kernel" line, then "Name  value  rate" rows ("TcpExtIPReversePathFilter  2  0.0").
 * JSON (`nstat -asz --json`): {"kernel": {"IpInReceives": 13, ...}}. Both give counter -> value.
 * Without -a the values are deltas since nstat's last run; that is the operator's choice, not visible here.
 */

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, lines, looksJson, parseJson } from '../text.js';
import { clip, numLike, setKey, warningList, words } from './common.js';

export interface NstatCounters {
  /** Counter name -> value ("TcpExtIPReversePathFilter" -> 2). */
  counters: Record<string, number>;
}

function parse(text: string): Parsed<NstatCounters> {
  if (!text.trim()) return fail('empty', 'no output from nstat');
  const w = warningList();
  const counters: Record<string, number> = {};

  if (looksJson(text)) {
    const j = parseJson(text);
    if (!j.ok) return fail('bad-json', `nstat --json: ${j.message}`);
    if (!isRecord(j.value)) return fail('bad-json', 'nstat --json: expected an object');
    let found = 0;
    for (const [section, body] of Object.entries(j.value)) {
      if (!isRecord(body)) {
        w.add(() => `section "${clip(section)}" is not an object`);
        continue;
      }
      for (const [k, v] of Object.entries(body)) {
        const n = numLike(v);
        if (n === undefined) w.add(() => `${clip(k)}: not a number`);
        else {
          setKey(counters, k, n);
          found++;
        }
      }
    }
    if (!found && Object.keys(j.value).length === 0) return fail('bad-json', 'nstat --json: no counters');
    return ok({ counters }, w.list());
  }

  let found = 0;
  let header = false;
  const ls = lines(text);
  ls.forEach((line, n) => {
    const t = line.trim();
    if (!t) return;
    if (t.startsWith('#')) {
      if (t === '#kernel') header = true;
      return;
    }
    const [name, value, rate, ...extra] = words(t);
    const v = value === undefined ? null : /^\d{1,20}$/.test(value) ? Number(value) : null;
    if (name === undefined || v === null || !COUNTER_NAME.test(name) || extra.length || (rate !== undefined && !/^\d{1,20}(\.\d{1,6})?$/.test(rate))) {
      w.add(() => `line ${n + 1}: not "Name value rate": "${clip(line)}"`);
      return;
    }
    setKey(counters, name, v);
    found++;
  });
  if (!found) {
    const first = ls.find((l) => l.trim()) ?? '';
    if (/^nstat:|: command not found$|^Usage: nstat/.test(first.trim())) return fail('command-error', clip(first, 200));
    return fail('unrecognized', `not nstat output: "${clip(first)}"`, 1);
  }
  if (!header) w.add('no "#kernel" header line');
  return ok({ counters }, w.list());
}

/** nstat's counters are named by their MIB group: IpInReceives, TcpExtTCPTimeouts, Icmp6InErrors, XfrmInNoStates, ... */
const COUNTER_NAME = /^(?:Ip|Icmp|Tcp|Udp|Sctp|Xfrm|MPTcp|Tls|Mptcp)[A-Za-z0-9_]{1,124}$/;

export const nstat: Parser<NstatCounters> = {
  id: 'nstat',
  commands: ['nstat -asz', 'nstat -az', 'nstat -asz --json'],
  parse,
};

/** A counter's value, 0 when nstat did not print it (nstat -s without -z leaves zero counters out). */
export function counter(c: NstatCounters, name: string): number {
  return Object.prototype.hasOwnProperty.call(c.counters, name) ? (c.counters[name] ?? 0) : 0;
}
