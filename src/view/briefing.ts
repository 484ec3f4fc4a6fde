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
