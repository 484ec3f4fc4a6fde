// Why: pure: interfaces the incident names but the gateway does not have: a mistake in the incident file, said in one line.

import type { AddressList } from '../parsers/iproute/ip-addr.js';
import type { Evidence } from './analyze.js';

/** One line per interface named in the incident that the gateway's `ip addr` does not list. */
export function interfaceMismatches(ev: Evidence): string[] {
  const out: string[] = [];
  for (const [k, role] of [['a', 'gwA'], ['b', 'gwB']] as const) {
    const probe = ev.probes[`${role}.addrs`];
    if (!probe?.parsed?.ok) continue;
    const have = (probe.parsed.value as AddressList).interfaces.map((i) => i.name).filter((n): n is string => typeof n === 'string');
    const site = ev.incident.sites[k];
    const named: Array<[string, string | undefined]> = [
      [`sites.${k}.gateway.lan_interface`, site.gateway.lan_interface],
      [`sites.${k}.gateway.wan_interface`, site.gateway.wan_interface],
      [`sites.${k}.tunnel.interface`, site.tunnel.interface],
    ];
    for (const [field, name] of named) {
      if (name && !have.includes(name)) out.push(`${field}: ${probe.host} has no interface "${name}" (it has ${have.join(', ')}); correct the incident file`);
    }
  }
  return out;
}
