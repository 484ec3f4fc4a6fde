// Why: pure: the part of the report for whoever runs the far gateway (a partner, a cloud, an appliance's owner): what we sent and when, what came back, our side's parameters, what to ask them, and the commands for their platform.

import { parseIncident } from '../incident/load.js';
import type { Incident, Vendor } from '../incident/schema.js';
import { oneSided } from '../incident/reach.js';
import type { JournalIndex } from './journal-index.js';

export interface PeerSent {
  /** UTC, the jump host's clock when the command started. */
  at: string;
  what: string;
  /** The 5-tuple as site A's LAN saw the first packet, when captured. */
  flow: string | null;
  result: string;
}

export interface ForPeer {
  /** Whether site B's gateway was out of reach in this session (the section then leads the report's second half). */
  oneSided: boolean;
  vendor: Vendor;
  ours: { site: string; lan: string[]; publicAddress: string | null; tunnel: string; peerKey: string | null; ike: string | null; child: string | null };
  theirs: { site: string; lan: string[]; publicAddress: string | null };
  pair: { source: string; destination: string; proto: string };
  sent: PeerSent[];
  cameBack: string[];
  questions: string[];
  commands: Array<{ command: string; why: string }>;
}

type Words = { src: string; dst: string; port: string; proto: string; ourWan: string; theirWan: string; lanA: string; lanB: string };

