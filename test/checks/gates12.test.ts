// Why: gate 1/2 checks against every recorded lab scenario (healthy passes, each fault is found at its gate, later faults stay clear) and hand-built edge cases.

import { fixLineText, type FixLine } from '../../src/checks/fix.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../../src/checks/gates12/index.js';
import type { Check } from '../../src/checks/check.js';
import type { Status, Verdict } from '../../src/checks/types.js';
import type { Evidence, ProbeResult } from '../../src/engine/analyze.js';
import { parserById } from '../../src/parsers/registry.js';
import { evidenceOf, scenarioNames, SCENARIOS_DIR } from '../lib/replay.js';

/** A fix's lines as shown (argv shell-quoted, notes after #). */
const fixText = (v: { fix: FixLine[] }): string[] => v.fix.map(fixLineText);

const s = suite('checks: gates 1 and 2');

const byId = (id: string): Check => {
  const c = CHECKS.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
const run = (id: string, ev: Evidence): Verdict => byId(id).run(ev);

interface Expected {
  gate: 1 | 2 | 3 | 4 | 'mtu';
  side: 'a' | 'b';
  cause: string;
}

function expectedOf(name: string): Expected | null {
  const meta = JSON.parse(readFileSync(join(SCENARIOS_DIR, name, 'scenario.json'), 'utf8')) as { expected: Expected | null };
  return meta.expected;
}

const cache = new Map<string, Evidence>();
function evidence(name: string): Evidence {
  let ev = cache.get(name);
  if (!ev) {
    ev = evidenceOf(name);
    cache.set(name, ev);
  }
  return ev;
}

// ---------------------------------------------------------------- every recorded scenario, by rule

s('the checks have stable ids, gates 1 and 2, and a title', () => {
  const ids = CHECKS.map((c) => c.id);
  assert.equal(ids, ['gate1.source-route', 'gate1.prefix-overlap', 'gate2.ip-forward', 'gate2.route-into-tunnel', 'gate2.forward-chain', 'gate2.nat-on-tunnel']);
  for (const c of CHECKS) {
    assert.ok(c.gate === 1 || c.gate === 2, c.id);
    assert.ok(c.id.startsWith(`gate${c.gate}.`), c.id);
    assert.ok(c.title.length > 10, c.id);
  }
});

for (const name of scenarioNames()) {
  s(`${name}: the rule for gates 1 and 2 holds`, () => {
    const exp = expectedOf(name);
    const ev = evidence(name);
    const verdicts = CHECKS.map((c) => c.run(ev));
    for (const v of verdicts) {
      assert.is(v.check, CHECKS.find((c) => c.id === v.check)?.id);
      assert.ok(v.finding.length > 20, `${v.check}: a finding`);
      if (v.status === 'FAIL') {
        assert.ok(v.cause && v.side, `${v.check}: FAIL names a cause and a side`);
        assert.ok(v.evidence.length > 0, `${v.check}: FAIL quotes evidence`);
        assert.ok(v.fix.length > 0, `${v.check}: FAIL proposes a fix`);
      }
      if (v.status === 'UNKNOWN') assert.ok(v.missing.length > 0, `${v.check}: UNKNOWN says what is missing`);
      for (const e of v.evidence) assert.ok(e.host && e.command && e.line, `${v.check}: evidence has host, command and line`);
    }
    const fails = verdicts.filter((v) => v.status === 'FAIL');
    if (!exp || exp.gate === 3 || exp.gate === 4 || exp.gate === 'mtu') {
      assert.equal(fails.map((v) => `${v.check} ${v.cause}`), [], 'no FAIL on a healthy or later-gate scenario');
    } else {
      const hit = fails.find((v) => v.gate === exp.gate && v.cause === exp.cause && v.side === exp.side);
      assert.ok(hit, `a gate ${exp.gate} check FAILs with ${exp.cause}/${exp.side}; got ${fails.map((v) => `${v.check}=${v.cause}/${v.side}`).join(', ') || 'none'}`);
    }
  });
}

// ---------------------------------------------------------------- every recorded scenario, verdict by verdict

type Row = [status: Status, cause?: string];
const PASS: Row = ['PASS'];
const ALL_PASS: Record<string, Row> = {
  'gate1.source-route': PASS, 'gate1.prefix-overlap': PASS, 'gate2.ip-forward': PASS,
  'gate2.route-into-tunnel': PASS, 'gate2.forward-chain': PASS, 'gate2.nat-on-tunnel': PASS,
};
const OVERLAP: Record<string, Row> = {
  ...ALL_PASS,
  'gate1.source-route': ['FAIL', 'overlap'], 'gate1.prefix-overlap': ['FAIL', 'overlap'],
  'gate2.route-into-tunnel': ['WARN'], 'gate2.forward-chain': ['WARN'], 'gate2.nat-on-tunnel': ['WARN'],
};
const TABLE: Record<string, Record<string, Row>> = {};
for (const vpn of ['wireguard', 'strongswan']) {
  TABLE[`${vpn}--healthy`] = ALL_PASS;
  TABLE[`${vpn}--wrong-gateway`] = { ...ALL_PASS, 'gate1.source-route': ['FAIL', 'wrong-gateway'] };
  TABLE[`${vpn}--overlap`] = OVERLAP;
  TABLE[`${vpn}--missing-route`] = { ...ALL_PASS, 'gate2.route-into-tunnel': ['FAIL', 'no-route'] };
  // With forwarding off the live lookup is refused; the tables still route into the tunnel.
  TABLE[`${vpn}--ip-forward-off`] = { ...ALL_PASS, 'gate2.ip-forward': ['FAIL', 'ip-forward-off'] };
  TABLE[`${vpn}--forward-drop`] = { ...ALL_PASS, 'gate2.forward-chain': ['FAIL', 'forward-drop'] };
  TABLE[`${vpn}--nat-on-tunnel`] = { ...ALL_PASS, 'gate2.nat-on-tunnel': ['FAIL', 'nat-on-tunnel'] };
  TABLE[`${vpn}--no-return-route`] = ALL_PASS;
  TABLE[`${vpn}--rp-filter`] = ALL_PASS;
  TABLE[`${vpn}--mtu-blackhole`] = ALL_PASS;
  // Issue 12's faults: a more specific host route, port drops (the ping beside the pair passes), routing elsewhere.
  TABLE[`${vpn}--host-route`] = { ...ALL_PASS, 'gate1.source-route': ['FAIL', 'wrong-gateway'] };
  TABLE[`${vpn}--tcp-port-drop`] = { ...ALL_PASS, 'gate2.forward-chain': ['FAIL', 'forward-drop'] };
  TABLE[`${vpn}--tcp-port-drop-b`] = ALL_PASS;
  TABLE[`${vpn}--host-firewall-b`] = ALL_PASS;
  TABLE[`${vpn}--policy-bypass`] = { ...ALL_PASS, 'gate2.route-into-tunnel': ['FAIL', 'policy-routing'] };
  TABLE[`${vpn}--specific-route`] = { ...ALL_PASS, 'gate2.route-into-tunnel': ['FAIL', 'more-specific-route'] };
  // Works, but: the exempting masquerade passes; a drop of tcp/22 to site B is a WARN, the pair passes.
  TABLE[`${vpn}--masquerade-exempt`] = ALL_PASS;
  TABLE[`${vpn}--other-port-drop`] = { ...ALL_PASS, 'gate2.forward-chain': ['WARN', 'forward-drop'] };
}
TABLE['wireguard--allowed-ips'] = ALL_PASS;
// No child SA means charon installs no table 220 route: the leak is gate 3's, so gate 2 only warns.
TABLE['strongswan--selectors'] = { ...ALL_PASS, 'gate2.route-into-tunnel': ['WARN'] };

const have = new Set(scenarioNames());
for (const [name, rows] of Object.entries(TABLE)) {
  if (!have.has(name)) continue;
  s(`${name}: verdicts`, () => {
    const ev = evidence(name);
    for (const [id, [status, cause]] of Object.entries(rows)) {
      const v = run(id, ev);
      assert.is(`${id} ${v.status}`, `${id} ${status}`, v.finding);
      if (cause) {
        assert.is(v.cause, cause, id);
        assert.is(v.side, 'a', id);
      }
    }
  });
}

s('every recorded scenario is in the verdict table', () => {
  assert.equal([...have].filter((n) => !TABLE[n]), []);
});

// ---------------------------------------------------------------- recorded details

if (have.has('wireguard--wrong-gateway')) {
  s('wrong-gateway quotes the route, gwA\'s LAN address and the FAILED neighbour, and fixes the route', () => {
    const v = run('gate1.source-route', evidence('wireguard--wrong-gateway'));
    const lines = v.evidence.map((e) => e.line).join('\n');
    assert.match(lines, '"gateway":"10.20.0.254"');
    assert.match(lines, '"local":"10.20.0.1"');
    assert.match(lines, '"state":["FAILED"]');
    assert.ok(fixText(v).includes('ip route replace 172.31.40.0/24 via 10.20.0.1 dev eth0'), fixText(v).join('; '));
  });
}

if (have.has('wireguard--ip-forward-off')) {
  s('ip-forward-off quotes the sysctl line and the kernel\'s refusal', () => {
    const v = run('gate2.ip-forward', evidence('wireguard--ip-forward-off'));
    assert.ok(v.evidence.some((e) => e.line === 'net.ipv4.ip_forward = 0' && e.host === 'gwA'));
    assert.ok(v.evidence.some((e) => e.line === 'RTNETLINK answers: No route to host'));
    assert.ok(fixText(v).includes('sysctl -w net.ipv4.ip_forward=1'));
  });
}

if (have.has('wireguard--forward-drop')) {
  s('forward-drop quotes the drop policy and the climbing "reaches policy drop" counter', () => {
    const v = run('gate2.forward-chain', evidence('wireguard--forward-drop'));
    const lines = v.evidence.map((e) => e.line);
    assert.ok(lines.some((l) => l.includes('"policy":"drop"')), lines.join('\n'));
    // The count depends on the recorded traffic; it must have risen.
    assert.ok(lines.some((l) => l.includes('reaches policy drop') && /packets [1-9]\d*/.test(l)), lines.join('\n'));
    assert.equal(v.fix[0], { argv: ['nft', 'insert', 'rule', 'inet', 'filter', 'forward', 'iifname', 'lan0', 'oifname', 'wg0', 'ip', 'saddr', '10.20.0.0/24', 'ip', 'daddr', '172.31.40.0/24', 'counter', 'accept', 'comment', '"lan to vpn"'] });
  });
}

if (have.has('wireguard--nat-on-tunnel')) {
  s('nat-on-tunnel quotes the SNAT rule and a conntrack entry whose reply goes to the WAN address', () => {
    const v = run('gate2.nat-on-tunnel', evidence('wireguard--nat-on-tunnel'));
    const lines = v.evidence.map((e) => e.line);
    assert.ok(lines.some((l) => l.includes('snat to 203.0.113.10')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('dst=203.0.113.10') && l.includes('src=10.20.0.55')), lines.join('\n'));
    assert.ok(fixText(v).includes('nft delete rule ip nat postrouting handle 2'), fixText(v).join('; '));
  });
}

if (have.has('wireguard--missing-route')) {
  s('missing-route quotes the route out of wan0 and the cleartext leak, and adds the tunnel route', () => {
    const v = run('gate2.route-into-tunnel', evidence('wireguard--missing-route'));
    const lines = v.evidence.map((e) => e.line);
    assert.ok(lines.some((l) => l.includes('"dev":"wan0"')));
    assert.ok(lines.some((l) => l.includes('IP 203.0.113.10 > 172.31.40.10')), lines.join('\n'));
    assert.equal(v.fix, [{ argv: ['ip', 'route', 'add', '172.31.40.0/24', 'dev', 'wg0'] }]);
  });
}

if (have.has('strongswan--missing-route')) {
  s('strongswan missing-route: the child SA is installed, so the missing table 220 route is gate 2\'s', () => {
    const v = run('gate2.route-into-tunnel', evidence('strongswan--missing-route'));
    assert.is(v.status, 'FAIL');
    assert.ok(v.evidence.some((e) => e.command === 'swanctl --list-sas' && e.line.includes('INSTALLED')));
    assert.ok(fixText(v).some((f) => f.includes('table 220')));
  });
}

// ---------------------------------------------------------------- hand-built edge cases

const BASE = have.has('wireguard--healthy') ? 'wireguard--healthy' : scenarioNames()[0]!;

/** A copy of recorded evidence with some probes replaced, removed, or hosts unreachable. */
function variant(name: string, change: { drop?: string[]; set?: Record<string, string>; unreachable?: Evidence['unreachable']; sightings?: Evidence['sightings'] }): Evidence {
  const ev = evidence(name);
  const probes: Record<string, ProbeResult> = { ...ev.probes };
  for (const id of change.drop ?? []) delete probes[id];
  for (const [id, out] of Object.entries(change.set ?? {})) {
    const old = probes[id];
    if (!old) throw new Error(`no probe ${id} in ${name}`);
    const parserId = { 'route-get': 'ip-route-get', rules: 'ip-rule-show', routes: 'ip-route-show', sysctl: 'sysctl', ruleset: 'nft-ruleset', addrs: 'ip-addr', neigh: 'ip-neigh', conntrack: 'conntrack' }[id.split('.')[1]!];
    const parser = parserId ? parserById(parserId) : undefined;
    probes[id] = { ...old, stdout: out, stderr: '', parsed: parser ? parser.parse(out) : null };
  }
  return {
    ...ev,
    probes,
    unreachable: change.unreachable ?? ev.unreachable,
    sightings: change.sightings ?? ev.sightings,
  };
}

s('gate1.source-route without hostA probes: live evidence on lanA passes, without it UNKNOWN', () => {
  const ev = variant(BASE, { drop: ['hostA.route-get', 'hostA.addrs', 'hostA.neigh'] });
  const pass = run('gate1.source-route', ev);
  assert.is(pass.status, 'PASS');
  assert.ok(pass.evidence.some((e) => e.command.startsWith('tcpdump')));
  const blind = run('gate1.source-route', { ...ev, sightings: {} });
  assert.is(blind.status, 'UNKNOWN');
  assert.ok(blind.missing.some((m) => m.includes('hostA.route-get')), blind.missing.join('; '));
});

s('gate1.source-route with hostA unreachable says so in missing', () => {
  const ev = variant(BASE, { drop: ['hostA.route-get', 'hostA.addrs', 'hostA.neigh'], unreachable: ['hostA'], sightings: {} });
  const v = run('gate1.source-route', ev);
  assert.is(v.status, 'UNKNOWN');
  assert.ok(v.missing.some((m) => m.includes('unreachable')), v.missing.join('; '));
});

s('gate1.source-route with unparsable output falls back to the capture', () => {
  const ev = variant(BASE, { set: { 'hostA.route-get': 'Error: any valid prefix is expected rather than "x".' } });
  const v = run('gate1.source-route', ev);
  assert.is(v.status, 'PASS');
  const blind = run('gate1.source-route', { ...ev, sightings: {} });
  assert.is(blind.status, 'UNKNOWN');
  assert.ok(blind.missing.some((m) => m.includes('command-error')), blind.missing.join('; '));
});

s('gate1.source-route: a wrong next hop that still reaches gwA\'s LAN only warns', () => {
  const ev = variant(BASE, { set: { 'hostA.route-get': '[{"dst":"172.31.40.10","gateway":"10.20.0.254","dev":"eth0","prefsrc":"10.20.0.55","flags":[],"uid":0,"cache":[]}]' } });
  const v = run('gate1.source-route', ev);
  assert.is(v.status, 'WARN');
  assert.is(v.cause, 'wrong-gateway');
});

s('gate1.source-route: no route at all on the host is a wrong-gateway FAIL', () => {
  const ev = variant(BASE, { set: { 'hostA.route-get': 'RTNETLINK answers: Network is unreachable' }, sightings: {} });
  const v = run('gate1.source-route', ev);
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'wrong-gateway');
  assert.ok(v.evidence.some((e) => e.line === 'RTNETLINK answers: Network is unreachable'));
});

