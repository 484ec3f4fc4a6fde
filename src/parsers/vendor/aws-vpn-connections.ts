// Why: `aws ec2 describe-vpn-connections` is the only view into an AWS Site-to-Site VPN's tunnels: which outside
// address is UP, how many routes it accepted, and which static routes and tunnel inside CIDRs are configured.

import { z } from 'zod';
import { fail, ok, type Parsed, type Parser } from '../result.js';
import { isRecord, looksJson, parseJson } from '../text.js';
import { REDACTED } from '../vpn/common.js';
import { isAddress, normalizeCidr } from './common.js';

export interface AwsTelemetry {
  outsideIpAddress: string;
  /** UP or DOWN. */
  status: string;
  /** "IPSEC IS DOWN", "5 BGP ROUTES", "" as AWS prints it. */
  statusMessage: string | null;
  acceptedRouteCount: number | null;
  /** As printed: "2013-02-04T20:19:34.000Z" (CLI) or "2017-11-02 16:54:36+00:00" (boto3 dumped as text). */
  lastStatusChange: string | null;
}

export interface AwsRoute {
  destinationCidrBlock: string;
  /** The same, normalized to its network; null when it is not a CIDR. */
  cidr: string | null;
  /** pending, available, deleting, deleted. */
  state: string | null;
  /** Static. */
  source: string | null;
}

export interface AwsTunnelOption {
  outsideIpAddress: string | null;
  /** As printed ("169.254.15.193/30": AWS may give the gateway's own inside address with the prefix length). */
  tunnelInsideCidr: string | null;
  tunnelInsideIpv6Cidr: string | null;
  /** "(redacted)" when the output held the tunnel's pre-shared key; the key is never kept. */
  preSharedKey: typeof REDACTED | null;
}

export interface AwsVpnConnection {
  id: string;
  /** pending, available, deleting, deleted. */
  state: string;
  /** ipsec.1 */
  type: string | null;
  /** The "Name" tag. */
  name: string | null;
  customerGatewayId: string | null;
  vpnGatewayId: string | null;
  transitGatewayId: string | null;
  staticRoutesOnly: boolean | null;
  /** The connection's own traffic selectors (Options), when printed; 0.0.0.0/0 unless narrowed. */
  localIpv4NetworkCidr: string | null;
  remoteIpv4NetworkCidr: string | null;
  telemetry: AwsTelemetry[];
  routes: AwsRoute[];
  tunnels: AwsTunnelOption[];
}

export interface AwsVpnConnections {
  connections: AwsVpnConnection[];
}

const optStr = z.string().nullish();

const Telemetry = z.object({
  OutsideIpAddress: z.string(),
  Status: z.string(),
  StatusMessage: optStr,
  AcceptedRouteCount: z.number().int().nonnegative().nullish(),
  LastStatusChange: optStr,
});

const Route = z.object({ DestinationCidrBlock: z.string(), State: optStr, Source: optStr });

const TunnelOption = z.object({
  OutsideIpAddress: optStr,
  TunnelInsideCidr: optStr,
  TunnelInsideIpv6Cidr: optStr,
  PreSharedKey: z.unknown().optional(),
});

const Connection = z.object({
  VpnConnectionId: z.string().regex(/^vpn-[0-9a-z]{1,40}$/),
  State: z.string(),
  Type: optStr,
  CustomerGatewayId: optStr,
  VpnGatewayId: optStr,
  TransitGatewayId: optStr,
  Options: z
    .object({
      StaticRoutesOnly: z.boolean().nullish(),
      LocalIpv4NetworkCidr: optStr,
      RemoteIpv4NetworkCidr: optStr,
      TunnelOptions: z.array(TunnelOption).nullish(),
    })
    .nullish(),
  Routes: z.array(Route).nullish(),
  VgwTelemetry: z.array(Telemetry).nullish(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).nullish(),
});

/** The CLI prints a list; an old AWS CLI documentation example shows one connection as an object. */
const Top = z.object({ VpnConnections: z.union([z.array(Connection), Connection]) });

/** What the CLI prints instead of JSON when the call fails. */
const CLI_ERRORS = [/^An error occurred \([A-Za-z.]{1,80}\) when calling the DescribeVpnConnections operation/, /^Unable to locate credentials/, /^Could not connect to the endpoint URL/, /^aws: error: /, /^usage: aws /];

type ConnectionIn = z.infer<typeof Connection>;

