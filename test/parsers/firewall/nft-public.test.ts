// Why: nft text outputs people paste (iptables-nft targets, wg-quick's fib rule, Docker's jump chains) read as what they do.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNftRuleset, type NftRuleset } from '../../../src/parsers/firewall/nft-ruleset.js';
import { reachingHooks } from '../../../src/parsers/firewall/nft/common.js';
import { evaluate } from '../../../src/checks/nft-eval.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('nft-ruleset on public outputs');

function fixture(name: string): { value: NftRuleset; warnings: string[] } {
  const r = parseNftRuleset(readFileSync(join(COMMANDS_DIR, 'nft-ruleset', `${name}.out`), 'utf8'));
  if (!r.ok) throw new Error(`parse failed: ${r.error.code} ${r.error.message}`);
  return { value: r.value, warnings: r.warnings };
}

s('iptables-nft `xt target "MASQUERADE"` in the text form is source NAT, scoped by the rule\'s own matches', () => {
  const { value } = fixture('public-strongswan-docs-36--iptables-nft-masquerade');
  assert.is(value.natRules.length, 1);
  const n = value.natRules[0]!;
  assert.is(n.nat.kind, 'masquerade');
  assert.is(n.nat.to, null);
  assert.is(n.hook, 'postrouting');
  assert.equal(n.nat.scope.oifname, { key: 'oifname', op: '==', value: 'eth0' });
  assert.equal(n.nat.scope.saddr, { key: 'ip saddr', op: '==', value: '10.0.3.0/24' });
  // The policy-match rule before it stays an accept, not NAT.
  assert.is(value.tables[0]!.chains[0]!.rules[0]!.nat, null);
});

s('`xt target "SNAT"` is source NAT too (same form as MASQUERADE in the public output)', () => {
  const text = readFileSync(join(COMMANDS_DIR, 'nft-ruleset', 'public-strongswan-docs-36--iptables-nft-masquerade.out'), 'utf8').replace('xt target "MASQUERADE"', 'xt target "SNAT"');
  const r = parseNftRuleset(text);
  assert.ok(r.ok && r.value.natRules.length === 1 && r.value.natRules[0]!.nat.kind === 'snat');
});

s('a condition the parser does not read (wg-quick\'s `fib saddr type != local`) marks the match unknown, with a warning', () => {
  const { value, warnings } = fixture('public-so-70735373--wg-quick-fib');
  const preraw = value.tables[0]!.chains.find((c) => c.name === 'preraw')!;
  const rule = preraw.rules[0]!;
  assert.equal(rule.unknown, ['fib saddr type != local']);
  assert.is(rule.verdict, 'drop');
  assert.ok(warnings.some((w) => w.includes('fib saddr type != local') && w.includes('unknown')), warnings.join('\n'));
  // The statements of the other chains (`meta mark set ct mark`) are not conditions.
  for (const c of value.tables[0]!.chains.filter((x) => x.name !== 'preraw')) for (const r of c.rules) assert.equal(r.unknown, [], `${c.name}: ${r.text}`);
});

s('nft-eval: the drop whose match is unknown decides "unknown", not drop', () => {
  const { value } = fixture('public-so-70735373--wg-quick-fib');
  // A packet from the LAN to the tunnel address: iifname, daddr and the verdict all say drop; only fib can tell.
  const out = evaluate(value, 'prerouting', { iif: 'eth0', oif: null, saddr: '192.168.1.20', daddr: '10.4.125.231', proto: 'icmp', dport: null, ct: 'new' });
  assert.is(out.kind, 'unknown');
  assert.is(out.decisions[0]!.kind, 'unknown');
  assert.is(out.decisions[0]!.rule?.text.includes('fib saddr type != local'), true);
  // A packet the known matches exclude is still judged (accept by policy).
  const other = evaluate(value, 'prerouting', { iif: 'eth0', oif: null, saddr: '192.168.1.20', daddr: '192.168.1.1', proto: 'icmp', dport: null, ct: 'new' });
  assert.is(other.kind, 'accept');
});

s('chains reached only by jump take the hook and type of the base chains that reach them', () => {
  const { value } = fixture('public-openwrt-packages-22727--docker-nat');
  const t = value.tables[0]!;
  const docker = t.chains.find((c) => c.name === 'DOCKER')!;
  assert.is(docker.hook, null, 'the chain itself stays a regular chain (walked only through its jumps)');
  assert.equal(reachingHooks(t).get(docker), [
    { hook: 'prerouting', type: 'nat', via: 'PREROUTING' },
    { hook: 'output', type: 'nat', via: 'OUTPUT' },
  ]);
});

s('a NAT rule in a chain reached by jump/goto (transitively) is indexed under the base chain\'s hook', () => {
  // The public Docker table above with its masquerade moved one jump (and one goto) away from POSTROUTING.
  const text = readFileSync(join(COMMANDS_DIR, 'nft-ruleset', 'public-openwrt-packages-22727--docker-nat.out'), 'utf8')
    .replace('\t\toifname != "docker0" ip saddr 172.17.0.0/16 counter packets 0 bytes 0 xt target "MASQUERADE"\n', '\t\tjump POST-A\n')
    .replace('\tchain PREROUTING {', '\tchain POST-A {\n\t\tgoto POST-B\n\t}\n\n\tchain POST-B {\n\t\toifname != "docker0" ip saddr 172.17.0.0/16 counter packets 0 bytes 0 xt target "MASQUERADE"\n\t}\n\n\tchain PREROUTING {');
  const r = parseNftRuleset(text);
  assert.ok(r.ok);
  if (!r.ok) return;
  const moved = r.value.natRules.find((n) => n.chain === 'POST-B');
  assert.ok(moved, 'the moved masquerade is indexed');
  assert.is(moved!.hook, 'postrouting');
  assert.is(moved!.type, 'nat');
  assert.is(moved!.via, 'POSTROUTING');
  assert.is(r.value.natRules.filter((n) => n.hook === 'postrouting').length, 2);
});

s.run();
