// Why: fixtures the recorder captures from the lab for the traffic parsers.

import type { CaptureSpec } from '../capture-spec.js';
import { SITE_A } from '../../lab/topology.js';

/** tcpdump runs as a stream while the recorder's test traffic (ping + HTTP from hostA) flows. */
const STREAM = { timeoutMs: 4000, maxLines: 20 };

/**
 * FRR on gwA for `show ip route`: zebra (and staticd when a static route is given) start inside gwA's
 * private /run/frr, vtysh asks, then the daemons are stopped again (zebra removes its routes on exit).
 * $1 = staticd config line (empty: zebra only), $2 = the vtysh command.
 */
const FRR_SCRIPT = [
  'd=/run/frr; mkdir -p $d && chown frr:frr $d && rm -f $d/*.pid',
  'printf "%s\\n" "$1" > $d/staticd.conf && : > $d/zebra.conf && chown frr:frr $d/staticd.conf $d/zebra.conf',
  '/usr/lib/frr/zebra -d -f $d/zebra.conf -i $d/zebra.pid >/dev/null 2>&1',
  '[ -z "$1" ] || /usr/lib/frr/staticd -d -f $d/staticd.conf -i $d/staticd.pid >/dev/null 2>&1',
  'sleep 2; vtysh -c "$2"; rc=$?',
  'for p in $(cat $d/*.pid); do kill $p; done',
  'for i in 1 2 3 4 5 6 7 8 9 10; do alive=0; for p in $(cat $d/*.pid); do kill -0 $p 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 0.2; done',
  'rm -f $d/*.pid; exit $rc',
].join('\n');

const frr = (staticRoute: string, command: string): string[] => ['sh', '-c', FRR_SCRIPT, 'frr', staticRoute, command];
const FRR_NOTE =
  'gwA runs no routing daemon in the lab: the argv starts FRR zebra (+ staticd with the given static route) in gwA\'s private /run/frr, waits 2 s, runs vtysh, then stops the daemons.';