s('gate1.prefix-overlap: a destination inside gwA\'s real LAN prefix fails even when the incident disagrees', () => {
  const ev = variant(BASE, { set: { 'gwA.addrs': '[{"ifindex":2,"ifname":"lan0","flags":["UP"],"mtu":1500,"operstate":"UP","addr_info":[{"family":"inet","local":"10.20.0.1","prefixlen":8,"scope":"global"}]}]' } });
  const inc = { ...ev.incident, pair: { ...ev.incident.pair, destination: '10.99.40.10' }, sites: { ...ev.incident.sites, b: { ...ev.incident.sites.b, lan: ['10.99.40.0/24'] } } };
  const v = run('gate1.prefix-overlap', { ...ev, incident: inc });
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'overlap');
  assert.ok(v.evidence.some((e) => e.line.includes('"prefixlen":8')));
});

s('gate2.ip-forward: unreadable sysctl, refused lookup and no unreachable route -> FAIL by the kernel\'s sign', () => {
  const ev = variant(BASE, { set: { 'gwA.sysctl': 'sysctl: permission denied', 'gwA.route-get': 'RTNETLINK answers: No route to host' } });
  const v = run('gate2.ip-forward', ev);
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'ip-forward-off');
  assert.ok(v.missing.length > 0);
});

