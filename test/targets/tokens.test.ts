// Why: operator words reach commands; each validator must take good ones and stop hostile ones with one usage line.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cidr,
  cidrNetwork,
  filePath,
  hostName,
  interfaceName,
  ipAddress,
  labName,
  netnsName,
  objectName,
  port,
  wgPublicKey,
} from '../../src/targets/tokens.js';
import { EXIT, GatewalkError } from '../../src/util/errors.js';

const s = suite('tokens');

type Validator = (field: string, v: string) => string;

/** Never acceptable anywhere: shell syntax, options, whitespace, control and look-alike characters. */
const hostile: string[] = [
  '',
  ';',
  'a;id',
  '$(touch /tmp/CANARY)',
  '`touch /tmp/CANARY`',
  "'",
  '"',
  `'"'"'`,
  'a\nb',
  'eth0\n',
  'a\0b',
  '-rf',
  '-oProxyCommand=touch',
  'a b',
  'a\tb',
  ' eth0',
  '*',
  '~',
  '!',
  '\\',
  'a|b',
  'a&b',
  'a<b',
  'a>b',
  '(a)',
  '$HOME',
  'ünï',
  '\u202Eeth0',
  'еth0', // Cyrillic e
  'eth0\u200B', // zero-width space
  'ｅｔｈ０', // full-width
  '%',
  'x'.repeat(300),
];

function rejects(name: string, fn: Validator, value: string, field = 'some.field'): GatewalkError {
  try {
    const got = fn(field, value);
    throw new Error(`${name} accepted ${JSON.stringify(value)} as ${JSON.stringify(got)}`);
  } catch (e) {
    if (!(e instanceof GatewalkError)) throw e;
    assert.is(e.exitCode, EXIT.usage, `${name}(${JSON.stringify(value)}) exit code`);
    assert.is(e.code, 'USAGE');
    assert.ok(e.message.startsWith(`${field}: `), `message names the field: ${e.message}`);
    assert.not.match(e.message, /[\r\n]/, `one line: ${JSON.stringify(e.message)}`);
    assert.ok(/^[\x20-\x7e]*$/.test(e.message), `printable ASCII only: ${JSON.stringify(e.message)}`);
    assert.match(e.message, /; give /, `says what to do: ${e.message}`);
    return e;
  }
}

const all: Array<[string, Validator]> = [
  ['ipAddress', ipAddress],
  ['cidr', cidr],
  ['cidrNetwork', cidrNetwork],
  ['port', port],
  ['interfaceName', interfaceName],
  ['hostName', hostName],
  ['netnsName', netnsName],
  ['labName', labName],
  ['objectName', objectName],
  ['wgPublicKey', wgPublicKey],
];

s('every validator rejects every hostile token with a one-line usage error', () => {
  for (const [name, fn] of all) for (const v of hostile) rejects(name, fn, v);
});