function convert(c: ConnectionIn, warnings: string[]): AwsVpnConnection {
  const routes: AwsRoute[] = (c.Routes ?? []).map((r) => {
    const cidr = normalizeCidr(r.DestinationCidrBlock);
    if (cidr === null) warnings.push(`${c.VpnConnectionId}: route destination is not a CIDR: ${r.DestinationCidrBlock.slice(0, 60)}`);
    return { destinationCidrBlock: r.DestinationCidrBlock, cidr, state: r.State ?? null, source: r.Source ?? null };
  });
  const telemetry: AwsTelemetry[] = (c.VgwTelemetry ?? []).map((t) => {
    if (t.Status !== 'UP' && t.Status !== 'DOWN') warnings.push(`${c.VpnConnectionId}: tunnel ${t.OutsideIpAddress.slice(0, 45)} has status ${t.Status.slice(0, 20)} (not UP or DOWN)`);
    if (!isAddress(t.OutsideIpAddress)) warnings.push(`${c.VpnConnectionId}: telemetry outside address is not an IP address: ${t.OutsideIpAddress.slice(0, 45)}`);
    return {
      outsideIpAddress: t.OutsideIpAddress,
      status: t.Status,
      statusMessage: t.StatusMessage ?? null,
      acceptedRouteCount: t.AcceptedRouteCount ?? null,
      lastStatusChange: t.LastStatusChange ?? null,
    };
  });
  const tunnels: AwsTunnelOption[] = (c.Options?.TunnelOptions ?? []).map((o) => {
    for (const v of [o.TunnelInsideCidr, o.TunnelInsideIpv6Cidr]) {
      if (v && normalizeCidr(v) === null) warnings.push(`${c.VpnConnectionId}: tunnel inside CIDR is not a CIDR: ${v.slice(0, 60)}`);
    }
    return {
      outsideIpAddress: o.OutsideIpAddress ?? null,
      tunnelInsideCidr: o.TunnelInsideCidr ?? null,
      tunnelInsideIpv6Cidr: o.TunnelInsideIpv6Cidr ?? null,
      preSharedKey: o.PreSharedKey !== undefined && o.PreSharedKey !== null ? REDACTED : null,
    };
  });
  return {
    id: c.VpnConnectionId,
    state: c.State,
    type: c.Type ?? null,
    name: c.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
    customerGatewayId: c.CustomerGatewayId ?? null,
    vpnGatewayId: c.VpnGatewayId ?? null,
    transitGatewayId: c.TransitGatewayId ?? null,
    staticRoutesOnly: c.Options?.StaticRoutesOnly ?? null,
    localIpv4NetworkCidr: c.Options?.LocalIpv4NetworkCidr ?? null,
    remoteIpv4NetworkCidr: c.Options?.RemoteIpv4NetworkCidr ?? null,
    telemetry,
    routes,
    tunnels,
  };
}

function parse(text: string): Parsed<AwsVpnConnections> {
  const t = text.trim();
  if (!t) return fail('empty', 'no output');
  const first = t.split('\n', 1)[0]!.trim().slice(0, 300);
  if (CLI_ERRORS.some((r) => r.test(first))) return fail('command-error', first);
  if (!looksJson(t)) return fail('unrecognized', 'not JSON: `aws ec2 describe-vpn-connections` prints JSON (--output json)');
  const j = parseJson(t);
  if (!j.ok) return fail('bad-json', `JSON does not parse: ${j.message.slice(0, 120)}`);
  if (!isRecord(j.value) || !('VpnConnections' in j.value)) return fail('unrecognized', 'no "VpnConnections" key: not `aws ec2 describe-vpn-connections` output');
  const r = Top.safeParse(j.value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return fail('bad-json', `not the describe-vpn-connections shape${where ? ` at ${where.slice(0, 80)}` : ''}: ${(issue?.message ?? '').slice(0, 120)}`);
  }
  const warnings: string[] = [];
  const list = Array.isArray(r.data.VpnConnections) ? r.data.VpnConnections : [r.data.VpnConnections];
  if (!Array.isArray(r.data.VpnConnections)) warnings.push('"VpnConnections" is one object, not a list (read as one connection)');
  if (!list.length) warnings.push('no VPN connections in the output');
  const connections = list.map((c) => convert(c, warnings));
  return ok({ connections }, warnings.slice(0, 50));
}

export const awsVpnConnections: Parser<AwsVpnConnections> = {
  id: 'aws-vpn-connections',
  commands: ['aws ec2 describe-vpn-connections'],
  parse,
};