s('gate2.ip-forward: ip_forward = 1 but the LAN lookup refused without an unreachable route -> per-interface forwarding', () => {
  const ev = variant(BASE, { set: { 'gwA.route-get': 'RTNETLINK answers: No route to host' }, sightings: {} });
  const v = run('gate2.ip-forward', ev);
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'ip-forward-off');
  assert.ok(fixText(v).includes('sysctl -w net.ipv4.conf.lan0.forwarding=1'), fixText(v).join('; '));
  // An unreachable route explains the refusal instead: forwarding itself is fine, and the route check fails.
  const routes = JSON.parse(evidence(BASE).probes['gwA.routes']!.stdout) as Array<Record<string, unknown>>;
  const ev2 = variant(BASE, {
    set: {
      'gwA.route-get': 'RTNETLINK answers: No route to host',
      'gwA.routes': JSON.stringify([{ type: 'unreachable', dst: '172.31.40.0/24', flags: [] }, ...routes.filter((r) => r.dst !== '172.31.40.0/24')]),
    },
    sightings: {},
  });
  assert.is(run('gate2.ip-forward', ev2).status, 'PASS');
  const r = run('gate2.route-into-tunnel', ev2);
  assert.is(r.status, 'FAIL');
  assert.is(r.cause, 'no-route');
  assert.match(r.finding, 'unreachable route 172.31.40.0/24');
});

