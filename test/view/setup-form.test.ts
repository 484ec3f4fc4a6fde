// Why: the setup form's fields check what is typed, and what it saves is a valid incident that typed text cannot restructure.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldErrors, incidentYaml, initialValues, validateSetup } from '../../src/view/setup-form.js';

const s = suite('view setup form');

function filled(): Record<string, string> {
  return { ...initialValues(), title: 'HQ to branch', source: '10.20.0.55', destination: '172.31.40.10', 'a.lan': '10.20.0.0/24', 'a.gw': 'gw-hq', 'b.lan': '172.31.40.0/24', 'b.gw': 'gw-br' };
}

s('empty form: the required fields are named', () => {
  const e = fieldErrors(initialValues());
  for (const id of ['title', 'source', 'destination', 'a.lan', 'a.gw', 'b.lan', 'b.gw']) assert.ok(e[id], id);
  assert.not.ok(e.port, 'port is optional');
});

s('bad values: address, prefix, host name, interface, port', () => {
  const e = fieldErrors({ ...filled(), source: '10.20.0.999', 'a.lan': '10.20.0.0/33', 'a.gw': '-oProxyCommand=x', 'a.lanIf': 'eth0; reboot', port: '70000' });
  for (const id of ['source', 'a.lan', 'a.gw', 'a.lanIf', 'port']) assert.ok(e[id], id);
});

s('a filled form makes an incident the schema accepts; ICMP without a port, TCP with one', () => {
  const v = validateSetup(filled());
  assert.equal(v.errors, {});
  assert.ok(v.incident?.ok);
  if (v.incident?.ok) assert.is(v.incident.incident.pair.protocol, 'icmp');
  const t = validateSetup({ ...filled(), port: '8080' });
  assert.ok(t.incident?.ok && t.incident.incident.pair.protocol === 'tcp' && t.incident.incident.pair.port === 8080);
});

s('typed text cannot restructure the YAML; a site name is a name, not free text', () => {
  const v = validateSetup({ ...filled(), title: 'x\nsites: {}\n# "' });
  assert.ok(v.incident?.ok, v.incident && !v.incident.ok ? v.incident.error : '');
  if (v.incident?.ok) assert.is(v.incident.incident.title, 'x\nsites: {}\n# "');
  const e = fieldErrors({ ...filled(), 'a.name': 'a: b\n  - c', sshConfig: '~/.ssh/config' });
  assert.match(e['a.name'] ?? '', 'sites.a.name: ');
  assert.match(e.sshConfig ?? '', 'ssh_config: ');
  assert.match(incidentYaml(filled()), /^# Written by the gatewalk setup form\./);
});

s.run();
