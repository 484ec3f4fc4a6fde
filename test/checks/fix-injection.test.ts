// Why: no word that reaches a fix (incident names, interfaces, prefixes, words from the evidence) can split or be read as shell syntax when the fix runs or is shown.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { argvText, cmd, fixLineText, isCommand, nftCmd, shScript, type FixLine } from '../../src/checks/fix.js';
import { sysctlFix } from '../../src/checks/gates12/ip-forward.js';
import { noRouteFix } from '../../src/checks/gates12/route-into-tunnel.js';
import { clampFix } from '../../src/checks/gates34/path-mtu.js';
import { addRouteFix } from '../../src/checks/gates34/return-route.js';
import { selectorFix } from '../../src/checks/gates34/selectors.js';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import type { Evidence } from '../../src/engine/analyze.js';
import { hostileValues } from '../lib/injection.js';
import { evidenceOf, scenarioNames } from '../lib/replay.js';

const s = suite('fix injection');

/** Hostile incident values around a name no recording holds, so every argv word that carries a piece of one is found. */
const PLAIN = 'vpnInjectedName';
const MARK = PLAIN.slice(1);
const HOSTILE = hostileValues(PLAIN).map(([, v]) => v).filter((v) => v !== '' && v.includes(MARK));

/** What a POSIX shell makes of a script: its words (quotes removed) and operators, and whether anything would expand. */
function shTokens(script: string): { tokens: Array<{ op?: string; word?: string }>; expands: string[] } {
  const tokens: Array<{ op?: string; word?: string }> = [];
  const expands: string[] = [];
  let word: string | null = null;
  const push = () => {
    if (word !== null) tokens.push({ word });
    word = null;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote in ${JSON.stringify(script)}`);
      word = (word ?? '') + script.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let w = '';
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && '$`"\\\n'.includes(script[j + 1] ?? '')) w += script[++j];
        else {
          if (script[j] === '$' || script[j] === '`') expands.push(script.slice(j, j + 8));
          w += script[j];
        }
      }
      if (j >= script.length) throw new Error(`unterminated double quote in ${JSON.stringify(script)}`);
      word = (word ?? '') + w;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (script[++i] ?? '');
    } else if (c === ' ' || c === '\t') push();
    else if (c === '\n' || ';&|<>()'.includes(c)) {
      push();
      tokens.push({ op: c === '\n' ? ';' : c });
    } else {
      if ('$`*?['.includes(c) || (c === '#' && word === null) || (c === '~' && word === null)) expands.push(script.slice(i, i + 8));
      word = (word ?? '') + c;
    }
  }
  push();
  return { tokens, expands };
}