s('gate2.ip-forward: nothing readable and nothing seen -> UNKNOWN with missing', () => {
  const ev = variant(BASE, { drop: ['gwA.sysctl', 'gwA.route-get'], unreachable: ['gwA'], sightings: {} });
  const v = run('gate2.ip-forward', ev);
  assert.is(v.status, 'UNKNOWN');
  assert.ok(v.missing.some((m) => m.includes('gwA was unreachable')), v.missing.join('; '));
});

s('gate2.route-into-tunnel: the tunnel route in a table no rule selects is policy-routing', () => {
  const ev0 = evidence(BASE);
  const routes = JSON.parse(ev0.probes['gwA.routes']!.stdout) as Array<Record<string, unknown>>;
  const moved = routes.map((r) => (r.dst === '172.31.40.0/24' ? { ...r, table: '100' } : r));
  const ev = variant(BASE, {
    set: {
      'gwA.routes': JSON.stringify(moved),
      'gwA.route-get': '[{"dst":"172.31.40.10","from":"10.20.0.55","gateway":"203.0.113.1","dev":"wan0","flags":[],"cache":[],"iif":"lan0"}]',
    },
    sightings: {},
  });
  const v = run('gate2.route-into-tunnel', ev);
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'policy-routing');
  assert.match(v.finding, 'table 100');
  // The recorded healthy capture saw the packet enter wg0: configuration and capture disagree.
  const live = run('gate2.route-into-tunnel', { ...ev, sightings: evidence(BASE).sightings });
  assert.is(live.status, 'WARN');
  assert.is(live.cause, 'policy-routing');
  assert.ok(fixText(v).some((f) => f.startsWith('ip rule add from 10.20.0.0/24 to 172.31.40.0/24 lookup 100')), fixText(v).join('; '));
});

