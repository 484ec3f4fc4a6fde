// Why: xfrm policy variants the lab fixtures do not show: socket policies, block actions, marks, transport templates, errors.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ipXfrmPolicy } from '../../../src/parsers/vpn/ip-xfrm-policy.js';

const s = suite('ip-xfrm-policy parser');

const TEXT = `src 0.0.0.0/0 dst 172.31.41.0/24 proto tcp dport 443 
\tdir out action block priority 0 ptype main 
\tmark 0x2a/0xffffffff 
\tif_id 0x7
src 192.0.2.1/32 dst 192.0.2.2/32 
\tdir out priority 366015 ptype main 
\ttmpl src 0.0.0.0 dst 0.0.0.0
\t\tproto esp reqid 4 mode transport
src 0.0.0.0/0 dst 0.0.0.0/0 
\tsocket in priority 0 ptype main 
src ::/0 dst ::/0 
\tsocket out priority 0 ptype main 
`;

s('block action, mark, transport template and socket policies', () => {
  const r = ipXfrmPolicy.parse(TEXT);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, []);
  const [block, transport, sockIn, sockOut] = r.value.policies;
  assert.is(block!.action, 'block');
  assert.is(block!.selector.proto, 'tcp');
  assert.is(block!.selector.dport, 443);
  assert.is(block!.mark, '0x2a/0xffffffff');
  assert.is(block!.ifId, '0x7');
  assert.equal(block!.templates, []);
  assert.is(transport!.action, 'allow');
  assert.equal(transport!.templates, [{ src: '0.0.0.0', dst: '0.0.0.0', proto: 'esp', spi: null, reqid: 4, mode: 'transport', level: null }]);
  assert.is(sockIn!.socket, true);
  assert.is(sockIn!.dir, 'in');
  assert.is(sockOut!.selector.src, '::/0');
  assert.is(sockOut!.dir, 'out');
});

s('error forms, empty and foreign output', () => {
  for (const e of ['RTNETLINK answers: Operation not permitted\n', 'Error: argument "sideways" is wrong: "dir" is invalid\n']) {
    const r = ipXfrmPolicy.parse(e);
    assert.equal(r.ok ? null : r.error.code, 'command-error', e);
  }
  const m = ipXfrmPolicy.parse('\t\n');
  assert.equal(m.ok ? null : m.error.code, 'empty');
  const f = ipXfrmPolicy.parse('siteA-siteB: #1, ESTABLISHED, IKEv2, 01_i* 02_r\n');
  assert.equal(f.ok ? null : f.error.code, 'unrecognized');
});

s.run();