export const CAPTURES: CaptureSpec[] = [
  // missing-route is recorded on WireGuard only: on strongSwan charon puts the table 220 route back within ~3 s.
  // --- tcpdump ---
  {
    parser: 'tcpdump', case: 'gwa-any', node: 'gwA', vpns: ['wireguard'],
    argv: ['tcpdump', '-l', '-n', '-i', 'any'], stream: STREAM,
    note: 'every interface of gwA: the test ping and HTTP seen on lan0 (In), wg0 (Out) and as UDP 51820 on wan0',
  },
  {
    parser: 'tcpdump', case: 'gwa-any-e', node: 'gwA', vpns: ['strongswan'],
    argv: ['tcpdump', '-l', '-n', '-e', '-tttt', '-i', 'any'], stream: STREAM,
    note: '-i any with link headers (-e: ifindex, MAC, ethertype) and dated timestamps (-tttt)',
  },
  {
    parser: 'tcpdump', case: 'gwa-tun', node: 'gwA', vpns: ['wireguard'],
    argv: ['tcpdump', '-l', '-n', '-i', '{tun}'], stream: STREAM,
    note: 'the tunnel interface (raw IP link type): cleartext inner packets entering the tunnel',
  },
  {
    parser: 'tcpdump', case: 'gwa-wan', node: 'gwA',
    argv: ['tcpdump', '-l', '-n', '-i', '{wanif}'], stream: STREAM,
    note: 'gwA WAN: only encapsulated traffic (UDP-encap ESP on 4500 for strongSwan, UDP 51820 for WireGuard)',
  },
  {
    parser: 'tcpdump', case: 'gwa-wan', node: 'gwA', vpns: ['wireguard'], faults: ['missing-route'],
    argv: ['tcpdump', '-l', '-n', '-i', '{wanif}'], stream: STREAM,
    note: 'missing-route: the test traffic leaks out of the WAN in clear (masqueraded), and the WAN router answers ICMP net unreachable',
  },
  {
    parser: 'tcpdump', case: 'gwa-wan-big', node: 'gwA', vpns: ['strongswan'], faults: ['mtu-blackhole'],
    argv: ['sh', '-c', `(sleep 0.3; ping -n -c 3 -i 0.2 -W 1 -M do -s 1300 -I ${SITE_A.gwLan} {dst} >/dev/null 2>&1) & exec tcpdump -l -n -i {wanif} greater 1000`],
    stream: STREAM,
    note: 'mtu-blackhole: gwA itself sends 1328-byte DF pings from its LAN address into the tunnel (the recorder traffic is small); tcpdump keeps only frames > 1000 bytes: the encapsulated packets leave, nothing comes back',
  },
  {
    parser: 'tcpdump', case: 'gwb-lan-e', node: 'gwB', vpns: ['wireguard'],
    argv: ['tcpdump', '-l', '-n', '-e', '-i', '{lanif}'], stream: STREAM,
    note: 'far side LAN with Ethernet headers (-e): the test traffic arrives decrypted at hostB',
  },
  {
    parser: 'tcpdump', case: 'wan-wana', node: 'wan', vpns: ['wireguard'], faults: ['mtu-blackhole'],
    argv: ['tcpdump', '-l', '-n', '-i', 'wanA'], stream: STREAM,
    note: 'the WAN router side facing gwA under mtu-blackhole: small test packets still pass',
  },

  // --- ping ---
  {
    parser: 'ping', case: 'hosta', node: 'hostA', vpns: ['wireguard'],
    argv: ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', '{dst}'],
    note: 'healthy: replies through the tunnel',
  },
  {
    parser: 'ping', case: 'hosta', node: 'hostA', vpns: ['wireguard'], faults: ['missing-route'],
    argv: ['sh', '-c', 'sleep 3; exec ping -n -c 3 -i 0.2 -W 1 {dst}'],
    note: 'missing-route: the WAN router answers Destination Net Unreachable; the 3 s pause lets its ICMP rate limit recover from the recorder\'s test traffic (without it no answer came back)',
  },
  {
    parser: 'ping', case: 'hosta-c4', node: 'hostA', vpns: ['wireguard'], faults: ['wrong-gateway'],
    argv: ['ping', '-n', '-c', '4', '{dst}'],
    note: 'wrong-gateway: ARP for 10.20.0.254 fails, hostA itself reports Destination Host Unreachable (needs ~3 s, hence 1 s intervals)',
  },
  {
    parser: 'ping', case: 'hosta-df-1372', node: 'hostA', vpns: ['strongswan'], faults: ['mtu-blackhole'],
    argv: ['ping', '-n', '-c', '3', '-W', '1', '-M', 'do', '-s', '1372', '{dst}'],
    note: 'mtu-blackhole: 1400-byte DF packets fit the tunnel but not the 1280 WAN hop, and the frag-needed ICMP is filtered: silent loss',
  },
  {
    parser: 'ping', case: 'hosta-df-1450', node: 'hostA', vpns: ['wireguard'],
    argv: ['ping', '-n', '-c', '3', '-W', '1', '-M', 'do', '-s', '1450', '{dst}'],
    note: 'healthy: gwA answers Frag needed (mtu = tunnel MTU); later packets fail locally with the learned PMTU',
  },
  {
    parser: 'ping', case: 'gwa-df-1500', node: 'gwA', vpns: ['strongswan'],
    argv: ['ping', '-n', '-c', '2', '-M', 'do', '-s', '1500', '{dst}'],
    note: 'on gwA: the route into the tunnel has a smaller MTU: "ping: local error: message too long, mtu=..."',
  },

  // --- traceroute ---
  {
    parser: 'traceroute', case: 'hosta', node: 'hostA', vpns: ['wireguard'],
    argv: ['traceroute', '-n', '-w', '1', '-m', '8', '{dst}'],
    note: 'healthy: gwA, then gwB (through the tunnel), then hostB',
  },
  {
    parser: 'traceroute', case: 'hosta', node: 'hostA', vpns: ['wireguard'], faults: ['missing-route'],
    argv: ['sh', '-c', 'sleep 3; exec traceroute -n -w 1 -m 8 {dst}'],
    note: 'missing-route: the second hop is the WAN router, answering !N; the 3 s pause lets its ICMP rate limit recover from the recorder\'s test ping',
  },
  {
    parser: 'traceroute', case: 'hosta', node: 'hostA', vpns: ['wireguard'], faults: ['wrong-gateway'],
    argv: ['traceroute', '-n', '-w', '1', '-m', '8', '{dst}'],
    note: 'wrong-gateway: the first hop never answers (ARP fails); hostA may report !H itself',
  },

  // --- ss -ti ---
  {
    parser: 'ss-ti', case: 'get-2m', node: 'hostA', vpns: ['wireguard'],
    argv: ['sh', '-c', 'curl -s -o /dev/null --max-time 4 --limit-rate 400k http://{dst}:8080/2M & sleep 1.5; ss -tin dst {dst}; wait'],
    note: 'healthy: ss runs 1.5 s into a rate-limited 2 MB download (the recorder runs commands after its own traffic, so the argv makes its own)',
  },
  {
    parser: 'ss-ti', case: 'get-2m', node: 'hostA', vpns: ['strongswan'], faults: ['mtu-blackhole'],
    argv: ['sh', '-c', 'curl -s -o /dev/null --max-time 4 --limit-rate 400k http://{dst}:8080/2M & sleep 1.5; ss -tin dst {dst}; wait'],
    note: 'mtu-blackhole: the 2 MB GET stalls: nothing received past the headers, rcvmss stays small',
  },
  {
    parser: 'ss-ti', case: 'put-2m', node: 'hostA', vpns: ['wireguard'], faults: ['mtu-blackhole'],
    argv: ['sh', '-c', 'head -c 2000000 /dev/zero | curl -s -o /dev/null --max-time 4 -T - http://{dst}:8080/upload & sleep 1.5; ss -tin dst {dst}; wait'],
    note: 'mtu-blackhole, hostA as the sender: full-size segments vanish: retrans, lost, unacked and backoff grow',
  },

  // --- vtysh show ip route ---
  {
    parser: 'vtysh-route', case: 'gwa-static', node: 'gwA', vpns: ['strongswan'],
    argv: frr('ip route {peerlan} {tun}', 'show ip route {peerlan}'),
    note: `${FRR_NOTE} Static route to site B onto the XFRM interface.`,
  },
  {
    parser: 'vtysh-route', case: 'gwa-static-json', node: 'gwA', vpns: ['strongswan'],
    argv: frr('ip route {peerlan} {tun}', 'show ip route {peerlan} json'),
    note: `${FRR_NOTE} Static route to site B onto the XFRM interface, JSON form.`,
  },
  {
    parser: 'vtysh-route', case: 'gwa-kernel-static', node: 'gwA', vpns: ['wireguard'],
    argv: frr('ip route {peerlan} 10.99.0.2', 'show ip route {peerlan}'),
    note: `${FRR_NOTE} The lab's kernel route via wg0 wins over a static route via the tunnel peer 10.99.0.2.`,
  },
  {
    parser: 'vtysh-route', case: 'gwa-kernel-static-json', node: 'gwA', vpns: ['wireguard'],
    argv: frr('ip route {peerlan} 10.99.0.2', 'show ip route {peerlan} json'),
    note: `${FRR_NOTE} The lab's kernel route via wg0 and a static route via 10.99.0.2, JSON form.`,
  },
  {
    parser: 'vtysh-route', case: 'gwa-zebra', node: 'gwA', vpns: ['wireguard'], faults: ['missing-route'],
    argv: frr('', 'show ip route {peerlan}'),
    note: `${FRR_NOTE} zebra only: with the tunnel route deleted the prefix is not in the table.`,
  },
  {
    parser: 'vtysh-route', case: 'gwa-zebra-json', node: 'gwA', vpns: ['wireguard'], faults: ['missing-route'],
    argv: frr('', 'show ip route {peerlan} json'),
    note: `${FRR_NOTE} zebra only, missing-route, JSON form: an empty object.`,
  },
];