if (have.has('strongswan--healthy')) {
  s('gate2.route-into-tunnel: strongSwan without charon\'s rule 220 is policy-routing', () => {
    const ev = variant('strongswan--healthy', {
      set: {
        'gwA.rules': '[{"priority":0,"src":"all","table":"local"},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]',
        'gwA.route-get': '[{"dst":"172.31.40.10","from":"10.20.0.55","gateway":"203.0.113.1","dev":"wan0","flags":[],"cache":[],"iif":"lan0"}]',
      },
      sightings: {},
    });
    const v = run('gate2.route-into-tunnel', ev);
    assert.is(v.status, 'FAIL');
    assert.is(v.cause, 'policy-routing');
    assert.match(v.finding, 'no ip rule looks up table 220');
  });
}

s('gate2.route-into-tunnel: no route-get, tables replayed; nothing at all -> UNKNOWN', () => {
  const ev = variant(BASE, { drop: ['gwA.route-get'] });
  const v = run('gate2.route-into-tunnel', ev);
  assert.is(v.status, 'PASS');
  assert.ok(v.evidence.some((e) => e.command === 'ip -j route show table all'));
  const none = run('gate2.route-into-tunnel', variant(BASE, { drop: ['gwA.route-get', 'gwA.routes'] }));
  assert.is(none.status, 'UNKNOWN');
  assert.is(none.missing.length, 2);
});