s('names (site, IKE connection, child), WireGuard keys and file paths: the plain ones pass, hostile ones do not', () => {
  for (const ok of ['siteA-siteB-child', 'siteA', 'net_1.2', 'A'.repeat(64)]) assert.is(objectName('f', ok), ok);
  for (const bad of ['.hidden', '-child', 'a b', 'A'.repeat(65), 'siteA-siteB-child; touch /tmp/x #']) rejects('objectName', objectName, bad);
  assert.is(wgPublicKey('f', 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY='), 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY=');
  rejects('wgPublicKey', wgPublicKey, 'dWjqHf+NAphtPuQzJuhUBNVsFT9/Qp02JzoqeMvFNiY');
  for (const ok of ['/lab/ssh_config', 'configs/gw.conf', '/etc/ssh/ssh_config.d/10-vpn.conf']) assert.is(filePath('f', ok), ok);
  // Long paths are allowed (up to PATH_MAX), so the length case of the shared list is checked on its own.
  for (const bad of [...hostile.filter((h) => h.length < 300), '~/.ssh/config', '-F', 'x'.repeat(5000)]) rejects('filePath', filePath, bad);
});

s('the message shows the bad value escaped, on one line', () => {
  assert.is(
    rejects('ipAddress', ipAddress, '10.0.0.300', 'destination').message,
    'destination: "10.0.0.300" is not an IPv4 or IPv6 address; give an IPv4 or IPv6 address such as 172.31.40.10',
  );
  assert.match(rejects('interfaceName', interfaceName, 'eth0\nrm', 'iface').message, '"eth0\\nrm" contains a line break');
  assert.match(rejects('netnsName', netnsName, '\u202Ex', 'ns').message, 'non-ASCII character (U+202E)');
  assert.match(rejects('labName', labName, 'a;b', 'lab').message, 'contains the character ;');
  assert.match(rejects('hostName', hostName, '-oProxyCommand=x', 'host').message, 'starts with "-"');
  assert.match(rejects('labName', labName, 'abcdefghi', 'lab').message, 'more than the limit of 8');
  assert.match(rejects('interfaceName', interfaceName, 'a b', 'iface').message, 'contains whitespace (U+0020)');
  assert.match(rejects('port', port as Validator, Number.NaN as unknown as string, 'port').message, 'port: "NaN" is not a whole number');
});

s('ipAddress: IPv4 dotted decimal and IPv6, canonical form', () => {
  assert.is(ipAddress('f', '172.31.40.10'), '172.31.40.10');
  assert.is(ipAddress('f', '0.0.0.0'), '0.0.0.0');
  assert.is(ipAddress('f', 'fe80::1'), 'fe80::1');
  assert.is(ipAddress('f', 'FE80:0:0:0:0:0:0:1'), 'fe80::1');
  assert.is(ipAddress('f', '2001:db8::'), '2001:db8::');
  assert.is(ipAddress('f', '::1'), '::1');
  assert.is(ipAddress('f', '::ffff:192.0.2.1'), '::ffff:192.0.2.1');
  for (const bad of ['10.0.0.300', '10.0.0', '10', '010.0.0.1', '0x0a.0.0.1', '1.2.3.4.5', 'fe80::1%eth0', '[::1]', ':::', '1::2::3', 'g::1', '::1.2.3.4', '10.0.0.1/24', 'localhost']) {
    rejects('ipAddress', ipAddress, bad);
  }
});

s('cidr keeps host bits; cidrNetwork gives the network', () => {
  assert.is(cidr('f', '10.20.0.5/24'), '10.20.0.5/24');
  assert.is(cidrNetwork('f', '10.20.0.5/24'), '10.20.0.0/24');
  assert.is(cidr('f', '2001:DB8::/32'), '2001:db8::/32');
  assert.is(cidrNetwork('f', '2001:db8:aa::5/32'), '2001:db8::/32');
  assert.is(cidrNetwork('f', '0.0.0.0/0'), '0.0.0.0/0');
  assert.is(cidr('f', '192.0.2.7/32'), '192.0.2.7/32');
  assert.is(cidrNetwork('f', 'fe80::1/128'), 'fe80::1/128');
  for (const bad of ['10.20.0.0', '10.20.0.0/33', '10.20.0.0/024', '10.20.0.0/', '/24', '10.20.0.0/24/1', '2001:db8::/129', '10.0.0.256/8', '10.20.0.0/2 4']) {
    rejects('cidr', cidr, bad);
    rejects('cidrNetwork', cidrNetwork, bad);
  }
});

s('port: 1-65535, digits only', () => {
  assert.is(port('f', '22'), '22');
  assert.is(port('f', '65535'), '65535');
  assert.is(port('f', 443), '443');
  for (const bad of ['0', '65536', '99999', '022', '+22', '22.0', '0x16', '1e3', '２２']) rejects('port', port, bad);
  for (const bad of [0, -1, 1.5, 70000, Number.NaN]) rejects('port', port as Validator, bad as unknown as string);
});

s('interfaceName: Linux names up to 15 characters', () => {
  for (const ok of ['eth0', 'wg0', 'ens5', 'vti-A.100', 'lab1-gwA', 'a', 'x'.repeat(15), 'br_lan']) {
    assert.is(interfaceName('f', ok), ok);
  }
  for (const bad of ['.', '..', '.hidden', '_x', 'x'.repeat(16), 'eth0:1', 'a/b', 'a@b']) rejects('interfaceName', interfaceName, bad);
});

s('hostName: alias, DNS name, address, optional user@', () => {
  for (const ok of ['gwA', 'gw-a.example.net', 'gw-a.example.net.', '_jump', '172.31.40.10', 'admin@gwA', 'ec2-user@10.0.0.1', '_svc@host']) {
    assert.is(hostName('f', ok), ok);
  }
  assert.is(hostName('f', '2001:DB8::1'), '2001:db8::1');
  assert.is(hostName('f', 'root@fe80::1'), 'root@fe80::1');
  assert.is(hostName('f', 'a'.repeat(253)), 'a'.repeat(253));
  for (const bad of ['@host', 'user@', 'Admin@host', 'a@b@c', '1user@host', 'u@-x', 'host:22', '10.0.0.300', 'fe80::1%eth0', 'a'.repeat(254), 'host/x', 'ssh://host']) {
    rejects('hostName', hostName, bad);
  }
});

s('netnsName and labName', () => {
  for (const ok of ['gw-jump', 'lab1-hostA', 'x', 'A.b_c-1', 'n'.repeat(63)]) assert.is(netnsName('f', ok), ok);
  for (const bad of ['.', '..', '-x', 'a/b', 'n'.repeat(64), '.x']) rejects('netnsName', netnsName, bad);
  for (const ok of ['lab', 'lab1', 'a', 'abcdefgh']) assert.is(labName('f', ok), ok);
  for (const bad of ['Lab', '1lab', 'lab-1', 'lab_1', 'abcdefghi', 'la.b']) rejects('labName', labName, bad);
});

s.run();
