// Why: the facts the one-sided checks will read from `aws ec2 describe-vpn-connections`: per tunnel UP/DOWN and
// accepted routes, static routes, inside CIDRs; a pre-shared key never in the parse; JSON of another shape refused.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsVpnConnections, type AwsVpnConnections } from '../../../src/parsers/vendor/aws-vpn-connections.js';
import { COMMANDS_DIR } from '../../lib/snapshots.js';

const s = suite('aws-vpn-connections parser');

const fixture = (dir: string, name: string) => readFileSync(join(COMMANDS_DIR, dir, `${name}.out`), 'utf8');
const BGP = fixture('aws-vpn-connections', 'public-batfish--tunnel-options-bgp-up');
const DOWN = fixture('aws-vpn-connections', 'public-aws-cli-examples--object-tunnels-down');

function conns(text: string): AwsVpnConnections['connections'] {
  const r = awsVpnConnections.parse(text);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.ok ? r.value.connections : [];
}

s('BGP connection, both tunnels UP with their accepted routes and inside CIDRs', () => {
  const [c] = conns(BGP);
  assert.equal([c!.id, c!.state, c!.type, c!.name, c!.customerGatewayId, c!.vpnGatewayId, c!.staticRoutesOnly], ['vpn-ba2e34a8', 'available', 'ipsec.1', 'GNS3-BGP-Test', 'cgw-fb76ace5', 'vgw-81fd279f', false]);
  assert.equal(
    c!.telemetry.map((t) => [t.outsideIpAddress, t.status, t.acceptedRouteCount, t.statusMessage]),
    [
      ['52.27.166.152', 'UP', 5, '5 BGP ROUTES'],
      ['52.39.121.126', 'UP', 5, '5 BGP ROUTES'],
    ],
  );
  assert.equal(c!.tunnels.map((t) => [t.outsideIpAddress, t.tunnelInsideCidr, t.preSharedKey]), [
    ['52.27.166.152', '169.254.15.193/30', '(redacted)'],
    ['52.39.121.126', '169.254.13.237/30', '(redacted)'],
  ]);
  assert.equal(c!.routes, []);
});

s('a pre-shared key in TunnelOptions never reaches the parse', () => {
  const psk = 'Test-Psk-0f3a9c1e.not.a.lab.key';
  const text = BGP.replace('"PreSharedKey": "(redacted)"', `"PreSharedKey": "${psk}"`);
  assert.ok(text.includes(psk));
  const json = JSON.stringify(awsVpnConnections.parse(text));
  assert.not.ok(json.includes(psk));
  assert.not.ok(json.includes('pre_shared_key'), 'the CustomerGatewayConfiguration XML is not carried');
});

s('the documentation example: one object instead of a list, both tunnels DOWN', () => {
  const r = awsVpnConnections.parse(DOWN);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.warnings, ['"VpnConnections" is one object, not a list (read as one connection)']);
  const [c] = r.value.connections;
  assert.equal(c!.telemetry.map((t) => [t.status, t.statusMessage, t.lastStatusChange]), [
    ['DOWN', 'IPSEC IS DOWN', '2013-02-04T20:19:34.000Z'],
    ['DOWN', 'IPSEC IS DOWN', '2013-02-04T20:19:34.000Z'],
  ]);
  assert.is(c!.name, 'MyBGPVPN');
});

s('static routes with their state; a destination that is not a CIDR is kept and flagged', () => {
  const r = awsVpnConnections.parse(
    JSON.stringify({
      VpnConnections: [
        {
          VpnConnectionId: 'vpn-0123abcd',
          State: 'available',
          Options: { StaticRoutesOnly: true, LocalIpv4NetworkCidr: '10.20.0.0/16', RemoteIpv4NetworkCidr: '0.0.0.0/0' },
          Routes: [
            { DestinationCidrBlock: '10.24.34.0/24', Source: 'Static', State: 'available' },
            { DestinationCidrBlock: '10.99.0.1/16', State: 'deleted' },
            { DestinationCidrBlock: 'ten-net', State: 'pending' },
          ],
        },
      ],
    }),
  );
  assert.ok(r.ok);
  if (!r.ok) return;
  const [c] = r.value.connections;
  assert.equal(c!.routes.map((x) => [x.destinationCidrBlock, x.cidr, x.state, x.source]), [
    ['10.24.34.0/24', '10.24.34.0/24', 'available', 'Static'],
    ['10.99.0.1/16', '10.99.0.0/16', 'deleted', null],
    ['ten-net', null, 'pending', null],
  ]);
  assert.equal([c!.staticRoutesOnly, c!.localIpv4NetworkCidr, c!.remoteIpv4NetworkCidr], [true, '10.20.0.0/16', '0.0.0.0/0']);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /not a CIDR/);
});

s('JSON of another shape, CLI errors, empty and foreign output are refused', () => {
  const code = (t: string) => {
    const r = awsVpnConnections.parse(t);
    return r.ok ? 'ok' : r.error.code;
  };
  assert.is(code('{"VpnGateways": []}'), 'unrecognized');
  assert.is(code('[{"ifname": "eth0"}]'), 'unrecognized');
  assert.is(code('{"VpnConnections": [{"State": "available"}]}'), 'bad-json');
  assert.is(code('{"VpnConnections": [{"VpnConnectionId": "vpn-1", "State": "available", "VgwTelemetry": [{"Status": "UP"}]}]}'), 'bad-json');
  assert.is(code('{"VpnConnections": "none"}'), 'bad-json');
  assert.is(code('{"VpnConnections": [ {'), 'bad-json');
  assert.is(code('An error occurred (AuthFailure) when calling the DescribeVpnConnections operation: AWS was not able to validate the provided access credentials\n'), 'command-error');
  assert.is(code('Unable to locate credentials. You can configure credentials by running "aws configure".\n'), 'command-error');
  assert.is(code(''), 'empty');
  assert.is(code(fixture('fortigate-vpn-tunnel-list', 'public-fortigate-handbook--pki-subnets-npu')), 'unrecognized');
});

s.run();
