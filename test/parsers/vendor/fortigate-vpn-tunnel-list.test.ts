// Why: the facts the one-sided checks will read from a pasted FortiGate `diagnose vpn tunnel list`: gateways,
// phase-2 selectors as CIDR, tunnel and SA counters, SPIs, NPU offload; and key material never in the parse.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fortigateVpnTunnelList, type FortiTunnelList } from '../../../src/parsers/vendor/fortigate-vpn-tunnel-list.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('fortigate-vpn-tunnel-list parser');

const fixture = (dir: string, name: string) => readFileSync(join(COMMANDS_DIR, dir, `${name}.out`), 'utf8');
const CISCO = fixture('fortigate-vpn-tunnel-list', 'public-fortigate-handbook--cisco-router-ikev1');
const L2TP = fixture('fortigate-vpn-tunnel-list', 'public-fortigate-handbook--l2tp-dialup');
const PKI = fixture('fortigate-vpn-tunnel-list', 'public-fortigate-handbook--pki-subnets-npu');

function list(text: string): FortiTunnelList {
  const r = fortigateVpnTunnelList.parse(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.ok ? r.value : { vd: null, tunnels: [] };
}

s('a site-to-site tunnel: gateways, tunnel and SA counters, SPIs, selectors', () => {
  const v = list(CISCO);
  assert.is(v.vd, 0);
  const [t] = v.tunnels;
  assert.equal([t!.name, t!.ver, t!.localGateway, t!.localPort, t!.remoteGateway, t!.mode], ['VPN-to-Side1', 1, '202.106.1.1', 0, '101.100.1.1', 'auto']);
  assert.equal([t!.rxPackets, t!.txPackets, t!.rxBytes, t!.txBytes, t!.ilast, t!.olast], [110, 115, 10840, 11260, 5, 5]);
  const [p] = t!.proxyIds;
  assert.equal([p!.name, p!.sa, p!.flags, p!.src?.cidr, p!.dst?.cidr], ['VPN-to-Side1', 1, ['auto-negotiate'], '0.0.0.0/0', '0.0.0.0/0']);
  assert.equal([p!.dec.spi, p!.dec.esp, p!.dec.ah, p!.enc.spi], ['0x148a81f0', 'aes', 'sha1', '0x41a02d8a']);
  assert.equal([p!.decPackets, p!.decBytes, p!.encPackets, p!.encBytes], [220, 21680, 230, 30340]);
  assert.equal([p!.npuFlag, p!.mtu, p!.expireSeconds, p!.lifeRemainingSeconds, p!.lifeSeconds], ['00', 1438, 2905, 3333, 3600]);
});

s('key material printed on the dec/enc and ah lines never reaches the parse', () => {
  for (const text of [CISCO, L2TP, PKI]) {
    const keys = [...text.matchAll(/key=\d+ ([0-9a-f]{16,})/g)].map((m) => m[1]!);
    assert.ok(keys.length >= 4, 'the fixture prints keys');
    const json = JSON.stringify(fortigateVpnTunnelList.parse(text));
    for (const k of keys) assert.not.ok(json.includes(k), `key ${k.slice(0, 6)}... in the parse`);
    assert.ok(json.includes('"key":"(redacted)"'));
  }
});

s('dial-up: a template without proxy ids and its instance with transport-mode /32 selectors and ports', () => {
  const [tpl, inst] = list(L2TP).tunnels;
  assert.equal([tpl!.mode, tpl!.remoteGateway, tpl!.proxyidNum, tpl!.proxyIds], ['dialup', '0.0.0.0', 0, []]);
  assert.equal([inst!.mode, inst!.parent, inst!.remoteGateway], ['dial_inst', 'L2TP_over_IPSEC', '10.1.1.6']);
  const [p] = inst!.proxyIds;
  assert.equal(p!.src, { protocol: 17, addresses: '201.1.1.3-201.1.1.3', cidr: '201.1.1.3/32', port: 1701 });
  assert.equal(p!.dst, { protocol: 17, addresses: '10.1.1.6-10.1.1.6', cidr: '10.1.1.6/32', port: 0 });
  assert.equal(p!.flags, ['transport-mode', 'add-route']);
});

s('subnet ranges become CIDR; NPU offload both ways', () => {
  const [p] = list(PKI).tunnels[0]!.proxyIds;
  assert.equal([p!.src?.cidr, p!.dst?.cidr, p!.npuFlag], ['192.168.0.0/24', '192.168.1.0/24', '03']);
});

s('the older address/mask selector form, and a range that is not one block', () => {
  const v = list(
    'name=T ver=2 serial=1 192.0.2.1:0->198.51.100.1:0\nproxyid=T proto=0 sa=0 ref=1 serial=1\n  src: 0:10.1.0.0/255.255.255.0:0\n  dst: 6:10.2.0.5-10.2.0.9:443\n',
  );
  const [p] = v.tunnels[0]!.proxyIds;
  assert.equal([p!.sa, p!.src?.cidr, p!.dst?.cidr, p!.dst?.port, p!.dst?.protocol], [0, '10.1.0.0/24', null, 443, 6]);
});

s('a short (8-byte DES) key on an unexpected line is masked in the warning', () => {
  const r = fortigateVpnTunnelList.parse('name=T ver=1 serial=1 192.0.2.1:0->198.51.100.1:0\nproxyid=T proto=0 sa=1\n  odd: key=8 0123456789abcdef\n');
  assert.ok(r.ok);
  if (r.ok) {
    assert.is(r.warnings.length, 1);
    assert.not.ok(r.warnings[0]!.includes('0123456789abcdef'), r.warnings[0]);
  }
});

s('errors, empty and foreign output', () => {
  const err = fortigateVpnTunnelList.parse('Command fail. Return code -61\n');
  assert.ok(!err.ok && err.error.code === 'command-error');
  const empty = fortigateVpnTunnelList.parse('');
  assert.ok(!empty.ok && empty.error.code === 'empty');
  const cisco = fortigateVpnTunnelList.parse(fixture('cisco-crypto-ipsec-sa', 'public-ntc-templates--asa-l2l-and-ra'));
  assert.ok(!cisco.ok && cisco.error.code === 'unrecognized');
});

s.run();
