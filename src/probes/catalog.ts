// Why: the commands gatewalk runs to collect evidence, derived from an incident as data (pure), so recorder, engine and tests agree.

import type { Incident } from '../incident/schema.js';
import { canLogIn, oneSided } from '../incident/reach.js';
import { interfaceName, ipAddress } from '../targets/tokens.js';

/** WireGuard's usual listen port: the outer capture of a one-sided incident includes it. */
const WG_DEFAULT_PORT = 51820;

export type Role = 'hostA' | 'gwA' | 'gwB' | 'hostB';

export interface Probe {
  /** Stable id, unique per incident: "gwA.route-get". */
  id: string;
  role: Role;
  argv: string[];
  /** Parser id (snapshots/commands/<parser>). */
  parser: string;
  /** What the evidence is for, one line. */
  purpose: string;
}

export interface StreamProbe extends Probe {
  timeoutMs: number;
  maxLines?: number;
}

/** Validated words from the incident: every one that reaches an argv passes through tokens.ts. */
interface Words {
  src: string;
  dst: string;
  a: { lan: string; wan: string; tun: string | null };
  b: { lan: string; wan: string; tun: string | null };
  tunnelType: Incident['sites']['a']['tunnel']['type'];
}

function words(inc: Incident): Words {
  const side = (k: 'a' | 'b') => {
    const s = inc.sites[k];
    return {
      lan: interfaceName(`sites.${k}.gateway.lan_interface`, s.gateway.lan_interface),
      wan: interfaceName(`sites.${k}.gateway.wan_interface`, s.gateway.wan_interface),
      tun: s.tunnel.interface ? interfaceName(`sites.${k}.tunnel.interface`, s.tunnel.interface) : null,
    };
  };
  return {
    src: ipAddress('pair.source', inc.pair.source),
    dst: ipAddress('pair.destination', inc.pair.destination),
    a: side('a'),
    b: side('b'),
    tunnelType: inc.sites.a.tunnel.type,
  };
}

function gatewayProbes(role: 'gwA' | 'gwB', w: Words): Probe[] {
  const me = role === 'gwA' ? w.a : w.b;
  // Forward direction on A (source -> destination), return direction on B (destination -> source).
  const [from, to] = role === 'gwA' ? [w.src, w.dst] : [w.dst, w.src];
  const rp = ['all', 'default', me.lan, me.wan, ...(me.tun ? [me.tun] : [])].map((i) => `net.ipv4.conf.${i}.rp_filter`);
  const p = (id: string, argv: string[], parser: string, purpose: string): Probe => ({ id: `${role}.${id}`, role, argv, parser, purpose });
  const list: Probe[] = [
    p('route-get', ['ip', '-j', 'route', 'get', to, 'from', from, 'iif', me.lan], 'ip-route-get', 'where the gateway sends the test packet arriving on its LAN'),
    p('rules', ['ip', '-j', 'rule', 'show'], 'ip-rule-show', 'policy routing rules that pick a table'),
    p('routes', ['ip', '-j', 'route', 'show', 'table', 'all'], 'ip-route-show', 'every routing table, for routes to the remote LAN'),
    p('sysctl', ['sysctl', 'net.ipv4.ip_forward', ...rp], 'sysctl', 'forwarding and reverse-path filtering'),
    p('addrs', ['ip', '-j', 'addr', 'show'], 'ip-addr', 'the gateway\'s own prefixes (overlaps, NAT addresses)'),
    p('ruleset', ['nft', '-j', 'list', 'ruleset'], 'nft-ruleset', 'forward chain, NAT and MSS clamp rules'),
    // The flow starts at the source host on both gateways: -s filters on the original direction.
    p('conntrack', ['conntrack', '-L', '-s', w.src], 'conntrack', 'state of the test flow, NAT in the reply tuple'),
    p('nstat', ['nstat', '-asz'], 'nstat', 'kernel drop counters (reverse path, no route)'),
  ];
  if (me.tun) list.push(p('tunnel-stats', ['ip', '-s', '-j', 'link', 'show', 'dev', me.tun], 'ip-link-stats', 'tunnel interface counters'));
  if (w.tunnelType === 'wireguard' && me.tun) {
    list.push(p('wg', ['wg', 'show', me.tun, 'dump'], 'wg-dump', 'WireGuard peers, AllowedIPs, handshake and transfer'));
  }
  if (w.tunnelType === 'strongswan') {
    list.push(p('sas', ['swanctl', '--list-sas'], 'swanctl-list-sas', 'IKE and child SAs, selectors and byte counters'));
    list.push(p('conns', ['swanctl', '--list-conns'], 'swanctl-list-conns', 'configured traffic selectors'));
  }
  return list;
}