s('gate2.route-into-tunnel: replaying wg-quick\'s fwmark and suppress_prefixlength rules finds table 51820', () => {
  const routes = JSON.parse(evidence(BASE).probes['gwA.routes']!.stdout) as Array<Record<string, unknown>>;
  const rules = [
    { priority: 0, src: 'all', table: 'local' },
    { priority: 32764, src: 'all', table: 'main', suppress_prefixlen: 0 },
    { priority: 32765, not: null, src: 'all', fwmark: '0xca6c', table: '51820' },
    { priority: 32766, src: 'all', table: 'main' },
    { priority: 32767, src: 'all', table: 'default' },
  ];
  const ev = variant(BASE, {
    drop: ['gwA.route-get'],
    set: {
      'gwA.rules': JSON.stringify(rules),
      'gwA.routes': JSON.stringify([{ dst: 'default', dev: 'wg0', table: '51820', flags: [] }, ...routes.filter((r) => r.dst !== '172.31.40.0/24')]),
    },
  });
  const v = run('gate2.route-into-tunnel', ev);
  assert.is(v.status, 'PASS', v.finding);
  assert.match(v.finding, 'table 51820');
  // Without the rules (nor the kernel's answer) only local/main/default can be assumed: main's default route leaves
  // by wan0 and table 51820's tunnel route looks unreachable, but that rests on a guess: UNKNOWN.
  const noRules = run('gate2.route-into-tunnel', { ...variant(BASE, { drop: ['gwA.route-get', 'gwA.rules'], set: { 'gwA.routes': JSON.stringify([{ dst: 'default', dev: 'wg0', table: '51820', flags: [] }, ...routes.filter((r) => r.dst !== '172.31.40.0/24')]) } }), sightings: {} });
  assert.is(noRules.status, 'UNKNOWN');
  assert.ok(noRules.missing.some((m) => m.startsWith('gwA.rules')), noRules.missing.join('; '));
});

s('gate2.route-into-tunnel: route says tunnel but the capture saw a WAN leak -> WARN, not PASS', () => {
  const ev = evidence(BASE);
  const wan = ev.sightings.wanA!;
  const v = run('gate2.route-into-tunnel', { ...ev, sightings: { ...ev.sightings, tunA: { ...ev.sightings.tunA!, requests: 0 }, wanA: { ...wan, requests: 3, firstRequest: '00:00:00.1 IP 203.0.113.10 > 172.31.40.10: ICMP echo request' } } });
  assert.is(v.status, 'WARN');
  assert.match(v.finding, 'disagree');
});

const TEXT_RULESET = (forward: string[], post: string[]) => [
  'table inet filter {',
  '\tchain forward {',
  '\t\ttype filter hook forward priority filter; policy drop;',
  ...forward.map((l) => `\t\t${l}`),
  '\t}',
  '}',
  'table ip nat {',
  '\tchain postrouting {',
  '\t\ttype nat hook postrouting priority srcnat; policy accept;',
  ...post.map((l) => `\t\t${l}`),
  '\t}',
  '}',
  '',
].join('\n');