/** What to run on the far gateway, per platform: read-only commands that answer the questions. */
function vendorCommands(v: Vendor, w: Words): Array<{ command: string; why: string }> {
  const tcp = w.proto === 'tcp';
  switch (v) {
    case 'cisco-asa':
      return [
        { command: `show crypto ikev2 sa`, why: 'the IKE SA with our public address (use `show crypto ikev1 sa` for IKEv1)' },
        { command: `show crypto ipsec sa peer ${w.ourWan}`, why: 'the child SAs, their proxy identities (local/remote ident) and the #pkts decaps / encaps counters' },
        { command: `show vpn-sessiondb l2l filter ipaddress ${w.ourWan}`, why: 'the session and its byte counters' },
        { command: `packet-tracer input INSIDE_INTERFACE ${tcp ? `tcp ${w.dst} ${w.port} ${w.src} 40000` : `icmp ${w.dst} 0 0 ${w.src}`} detailed`, why: 'the reply as your gateway would route, NAT and encrypt it (replace INSIDE_INTERFACE)' },
      ];
    case 'cisco-ios':
      return [
        { command: `show crypto ikev2 sa remote ${w.ourWan} detailed`, why: 'the IKE SA with our public address' },
        { command: `show crypto ipsec sa peer ${w.ourWan}`, why: 'the child SAs, their proxy identities and the #pkts decaps / encaps counters' },
        { command: `show crypto session remote ${w.ourWan} detail`, why: 'the session state and its flows' },
        { command: `show ip route ${w.src}`, why: 'where the reply to our source goes' },
      ];
    case 'fortigate':
      return [
        { command: `diagnose vpn ike gateway list`, why: 'the IKE SA with our public address' },
        { command: `diagnose vpn tunnel list`, why: 'the proxy IDs (src/dst selectors) and the SA packet/byte counters (dec / enc)' },
        { command: `diagnose sniffer packet any 'host ${w.src} and host ${w.dst}' 4 0 l`, why: 'whether our decrypted packets arrive and the replies leave, and on which interface (run while we send again)' },
        { command: `diagnose debug flow filter addr ${w.src}; diagnose debug flow trace start 20; diagnose debug enable`, why: 'the policy and route decision for the flow (stop with `diagnose debug disable`)' },
        { command: `get router info routing-table details ${w.src}`, why: 'where the reply to our source goes' },
      ];
    case 'paloalto':
      return [
        { command: `show vpn ike-sa`, why: 'the IKE SA with our public address' },
        { command: `show vpn ipsec-sa`, why: 'the child SAs and their proxy IDs' },
        { command: `show vpn flow`, why: 'per-tunnel encap / decap packet counters' },
        { command: `show routing route destination ${w.src}`, why: 'where the reply to our source goes' },
        { command: `test security-policy-match from TUNNEL_ZONE to INSIDE_ZONE source ${w.src} destination ${w.dst}${tcp ? ` protocol 6 destination-port ${w.port}` : ' protocol 1'}`, why: 'whether a security rule allows the flow (replace the zones)' },
      ];
    case 'aws-vpn':
      return [
        { command: `aws ec2 describe-vpn-connections --vpn-connection-ids VPN_CONNECTION_ID`, why: 'each tunnel outside address, Status (UP/DOWN), StatusMessage and AcceptedRouteCount in VgwTelemetry; the static Routes' },
        { command: `aws ec2 describe-route-tables --filters Name=route.destination-cidr-block,Values=${w.lanA}`, why: "whether the subnet's route table sends our prefix to the virtual private gateway (or has route propagation)" },
        { command: `aws ec2 describe-security-groups --group-ids SG_OF_THE_DESTINATION`, why: `whether ${w.dst} accepts ${tcp ? `tcp/${w.port}` : 'ICMP'} from ${w.lanA}; check the subnet's network ACL too` },
      ];
    case 'azure-vpn':
      return [
        { command: `az network vpn-connection show --resource-group RG --name CONNECTION`, why: 'connectionStatus, ingressBytesTransferred and egressBytesTransferred, usePolicyBasedTrafficSelectors and trafficSelectorPolicies' },
        { command: `az network nic show-effective-route-table --resource-group RG --name NIC_OF_THE_DESTINATION`, why: "whether the destination's effective routes send our prefix to the virtual network gateway" },
        { command: `az network watcher test-ip-flow --direction Inbound --protocol ${tcp ? 'TCP' : 'UDP'} --local ${w.dst}:${tcp ? w.port : '*'} --remote ${w.src}:* --vm VM_OF_THE_DESTINATION --resource-group RG`, why: 'whether an NSG rule drops the flow' },
      ];
    case 'gcp-vpn':
      return [
        { command: `gcloud compute vpn-tunnels describe TUNNEL --region REGION`, why: 'status, detailedStatus, localTrafficSelector and remoteTrafficSelector' },
        { command: `gcloud compute routes list --filter="destRange=${w.lanA}"`, why: 'whether a route sends our prefix into the tunnel' },
        { command: `gcloud compute firewall-rules list --filter="sourceRanges:${w.lanA}"`, why: `whether a firewall rule admits ${tcp ? `tcp/${w.port}` : 'ICMP'} from our prefix` },
      ];
    case 'strongswan':
    case 'libreswan':
      return [
        { command: v === 'strongswan' ? 'swanctl --list-sas' : 'ipsec trafficstatus', why: 'the SAs with our public address and their byte counters' },
        { command: 'ip -s xfrm state; ip -s xfrm policy', why: 'the kernel SAs and policies (selectors) with their counters' },
        { command: `ip route get ${w.src} from ${w.dst} iif LAN_INTERFACE`, why: 'where the reply to our source goes (replace LAN_INTERFACE)' },
        { command: `tcpdump -ni any host ${w.src} and host ${w.dst}`, why: 'whether our decrypted packets arrive and the replies leave (run while we send again)' },
      ];
    case 'wireguard':
      return [
        { command: 'wg show', why: 'the latest handshake with us, the transfer counters and the AllowedIPs of our peer (it must include our prefix)' },
        { command: `ip route get ${w.src} from ${w.dst} iif LAN_INTERFACE`, why: 'where the reply to our source goes (replace LAN_INTERFACE)' },
        { command: `tcpdump -ni any host ${w.src} and host ${w.dst}`, why: 'whether our decrypted packets arrive and the replies leave (run while we send again)' },
      ];
    case 'other':
      return [];
  }
}

function incidentOf(ix: JournalIndex): Incident | null {
  const text = ix.start?.incidentText;
  if (!text) return null;
  const r = parseIncident(text, 'journal');
  return r.ok ? r.incident : null;
}

