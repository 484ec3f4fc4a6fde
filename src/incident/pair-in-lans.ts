// Why: the test pair must run from site A's LAN to site B's; a pair elsewhere would walk a path the gates do not describe, so it is refused before anything runs.

import ipaddr from 'ipaddr.js';

export interface PairProblem {
  /** `source` or `destination`: the field of `pair` that is wrong. */
  field: 'source' | 'destination';
  message: string;
}

/** Whether `address` lies in one of `prefixes` (same family only; an unparsable value matches nothing). */
export function inPrefixes(address: string, prefixes: readonly string[]): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(address);
  } catch {
    return false;
  }
  return prefixes.some((p) => {
    try {
      const range = ipaddr.parseCIDR(p);
      return range[0].kind() === addr.kind() && addr.match(range);
    } catch {
      return false;
    }
  });
}

/** At most this many prefixes are named in a message. */
const SHOWN = 8;

function listed(prefixes: readonly string[]): string {
  const head = prefixes.slice(0, SHOWN).join(', ');
  return prefixes.length > SHOWN ? `${head} and ${prefixes.length - SHOWN} more` : head;
}

/**
 * The source in one of site A's LAN prefixes, the destination in one of site B's (IPv4 and IPv6).
 * The overlap fault is no exception: there both sites list the same prefix, so the pair is in
 * both, and the prefix-overlap check is what reports it.
 */
export function pairOutsideLans(pair: { source: string; destination: string }, lanA: readonly string[], lanB: readonly string[]): PairProblem | null {
  const ends = [
    { field: 'source', addr: pair.source, lan: lanA, side: 'A', key: 'sites.a.lan', role: 'a host behind gateway A' },
    { field: 'destination', addr: pair.destination, lan: lanB, side: 'B', key: 'sites.b.lan', role: 'a host behind gateway B' },
  ] as const;
  for (const e of ends) {
    if (inPrefixes(e.addr, e.lan)) continue;
    return {
      field: e.field,
      message: `${e.addr} is in none of site ${e.side}'s LAN prefixes (checked against ${e.key}: ${listed(e.lan)}); the ${e.field} must be ${e.role}: fix the address or add its prefix to ${e.key}`,
    };
  }
  return null;
}