s('gate2.forward-chain: an explicit drop rule in a text ruleset is quoted as printed', () => {
  const ruleset = TEXT_RULESET(
    ['ct state established,related accept', 'iifname "lan0" oifname "wg0" counter packets 4 bytes 336 drop comment "no vpn"', 'iifname "lan0" oifname "wg0" accept'],
    ['oifname "wan0" masquerade'],
  );
  const v = run('gate2.forward-chain', variant(BASE, { set: { 'gwA.ruleset': ruleset }, sightings: {} }));
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'forward-drop');
  assert.is(v.evidence[0]?.line, 'iifname "lan0" oifname "wg0" counter packets 4 bytes 336 drop comment "no vpn"');
  // With the healthy capture (the packet did enter wg0) the ruleset is contradicted: WARN.
  assert.is(run('gate2.forward-chain', variant(BASE, { set: { 'gwA.ruleset': ruleset } })).status, 'WARN');
});

s('gate2.forward-chain: a jump to a chain that accepts passes; an unevaluable accept before the policy only warns', () => {
  const jump = [
    'table inet filter {',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy drop;',
    '\t\tiifname "lan0" jump from_lan',
    '\t}',
    '\tchain from_lan {',
    '\t\tip daddr { 172.31.40.0/24, 172.31.41.0/24 } accept',
    '\t}',
    '}',
    '',
  ].join('\n');
  assert.is(run('gate2.forward-chain', variant(BASE, { set: { 'gwA.ruleset': jump } })).status, 'PASS');
  const opaque = TEXT_RULESET(['ip daddr @vpn_nets accept'], []);
  const v = run('gate2.forward-chain', variant(BASE, { set: { 'gwA.ruleset': opaque } }));
  assert.is(v.status, 'WARN');
  assert.is(v.cause, 'forward-drop');
});

s('gate2.forward-chain and nat-on-tunnel: missing ruleset -> UNKNOWN with missing', () => {
  const ev = variant(BASE, { drop: ['gwA.ruleset'] });
  for (const id of ['gate2.forward-chain', 'gate2.nat-on-tunnel']) {
    const v = run(id, ev);
    assert.is(v.status, 'UNKNOWN', id);
    assert.ok(v.missing.some((m) => m.startsWith('gwA.ruleset')), id);
  }
});

s('gate2.nat-on-tunnel: an unscoped masquerade catches the tunnel; an exemption before it does not', () => {
  const unscoped = TEXT_RULESET(['iifname "lan0" accept'], ['ip saddr 10.20.0.0/24 masquerade']);
  const v = run('gate2.nat-on-tunnel', variant(BASE, { set: { 'gwA.ruleset': unscoped }, sightings: {} }));
  assert.is(v.status, 'FAIL');
  assert.is(v.cause, 'nat-on-tunnel');
  assert.is(v.evidence[0]?.line, 'ip saddr 10.20.0.0/24 masquerade');
  const exempt = TEXT_RULESET(['iifname "lan0" accept'], ['oifname "wg0" accept', 'ip saddr 10.20.0.0/24 masquerade']);
  assert.is(run('gate2.nat-on-tunnel', variant(BASE, { set: { 'gwA.ruleset': exempt } })).status, 'PASS');
  const wanOnly = TEXT_RULESET(['iifname "lan0" accept'], ['oifname != "wg0" masquerade']);
  assert.is(run('gate2.nat-on-tunnel', variant(BASE, { set: { 'gwA.ruleset': wanOnly } })).status, 'PASS');
});

s('no check throws when any one probe is missing, garbled or empty; UNKNOWN always says what is missing', () => {
  for (const name of [...have].filter((n) => n.endsWith('--healthy') || n.endsWith('--missing-route') || n.endsWith('--overlap'))) {
    const ev = evidence(name);
    const ids = Object.keys(ev.probes).filter((id) => id.startsWith('gwA.') || id.startsWith('hostA.'));
    for (const id of ids) {
      const variants: Evidence[] = [
        variant(name, { drop: [id] }),
        { ...ev, probes: { ...ev.probes, [id]: { ...ev.probes[id]!, stdout: '[{"dst":', parsed: { ok: false, error: { code: 'bad-json', message: 'truncated' } } } } },
        { ...ev, probes: { ...ev.probes, [id]: { ...ev.probes[id]!, stdout: '', parsed: { ok: false, error: { code: 'empty', message: 'nothing' } } } }, sightings: {}, counters: {} },
      ];
      for (const v of variants) {
        for (const c of CHECKS) {
          const out = c.run(v);
          if (out.status === 'UNKNOWN') assert.ok(out.missing.length > 0, `${name} ${id} ${c.id}`);
        }
      }
    }
  }
});

s.run();