export function forPeer(ix: JournalIndex): ForPeer | null {
  const inc = incidentOf(ix);
  if (!inc) return null;
  const a = inc.sites.a;
  const b = inc.sites.b;
  const vendor: Vendor = b.gateway.vendor ?? (b.tunnel.type === 'wireguard' ? 'wireguard' : b.tunnel.type === 'strongswan' ? 'strongswan' : 'other');
  const proto = inc.pair.protocol === 'tcp' && inc.pair.port ? 'tcp' : 'icmp';
  const w: Words = { src: inc.pair.source, dst: inc.pair.destination, port: String(inc.pair.port ?? ''), proto, ourWan: a.gateway.wan_address ?? 'OUR_PUBLIC_ADDRESS', theirWan: b.gateway.wan_address ?? 'YOUR_PUBLIC_ADDRESS', lanA: a.lan.join(', '), lanB: b.lan.join(', ') };
  // What we sent: each test-traffic command of the session, when it started and what it gave.
  const pairs = new Map(ix.pairs.map((p) => [p.run, p.outcome]));
  const sent: PeerSent[] = [];
  for (const c of ix.commands) {
    // The test traffic: the small ping (not the DF ladder's) and the TCP connect, by their argv.
    const argv = c.intent.argv;
    const kind = argv[0] === 'ping' && !argv.includes('-M') ? 'ping' : argv[0] === 'curl' ? 'tcp' : null;
    if (!kind || !argv.includes(w.dst) && !argv.some((x) => x.includes(w.dst))) continue;
    const run = Number(/^(\d+)\./.exec(c.intent.id)?.[1] ?? NaN);
    const outcome = pairs.get(run);
    const what = kind === 'ping' ? `ICMP echo from ${w.src} to ${w.dst}` : `TCP connect from ${w.src} to ${w.dst}:${w.port}`;
    const exit = c.outcome ? `exit ${c.outcome.exitCode ?? '?'}` : 'no outcome recorded';
    const matches = outcome && ((kind === 'ping') === (outcome.protocol === 'icmp'));
    sent.push({ at: c.intent.ts, what, flow: matches ? (outcome?.flow ?? null) : null, result: matches && outcome ? `${outcome.status}: ${outcome.summary}` : exit });
  }
  const cameBack: string[] = [];
  const last = ix.pairs.at(-1);
  if (last) {
    const tun = last.seenAt.find((r) => r.point === 'tunA');
    if (tun) cameBack.push(`On our tunnel interface (${tun.iface}): ${tun.toward} of the pair's packets went out, ${tun.back} replies came back.`);
    if (last.lastSeen && last.outcome.status !== 'works') cameBack.push(`Last seen: ${last.lastSeen.text}.`);
  }
  const gw = [...ix.counters].filter((c) => c.role === 'gwA' && c.vpn);
  const before = gw.find((c) => c.when === 'before');
  const after = gw.filter((c) => c.when === 'after').at(-1);
  if (before?.vpn && after?.vpn) cameBack.push(`Our tunnel's encrypted bytes while we sent: out +${Math.max(0, after.vpn.txBytes - before.vpn.txBytes)} B, in +${Math.max(0, after.vpn.rxBytes - before.vpn.rxBytes)} B.`);
  const t = w.proto === 'tcp' ? `tcp/${w.port}` : 'ICMP echo';
  const questions = [
    `Is the IKE SA with our public address ${w.ourWan} up on your side, and is a child SA (phase 2) installed for ${w.lanB} <-> ${w.lanA}?`,
    `Do your traffic selectors (proxy IDs, encryption domain, policy) mirror ours exactly: your local ${w.lanB}, your remote ${w.lanA}, all protocols${w.proto === 'tcp' ? ` (or at least ${t})` : ''}?`,
    `During the times above, did your SA's decrypted-packet counter grow, and did you see our packets from ${w.src} to ${w.dst} arrive on your inside interface?`,
    `Does a rule on your side allow ${t} from ${w.src} to ${w.dst}, and does ${w.dst} answer?`,
    `Does your route to ${w.lanA} point into the tunnel, with no NAT applied to that traffic (source or destination)?`,
  ];
  return {
    oneSided: oneSided(inc),
    vendor,
    ours: { site: a.name, lan: a.lan, publicAddress: a.gateway.wan_address ?? null, tunnel: a.tunnel.type, peerKey: a.tunnel.peer ?? null, ike: a.tunnel.ike ?? null, child: a.tunnel.child ?? null },
    theirs: { site: b.name, lan: b.lan, publicAddress: b.gateway.wan_address ?? null },
    pair: { source: w.src, destination: w.dst, proto: w.proto === 'tcp' ? `tcp/${w.port}` : 'icmp' },
    sent,
    cameBack,
    questions,
    commands: vendorCommands(vendor, w),
  };
}