/** One-shot probes for both gateways and, when the incident names them, both hosts. */
export function oneShotProbes(inc: Incident): Probe[] {
  const w = words(inc);
  const list: Probe[] = [];
  if (inc.sites.a.host) {
    list.push(
      { id: 'hostA.route-get', role: 'hostA', argv: ['ip', '-j', 'route', 'get', w.dst, 'from', w.src], parser: 'ip-route-get', purpose: 'which router the source host uses for the destination, from the pair\'s source address (source-based rules included)' },
      { id: 'hostA.addrs', role: 'hostA', argv: ['ip', '-j', 'addr', 'show'], parser: 'ip-addr', purpose: 'the source host\'s prefixes (is the destination on-link?)' },
      { id: 'hostA.neigh', role: 'hostA', argv: ['ip', '-j', 'neigh', 'show'], parser: 'ip-neigh', purpose: 'whether the next hop answers ARP' },
    );
  }
  list.push(...gatewayProbes('gwA', w), ...(canLogIn(inc, 'gwB') ? gatewayProbes('gwB', w) : []));
  if (inc.sites.b.host) {
    list.push({ id: 'hostB.route-get', role: 'hostB', argv: ['ip', '-j', 'route', 'get', w.src], parser: 'ip-route-get', purpose: 'the destination host\'s route back to the source' });
  }
  return list;
}

/** Live captures on both gateways, bounded; filtered to the test pair. */
export function streamProbes(inc: Incident, timeoutMs = 6000): StreamProbe[] {
  const w = words(inc);
  // One capture per gateway on every interface (-i any prints which one), so a packet is seen
  // on the LAN, in the tunnel and on the WAN by one session. Either address alone matches, for
  // packets after NAT; only ICMP and TCP handshake/teardown packets, so a bulk transfer cannot
  // push the test flow out of the line bound.
  const flow = ['(', 'host', w.src, 'or', 'host', w.dst, ')', 'and', '(', 'icmp', 'or', 'tcp[tcpflags]', '&', '(tcp-syn|tcp-fin|tcp-rst)', '!=', '0', ')'];
  const s = (id: string, role: Role, argv: string[], parser: string, purpose: string): StreamProbe => ({ id: `${role}.${id}`, role, argv, parser, purpose, timeoutMs, maxLines: 400 });
  const all = [
    s('tcpdump', 'gwA', ['tcpdump', '-l', '-n', '-i', 'any', ...flow], 'tcpdump', "the test flow on site A's LAN, tunnel and WAN interfaces"),
    s('tcpdump', 'gwB', ['tcpdump', '-l', '-n', '-i', 'any', ...flow], 'tcpdump', "the test flow on site B's tunnel, LAN and WAN interfaces"),
    s('conntrack-events', 'gwA', ['conntrack', '-E', '-s', w.src], 'conntrack', 'flow events on gateway A'),
    s('conntrack-events', 'gwB', ['conntrack', '-E', '-s', w.src], 'conntrack', 'flow events on gateway B'),
  ].filter((p) => canLogIn(inc, p.role as 'gwA' | 'gwB'));
  // One side only: the far gateway's own captures are out of reach, so gateway A's WAN shows the
  // tunnel's outer packets to and from the peer (ESP, IKE/NAT-T, WireGuard), a bounded sample of them.
  const peer = inc.sites.b.gateway.wan_address;
  if (oneSided(inc) && peer) {
    const outer = ['host', ipAddress('sites.b.gateway.wan_address', peer), 'and', '(', 'esp', 'or', 'udp', 'port', '500', 'or', 'udp', 'port', '4500', 'or', 'udp', 'port', String(WG_DEFAULT_PORT), ')'];
    all.push({ ...s('outer', 'gwA', ['tcpdump', '-l', '-n', '-i', interfaceName('sites.a.gateway.wan_interface', inc.sites.a.gateway.wan_interface), ...outer], 'tcpdump', "the tunnel's outer packets between gateway A and the far peer"), maxLines: 200 });
  }
  return all;
}