/** The words a real sh reads back from a fix's display form. */
function shWords(text: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

function commands(fix: readonly FixLine[]): string[][] {
  return fix.filter(isCommand).map((l) => l.argv);
}

/**
 * An incident word inside a fix's argv is one whole word: every word carrying a piece of it (the
 * marker) is exactly the value, so nothing was split off or joined on. Returns how often it was found.
 */
function wholeWords(argvs: string[][], value: string, where: string): number {
  let n = 0;
  for (const argv of argvs) {
    for (const w of argv) {
      if (w === value) n++;
      else assert.not.ok(w.includes(MARK), `${where}: ${JSON.stringify(value)} became the word ${JSON.stringify(w)} in ${JSON.stringify(argv)}`);
    }
  }
  return n;
}

function withTunnel(ev: Evidence, t: Partial<Evidence['incident']['sites']['a']['tunnel']>, gw: Partial<Evidence['incident']['sites']['a']['gateway']> = {}, lanB?: string[]): Evidence {
  const inc = structuredClone(ev.incident);
  for (const side of ['a', 'b'] as const) {
    inc.sites[side].tunnel = { ...inc.sites[side].tunnel, ...t };
    inc.sites[side].gateway = { ...inc.sites[side].gateway, ...gw };
  }
  if (lanB) inc.sites.b.lan = lanB;
  return { ...ev, incident: inc };
}

s('every check on every recording, with hostile IKE and child names (past the schema): each name is one whole argv word', () => {
  let found = 0;
  for (const name of scenarioNames().filter((n) => n.startsWith('strongswan--'))) {
    const ev0 = evidenceOf(name);
    for (const h of HOSTILE) {
      const ev = withTunnel(ev0, { child: h, ike: h });
      for (const c of ALL_CHECKS) found += wholeWords(commands(c.run(ev).fix), h, `${name} ${c.id}`);
    }
  }
  // strongswan--missing-route proposes `swanctl --initiate --child NAME`; other strongSwan faults more.
  assert.ok(found >= HOSTILE.length, `hostile names reached ${found} argv words`);
});

s('the display form of every fix a check proposes on a recording reads back, in a real sh, as exactly its argv', () => {
  const seen = new Set<string>();
  for (const name of scenarioNames()) {
    const ev = evidenceOf(name);
    for (const c of ALL_CHECKS) {
      for (const l of c.run(ev).fix) {
        if (!isCommand(l)) continue;
        const text = argvText(l.argv);
        if (seen.has(text)) continue;
        seen.add(text);
        assert.equal(shWords(text), l.argv, text);
        assert.ok(fixLineText(l).startsWith(text));
      }
    }
  }
  assert.ok(seen.size >= 10, `only ${seen.size} distinct commands`);
});

s('fix builders with hostile interface names, prefixes, child and IKE names: one whole word each, and the display reads back', () => {
  const ev0 = evidenceOf('strongswan--missing-route');
  for (const h of HOSTILE) {
    const ev = withTunnel(ev0, { child: h, ike: h, interface: h }, { lan_interface: h, wan_interface: h }, [h]);
    const groups: Array<[string, FixLine[]]> = [
      ['noRouteFix', noRouteFix(ev, h)],
      ['addRouteFix', addRouteFix(ev)],
      ['selectorFix', selectorFix(ev, 'gwA', h)],
      ['cmd', [cmd('swanctl', '--initiate', '--child', h)]],
    ];
    for (const [what, fix] of groups) {
      const argvs = commands(fix);
      assert.ok(wholeWords(argvs, h, what) > 0, `${what}: ${JSON.stringify(h)} not among ${JSON.stringify(argvs)}`);
      for (const argv of argvs) assert.equal(shWords(argvText(argv)), argv, `${what}: ${argvText(argv)}`);
    }
  }
});

s('nft fixes: a word nft would re-split (from the evidence or the incident) makes the line a note, never a command', () => {
  const ev0 = evidenceOf('wireguard--mtu-blackhole');
  for (const h of HOSTILE) {
    const line = nftCmd(['insert', 'rule', 'inet', h, 'forward', 'accept']);
    assert.not.ok(isCommand(line), `nft accepted ${JSON.stringify(h)}`);
    const ev = withTunnel(ev0, { interface: h });
    const fix = clampFix(ev, 1360, { gwA: { family: 'inet', table: 'filter', chain: h } as never, gwB: null as never });
    for (const argv of commands(fix)) assert.not.ok(argv.some((w) => w.includes(MARK)), `clamp: ${JSON.stringify(argv)}`);
  }
  assert.equal(nftCmd(['add', 'chain', 'inet', 'mangle', 'forward'], ['{ type filter hook forward priority mangle; }']), { argv: ['nft', 'add', 'chain', 'inet', 'mangle', 'forward', '{ type filter hook forward priority mangle; }'] });
});

s('sh -c fixes: the script parses back to the template with the value as one word, nothing expands', () => {
  for (const h of [...HOSTILE, 'net.ipv4.conf.lan0.forwarding']) {
    const [now, persist] = sysctlFix(h);
    assert.equal(now, { argv: ['sysctl', '-w', `${h}=1`] });
    assert.ok(persist && isCommand(persist) && persist.argv.length === 3 && persist.argv[0] === 'sh' && persist.argv[1] === '-c');
    const { tokens, expands } = shTokens(persist.argv[2]!);
    assert.equal(tokens, [{ word: 'echo' }, { word: `${h} = 1` }, { op: '>' }, { word: '/etc/sysctl.d/90-vpn-forward.conf' }], persist.argv[2]);
    assert.equal(expands, [], persist.argv[2]);
    // The argv itself survives the display form.
    assert.equal(shWords(argvText(persist.argv)), persist.argv);
  }
  // The tokenizer is not blind: an unquoted value would split or expand.
  assert.not.equal(shTokens(`echo ${HOSTILE[0]} = 1 > /x`).tokens.length, 4);
  assert.ok(shTokens('echo $(id)').expands.length > 0);
  const t = shScript`echo ${'a b'} ${"it's"}`;
  assert.ok(isCommand(t) && shTokens(t.argv[2]!).tokens.length === 3);
});

s.run();
