// Why: nft-ruleset behaviour the fixtures do not show: errors, sets and maps, NAT forms, vmap, handles, older syntax.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNftRuleset, type NftRuleset } from '../../../src/parsers/firewall/nft-ruleset.js';

const s = suite('nft-ruleset parser');

function value(text: string): NftRuleset {
  const r = parseNftRuleset(text);
  if (!r.ok) throw new Error(`parse failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

// Real nft 1.0.6 output (`nft -a list table inet scratch`) from a lab gateway, with named objects and NAT forms.
const SCRATCH = `table inet scratch { # handle 5
\tcounter seen { # handle 6
\t\tpackets 0 bytes 0
\t}

\tset blocked { # handle 7
\t\ttype ipv4_addr
\t\tflags interval
\t\telements = { 10.99.99.1, 10.99.99.7,
\t\t\t     100.64.0.0/10, 192.0.2.0/24,
\t\t\t     198.18.0.0/15 }
\t}

\tchain prerouting { # handle 1
\t\tcomment "dnat in"
\t\ttype nat hook prerouting priority dstnat; policy accept;
\t\tiifname "wan0" tcp dport 8443 dnat ip to 10.20.0.55:443 # handle 8
\t\ttcp dport 9000 redirect to :8080 # handle 9
\t}

\tchain postrouting { # handle 2
\t\ttype nat hook postrouting priority srcnat + 5; policy accept;
\t\toifname "wan0" meta l4proto tcp masquerade to :1024-65535 random # handle 10
\t\toifname "ipsec0" ip saddr 10.20.0.0/24 snat ip to 203.0.113.10 fully-random # handle 11
\t}

\tchain forward { # handle 3
\t\ttype filter hook forward priority filter - 10; policy accept;
\t\tip saddr @blocked counter name "seen" drop # handle 12
\t\ttcp dport != 22 meta mark set 0x00000001 # handle 13
\t\tip daddr vmap { 10.20.0.0/24 : accept, 172.31.40.0/24 : jump tovpn } # handle 15
\t\tmeta ipsec exists accept # handle 16
\t\treject with icmpx admin-prohibited # handle 17
\t}

\tchain tovpn { # handle 4
\t\tct state new log prefix "new vpn flow: " goto tovpn2 # handle 18
\t}

\tchain tovpn2 { # handle 5
\t\treturn # handle 19
\t}
}
`;

s('empty and whitespace output', () => {
  const a = parseNftRuleset('');
  assert.ok(!a.ok && a.error.code === 'empty');
  const b = parseNftRuleset(' \n\t\n');
  assert.ok(!b.ok && b.error.code === 'empty');
});

s('not root: command-error with the first error line', () => {
  const r = parseNftRuleset('Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n');
  assert.ok(!r.ok);
  if (!r.ok) {
    assert.is(r.error.code, 'command-error');
    assert.is(r.error.line, 1);
  }
});

s('missing chain: command-error (nft points at the word with carets)', () => {
  const r = parseNftRuleset('Error: No such file or directory\nlist chain inet filter nosuch\n                       ^^^^^^\n');
  assert.ok(!r.ok && r.error.code === 'command-error' && r.error.message.startsWith('Error: No such file'));
});

s('text that is not a ruleset is unrecognized', () => {
  const r = parseNftRuleset('default via 203.0.113.1 dev wan0\n');
  assert.ok(!r.ok && r.error.code === 'unrecognized');
});

s('JSON errors: not JSON, wrong shape', () => {
  const a = parseNftRuleset('{"nftables": [');
  assert.ok(!a.ok && a.error.code === 'bad-json');
  const b = parseNftRuleset('{"tables": []}');
  assert.ok(!b.ok && b.error.code === 'bad-json');
});

s('JSON of an empty ruleset: no tables, version kept', () => {
  const v = value('{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}]}');
  assert.equal(v.tables, []);
  assert.is(v.version, '1.0.6');
  assert.is(v.format, 'json');
});

s('named sets, maps and counters are skipped as blocks; set names kept', () => {
  const v = value(SCRATCH);
  assert.is(v.tables.length, 1);
  const t = v.tables[0]!;
  assert.equal(t.sets, ['blocked']);
  assert.equal(t.chains.map((c) => c.name), ['prerouting', 'postrouting', 'forward', 'tovpn', 'tovpn2']);
  assert.is(t.handle, 5);
});

s('chain headers: named priorities with offsets, chain comment, handles', () => {
  const [pre, post, fwd, tovpn] = value(SCRATCH).tables[0]!.chains;
  assert.equal([pre!.type, pre!.hook, pre!.priority, pre!.policy, pre!.handle], ['nat', 'prerouting', -100, 'accept', 1]);
  assert.equal([post!.priority, post!.priorityText], [105, 'srcnat + 5']);
  assert.equal([fwd!.priority, fwd!.priorityText], [-10, 'filter - 10']);
  assert.equal([tovpn!.type, tovpn!.hook, tovpn!.priority], [null, null, null]);
});

s('NAT forms: dnat ip to, redirect, masquerade with ports, snat ip to with flags; scope from the rule', () => {
  const v = value(SCRATCH);
  assert.equal(v.natRules.map((n) => [n.chain, n.nat.kind, n.nat.to, n.handle]), [
    ['prerouting', 'dnat', '10.20.0.55:443', 8],
    ['prerouting', 'redirect', ':8080', 9],
    ['postrouting', 'masquerade', ':1024-65535', 10],
    ['postrouting', 'snat', '203.0.113.10', 11],
  ]);
  const snat = v.natRules[3]!.nat;
  assert.equal(snat.scope.oifname, { key: 'oifname', op: '==', value: 'ipsec0' });
  assert.equal(snat.scope.saddr, { key: 'ip saddr', op: '==', value: '10.20.0.0/24' });
  assert.is(snat.scope.iifname, null);
});

s('verdicts, negation, statements that are not matches, vmap, handle stripped from text', () => {
  const fwd = value(SCRATCH).tables[0]!.chains[2]!;
  const [set, mark, vmap, ipsec, reject] = fwd.rules;
  assert.equal([set!.verdict, set!.counter, set!.matches], ['drop', null, [{ key: 'ip saddr', op: '==', value: '@blocked' }]]);
  assert.equal(mark!.matches, [{ key: 'tcp dport', op: '!=', value: '22' }]);
  assert.is(mark!.verdict, null);
  assert.equal(vmap!.matches, [{ key: 'ip daddr', op: 'vmap', value: '{ 10.20.0.0/24 : accept, 172.31.40.0/24 : jump tovpn }' }]);
  assert.is(ipsec!.verdict, 'accept');
  assert.is(reject!.verdict, 'reject');
  assert.is(reject!.text, 'reject with icmpx admin-prohibited');
  assert.is(reject!.handle, 17);
  const go = value(SCRATCH).tables[0]!.chains[3]!.rules[0]!;
  assert.equal([go.verdict, go.target], ['goto', 'tovpn2']);
});

s('the JSON form of the same table gives the same facts', () => {
  // Real `nft -j list table inet scratch` output for SCRATCH (trimmed to the rules that matter).
  const json = JSON.stringify({ nftables: [
    { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
    { table: { family: 'inet', name: 'scratch', handle: 5 } },
    { set: { family: 'inet', name: 'blocked', table: 'scratch', type: 'ipv4_addr', handle: 7, flags: ['interval'], elem: ['10.99.99.1'] } },
    { chain: { family: 'inet', table: 'scratch', name: 'postrouting', handle: 2, type: 'nat', hook: 'postrouting', prio: 105, policy: 'accept' } },
    { chain: { family: 'inet', table: 'scratch', name: 'forward', handle: 3, type: 'filter', hook: 'forward', prio: -10, policy: 'accept' } },
    { rule: { family: 'inet', table: 'scratch', chain: 'postrouting', handle: 10, expr: [{ match: { op: '==', left: { meta: { key: 'oifname' } }, right: 'wan0' } }, { match: { op: '==', left: { meta: { key: 'l4proto' } }, right: 'tcp' } }, { masquerade: { port: { range: [1024, 65535] }, flags: 'random' } }] } },
    { rule: { family: 'inet', table: 'scratch', chain: 'postrouting', handle: 11, expr: [{ match: { op: '==', left: { meta: { key: 'oifname' } }, right: 'ipsec0' } }, { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: { prefix: { addr: '10.20.0.0', len: 24 } } } }, { snat: { family: 'ip', addr: '203.0.113.10', flags: 'fully-random' } }] } },
    { rule: { family: 'inet', table: 'scratch', chain: 'forward', handle: 12, expr: [{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '@blocked' } }, { counter: 'seen' }, { drop: null }] } },
    { rule: { family: 'inet', table: 'scratch', chain: 'forward', handle: 15, expr: [{ vmap: { key: { payload: { protocol: 'ip', field: 'daddr' } }, data: { set: [[{ prefix: { addr: '10.20.0.0', len: 24 } }, { accept: null }], [{ prefix: { addr: '172.31.40.0', len: 24 } }, { jump: { target: 'tovpn' } }]] } } }] } },
    { rule: { family: 'inet', table: 'scratch', chain: 'forward', handle: 16, expr: [{ match: { op: '==', left: { meta: { key: 'ipsec' } }, right: true } }, { accept: null }] } },
  ] });
  const v = value(json);
  const t = v.tables[0]!;
  assert.equal(t.sets, ['blocked']);
  assert.equal(t.chains.map((c) => [c.name, c.priority, c.priorityText]), [['postrouting', 105, '105'], ['forward', -10, '-10']]);
  assert.equal(v.natRules.map((n) => [n.nat.kind, n.nat.to, n.nat.scope.oifname?.value]), [['masquerade', ':1024-65535', 'wan0'], ['snat', '203.0.113.10', 'ipsec0']]);
  const [drop, vmap, ipsec] = t.chains[1]!.rules;
  assert.equal([drop!.verdict, drop!.counter, drop!.text], ['drop', null, 'ip saddr @blocked drop']);
  assert.equal(vmap!.matches, [{ key: 'ip daddr', op: 'vmap', value: '{ 10.20.0.0/24 : accept, 172.31.40.0/24 : jump tovpn }' }]);
  assert.equal(ipsec!.matches, [{ key: 'meta ipsec', op: '==', value: 'exists' }]);
});

s('JSON rules whose chain was not listed still land in a chain', () => {
  const v = value('{"nftables":[{"rule":{"family":"ip","table":"nat","chain":"POSTROUTING","handle":4,"expr":[{"xt":{"type":"target","name":"MASQUERADE"}}]}}]}');
  const c = v.tables[0]!.chains[0]!;
  assert.is(c.name, 'POSTROUTING');
  assert.equal(c.rules[0]!.nat?.kind, 'masquerade');
  assert.equal(c.rules[0]!.xt, ['target MASQUERADE']);
});

s('stderr warnings mixed into the listing are kept as warnings, the ruleset still parses', () => {
  const text = '# Warning: table ip nat is managed by iptables-nft, do not touch!\ntable ip nat {\n\tchain POSTROUTING {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t\toifname "wan0" counter packets 3 bytes 180 masquerade\n\t}\n}\n';
  const r = parseNftRuleset(text);
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.warnings.length, 1);
    assert.match(r.warnings[0]!, /managed by iptables-nft/);
    assert.equal(r.value.natRules[0]!.counter, { packets: 3, bytes: 180 });
  }
});

s('older nft syntax: `tcp flags & (syn | rst) == syn` reads like the new `syn / syn,rst`', () => {
  const text = 'table ip mangle {\n\tchain FORWARD {\n\t\ttype filter hook forward priority -150; policy accept;\n\t\toifname "wg0" tcp flags & (syn | rst) == syn counter packets 1 bytes 60 tcp option maxseg size set rt mtu\n\t}\n}\n';
  const v = value(text);
  const r = v.tables[0]!.chains[0]!.rules[0]!;
  assert.equal(r.matches[1], { key: 'tcp flags', op: '==', value: 'syn / syn,rst' });
  assert.equal(r.mss, { pmtu: true, size: null });
  assert.is(v.tables[0]!.chains[0]!.priority, -150);
});

s('netdev ingress chain with a device; a multi-line anonymous set in a rule', () => {
  const text = 'table netdev ing {\n\tchain in {\n\t\ttype filter hook ingress device "wan0" priority -500; policy accept;\n\t\tip saddr { 192.0.2.1,\n\t\t\t    192.0.2.2 } drop\n\t}\n}\n';
  const v = value(text);
  const c = v.tables[0]!.chains[0]!;
  assert.equal([c.device, c.priority, c.hook], ['wan0', -500, 'ingress']);
  assert.is(c.rules.length, 1);
  assert.equal(c.rules[0]!.matches[0], { key: 'ip saddr', op: '==', value: '{ 192.0.2.1, 192.0.2.2 }' });
  assert.is(c.rules[0]!.verdict, 'drop');
});

s('truncated output keeps what was read and warns', () => {
  const r = parseNftRuleset('table inet filter {\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t\tct state established,related accept\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.value.tables[0]!.chains[0]!.rules.length, 1);
    assert.match(r.warnings.join('\n'), /truncated/);
  }
});

s.run();
