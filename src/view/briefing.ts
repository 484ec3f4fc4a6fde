// Why: training: a scenario's one-line briefing (the symptom a user would report, never the cause) for `train --list`.

const SYMPTOM: Record<string, string> = {
  healthy: 'a user says the link "feels broken"; is anything actually wrong?',
  'wrong-gateway': 'one server cannot reach site B; its neighbours can',
  overlap: 'after site B renumbered, nothing from site A reaches it',
  'missing-route': 'the tunnel is up after a gateway reboot; nothing crosses',
  'ip-forward-off': 'after a kernel update on gateway A, no traffic crosses',
  'forward-drop': 'after a firewall change on gateway A, nothing crosses',
  'nat-on-tunnel': 'after a NAT change, site B sees nothing from site A',
  'allowed-ips': 'the WireGuard handshake is recent; packets never arrive',
  selectors: 'IKE is established; the application still times out',
  'no-return-route': 'site B logs the requests; site A never gets an answer',
  'rp-filter': 'requests arrive and are answered; site A still sees nothing',
  'mtu-blackhole': 'ping works and small requests work; large downloads stall',
  'host-route': 'one server at site A cannot reach one server at site B; everything else works',
  'specific-route': 'some servers at site B answer from site A; this one never does',
  'policy-bypass': 'after a routing change on gateway A, site B stopped answering',
  'tcp-port-drop': 'ping to site B answers; the application port times out',
  'tcp-port-drop-b': 'since a change at site B, ping answers and the web service does not',
  'host-firewall-b': 'a server at site B answers ping from site A; its web page never loads',
  'masquerade-exempt': 'a NAT rule was added on gateway A last week; is the VPN affected?',
  'other-port-drop': 'a firewall rule was tightened on gateway A; users ask whether the VPN is hit',
};

export interface ScenarioMeta {
  name: string;
  vpn: string;
  fault: string;
  expected: { gate: number | 'mtu'; side: 'a' | 'b'; cause: string } | null;
}

export function briefing(m: ScenarioMeta): string {
  const vpn = m.vpn === 'wireguard' ? 'WireGuard' : m.vpn === 'strongswan' ? 'strongSwan IPsec' : m.vpn;
  return `${vpn}: ${SYMPTOM[m.fault] ?? 'the tunnel is up; traffic fails'}`;
}

export function listLines(ms: ScenarioMeta[]): string[] {
  const w = Math.max(...ms.map((m) => m.name.length));
  return ms.map((m) => `${m.name.padEnd(w)}  ${briefing(m)}`);
}
