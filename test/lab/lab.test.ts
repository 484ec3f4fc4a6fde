// Why: the lab is real: healthy traffic passes, each fault breaks what the runbook says it breaks, heal restores it, down leaves nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync } from 'node:fs';
import { gated } from '../lib/skip.js';
import { labUnavailable } from '../../src/lab/preflight.js';
import { labUp } from '../../src/lab/up.js';
import { labDown } from '../../src/lab/down.js';
import { FAULTS, applyFault, healFault } from '../../src/lab/faults.js';
import { httpGetBytes, pingOk } from '../../src/lab/probe.js';
import { nsName, OVERLAP, SITE_A, SITE_B, VPN_TYPES, type VpnType } from '../../src/lab/topology.js';
import { localTarget, netnsTarget, sshCloseArgv, sshTarget } from '../../src/targets/target.js';
import { readState, type ProcRecord } from '../../src/lab/state.js';
import { type Lab } from '../../src/lab/context.js';
import { leftovers, reopen, rootNetSnapshot, runner, sh } from './helpers.js';

const TWO_MB = 2 * 1024 * 1024;

/** What each fault must break, observed the way the runbook describes it. */
const SYMPTOMS: Record<string, (lab: Lab) => Promise<void>> = {
  'wrong-gateway': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host), 'ping should fail');
    const r = await sh(lab, 'hostA', ['ip', 'route', 'get', SITE_B.host]);
    assert.match(r.out, 'via 10.20.0.254');
  },
  overlap: async (lab) => {
    assert.not.ok(await pingOk(lab, OVERLAP.host), 'ping to the renumbered hostB should fail');
    const r = await sh(lab, 'hostA', ['ip', 'route', 'get', OVERLAP.host]);
    assert.match(r.out, /dev eth0/);
    assert.not.match(r.out, / via /, 'hostA treats the destination as on-link');
  },
  'missing-route': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['ip', 'route', 'get', SITE_B.host, 'from', SITE_A.host, 'iif', 'lan0']);
    assert.match(r.out, 'dev wan0', 'gwA routes site B out of the WAN');
  },
  'ip-forward-off': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['ip', 'route', 'get', SITE_B.host, 'from', SITE_A.host, 'iif', 'lan0']);
    assert.not.ok(r.ok);
    assert.match(r.out, /No route to host|Network is unreachable|Invalid argument/);
  },
  'forward-drop': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['nft', 'list', 'chain', 'inet', 'filter', 'forward']);
    const m = /counter packets (\d+) bytes \d+ comment "reaches policy drop"/.exec(r.out);
    assert.ok(m && Number(m[1]) > 0, `the policy-drop counter should rise:\n${r.out}`);
  },
  'nat-on-tunnel': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['conntrack', '-L', '-p', 'icmp', '-s', SITE_A.host]);
    assert.match(r.out, `src=${SITE_B.host} dst=${SITE_A.gwWan}`, `conntrack's reply tuple shows the SNAT address:\n${r.out}`);
  },
  'allowed-ips': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const route = await sh(lab, 'gwA', ['ip', 'route', 'get', SITE_B.host, 'from', SITE_A.host, 'iif', 'lan0']);
    assert.match(route.out, 'dev wg0', 'the route still points into wg0');
    const allowed = await sh(lab, 'gwA', ['wg', 'show', 'wg0', 'allowed-ips']);
    assert.not.match(allowed.out, SITE_B.lan);
  },
  selectors: async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const sas = await sh(lab, 'gwA', ['swanctl', '--list-sas']);
    assert.match(sas.out, 'ESTABLISHED', 'the IKE SA stays up');
    assert.not.match(sas.out, 'INSTALLED', 'no child SA');
    const t220 = await sh(lab, 'gwA', ['ip', 'route', 'show', 'table', '220']);
    assert.not.match(t220.out, SITE_B.lan);
  },
  'no-return-route': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwB', ['ip', 'route', 'get', SITE_A.host, 'from', SITE_B.host, 'iif', 'lan0']);
    assert.match(r.out, 'dev wan0', 'gwB sends replies out of its WAN');
    const ct = await sh(lab, 'gwA', ['conntrack', '-L', '-p', 'icmp', '-s', SITE_A.host]);
    assert.match(ct.out, '[UNREPLIED]');
  },
  'rp-filter': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['nstat', '-asz', 'TcpExtIPReversePathFilter']);
    const m = /TcpExtIPReversePathFilter\s+(\d+)/.exec(r.out);
    assert.ok(m && Number(m[1]) > 0, `gwA counts reverse-path drops:\n${r.out}`);
  },
  'host-route': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host), 'ping should fail');
    const r = await sh(lab, 'hostA', ['ip', 'route', 'show']);
    assert.match(r.out, `default via ${SITE_A.gwLan}`, 'the default route is still right');
    assert.match(r.out, `${SITE_B.lan} via 10.20.0.254`);
  },
  'tcp-port-drop': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'ping still passes');
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M', 2), 0, 'tcp/8080 does not');
    const r = await sh(lab, 'gwA', ['nft', 'list', 'chain', 'inet', 'filter', 'forward']);
    assert.match(r.out, /tcp dport 8080 counter packets [1-9]\d* bytes \d+ drop/, r.out);
  },
  'tcp-port-drop-b': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'ping still passes');
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M', 2), 0, 'tcp/8080 does not');
    const r = await sh(lab, 'gwB', ['nft', 'list', 'chain', 'inet', 'filter', 'forward']);
    assert.match(r.out, /tcp dport 8080 counter packets [1-9]\d* bytes \d+ drop/, r.out);
  },
  'host-firewall-b': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'ping still passes');
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M', 2), 0, 'tcp/8080 does not');
    const r = await sh(lab, 'hostB', ['nft', 'list', 'ruleset']);
    assert.match(r.out, /tcp dport 8080 counter packets [1-9]\d* bytes \d+ drop/, r.out);
  },
  'policy-bypass': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['ip', 'route', 'get', SITE_B.host, 'from', SITE_A.host, 'iif', 'lan0']);
    assert.match(r.out, /dev wan0 table 130/, r.out);
  },
  'specific-route': async (lab) => {
    assert.not.ok(await pingOk(lab, SITE_B.host));
    const r = await sh(lab, 'gwA', ['ip', 'route', 'get', SITE_B.host, 'from', SITE_A.host, 'iif', 'lan0']);
    assert.match(r.out, 'via 203.0.113.1 dev wan0', r.out);
  },
  'masquerade-exempt': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'the pair works');
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M'), TWO_MB);
    const r = await sh(lab, 'gwA', ['nft', 'list', 'table', 'ip', 'nat']);
    assert.match(r.out, `ip daddr != ${SITE_B.lan}`);
  },
  'other-port-drop': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'the pair works');
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M'), TWO_MB);
    const r = await sh(lab, 'gwA', ['nft', 'list', 'chain', 'inet', 'filter', 'forward']);
    assert.match(r.out, 'tcp dport 22 counter');
  },
  'mtu-blackhole': async (lab) => {
    assert.ok(await pingOk(lab, SITE_B.host), 'small pings still pass');
    assert.not.ok(await pingOk(lab, SITE_B.host, { df: true, size: 1372 }), 'a 1400-byte DF ping vanishes');
    const got = await httpGetBytes(lab, SITE_B.host, '/2M', 3);
    assert.ok(got < TWO_MB, `a 2 MB download stalls (got ${got} bytes)`);
  },
};

const why = labUnavailable();

for (const vpn of VPN_TYPES) {
  const name = vpn === 'wireguard' ? 'tw' : 'ts';
  const s = suite(`lab ${vpn}`);
  const t = gated(s, `lab ${vpn}`, why);
  let procs: ProcRecord[] = [];
  let rootBefore = '';

  s.before(async () => {
    if (why) return;
    await labDown(name, runner); // a previous crashed run
    rootBefore = await rootNetSnapshot();
  });
  s.after(async () => {
    if (why) return;
    await labDown(name, runner);
    await labDown(`${name}2`, runner);
  });

  t('up: a healthy lab passes ping and a 2 MB TCP transfer hostA -> hostB', async () => {
    const r = await labUp({ name, vpn, runner });
    procs = [...r.state.procs];
    const lab = reopen(name);
    assert.ok(await pingOk(lab, SITE_B.host));
    assert.is(await httpGetBytes(lab, SITE_B.host, '/2M'), TWO_MB);
  });

  t('ssh from the jump namespace streams tcpdump from gwA, and the remote tcpdump ends', async () => {
    const lab = reopen(name);
    const target = sshTarget({ host: 'gwA', configFile: lab.paths.sshConfig, via: netnsTarget(nsName(name, 'jump')) });
    const session = runner.stream(target, ['tcpdump', '-lni', 'lan0', '-c', '3', 'icmp'], { timeoutMs: 8000 });
    let text = '';
    session.onData((c) => (text += c));
    await new Promise((r) => setTimeout(r, 700));
    await sh(lab, 'hostA', ['ping', '-c', '4', '-i', '0.2', SITE_B.host]);
    const exit = await session.done;
    const echoes = text.split('\n').filter((l) => /ICMP echo (request|reply)/.test(l));
    assert.ok(echoes.length >= 3, `expected 3 packets, got:\n${text}`);
    assert.is(exit.reason, 'exit');
    const left = await runner.run(sshTarget({ host: 'gwA', configFile: lab.paths.sshConfig, via: netnsTarget(nsName(name, 'jump')) }), {
      argv: ['pgrep', '-x', 'tcpdump'],
    });
    assert.is(left.exitCode, 1, `no tcpdump left on gwA: ${left.stdout}`);
  });

  t('hostile tokens reach the remote host as literal words, none is interpreted', async () => {
    const lab = reopen(name);
    const canary = `/tmp/gatewalk-canary-${process.pid}`;
    rmSync(canary, { force: true });
    const opts = { host: 'gwA', configFile: lab.paths.sshConfig, via: netnsTarget(nsName(name, 'jump')), controlDir: lab.paths.controlDir };
    const target = sshTarget(opts);
    const tokens = [';', 'a; touch ' + canary, `$(touch ${canary})`, `\`touch ${canary}\``, "it's", '"dq"', 'line1\nline2', '-rf', 'two words', 'ünïcødé', '\u202eevil', '*', '$HOME', '> ' + canary, '| touch ' + canary];
    try {
      for (const tok of tokens) {
        const r = await runner.run(target, { argv: ['printf', '%s', tok] });
        assert.is(r.stdout, tok, `token ${JSON.stringify(tok)} came back changed`);
      }
      const masters = await runner.run(localTarget(), { argv: ['pgrep', '-f', `ssh: ${lab.paths.controlDir}`] });
      assert.ok(masters.ok, 'the commands shared one multiplexed connection');
    } finally {
      await runner.run(localTarget(), { argv: sshCloseArgv(opts) ?? ['true'] });
    }
    assert.not.ok(existsSync(canary), 'a token was executed by the remote shell');
  });

  for (const f of FAULTS.filter((x) => x.vpns.includes(vpn))) {
    t(`fault ${f.name}: breaks what the runbook says, heal restores traffic`, async () => {
      const lab = reopen(name);
      await applyFault(lab, f.name);
      try {
        const symptom = SYMPTOMS[f.name];
        assert.ok(symptom, `no symptom check for ${f.name}`);
        await symptom(lab);
      } finally {
        await healFault(lab);
      }
      assert.is(readState(name)?.fault, null);
      let ok = false;
      for (let i = 0; i < 5 && !ok; i++) ok = await pingOk(lab, SITE_B.host);
      assert.ok(ok, `ping fails after healing ${f.name}`);
      if (f.name === 'mtu-blackhole') assert.is(await httpGetBytes(lab, SITE_B.host, '/2M'), TWO_MB);
    });
  }

  t('a second lab runs beside the first', async () => {
    const other: VpnType = vpn === 'wireguard' ? 'strongswan' : 'wireguard';
    await labUp({ name: `${name}2`, vpn: other, runner });
    assert.ok(await pingOk(reopen(`${name}2`), SITE_B.host));
    assert.ok(await pingOk(reopen(name), SITE_B.host));
    const second = readState(`${name}2`)?.procs ?? [];
    await labDown(`${name}2`, runner);
    assert.equal(leftovers(`${name}2`, second), []);
    assert.ok(await pingOk(reopen(name), SITE_B.host), 'the first lab survives the second going down');
  });

  t('down: nothing of the lab remains and the root namespace is unchanged; down again is a no-op', async () => {
    const r = await labDown(name, runner);
    assert.ok(r.hadAnything);
    assert.equal(leftovers(name, procs), []);
    assert.is(await rootNetSnapshot(), rootBefore);
    const again = await labDown(name, runner);
    assert.not.ok(again.hadAnything);
  });

  s.run();
}
