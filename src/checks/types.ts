// Why: what every check returns: a status, the lines of evidence that decided it, a finding, a fix; stable cause codes.

import type { FixLine } from './fix.js';
export type { FixLine } from './fix.js';

export type Status = 'PASS' | 'FAIL' | 'WARN' | 'UNKNOWN';
export type Gate = 1 | 2 | 3 | 4 | 'mtu';
export type Side = 'a' | 'b';

/** Stable, documented in README.md. */
export const CAUSES = {
  'wrong-gateway': 1,
  overlap: 1,
  'no-route': 2,
  'policy-routing': 2,
  'ip-forward-off': 2,
  'forward-drop': 2,
  'nat-on-tunnel': 2,
  /** A route more specific than the tunnel route, in the same table, takes the destination elsewhere. */
  'more-specific-route': 2,
  'allowed-ips': 3,
  selectors: 3,
  'no-sa': 3,
  'tunnel-down': 3,
  'no-return-route': 4,
  'rp-filter': 4,
  'destination-unreachable': 4,
  /** The destination host answers ping but its own firewall drops the pair's TCP port (SYN on its LAN, no answer). */
  'host-firewall': 4,
  /** One side only, inferred: encrypted packets leave for the peer and nothing comes back. */
  'peer-no-reply': 4,
  /** One side only, inferred: replies come back decrypted on site A's tunnel but do not reach the source. */
  'reply-lost-on-a': 4,
  'mtu-blackhole': 'mtu',
} as const satisfies Record<string, Gate>;
export type Cause = keyof typeof CAUSES;

/** One line quoted from a command's output, with where it came from. */
export interface EvidenceLine {
  host: string;
  command: string;
  line: string;
}

export interface Verdict {
  /** Check id, e.g. "gate2.route-into-tunnel". */
  check: string;
  gate: Gate;
  status: Status;
  /** For FAIL (and for a WARN that names a likely cause). */
  cause: Cause | null;
  side: Side | null;
  /** One sentence, for the operator. */
  finding: string;
  /** The deciding lines, quoted. */
  evidence: EvidenceLine[];
  /** Commands (argv) that would fix it and notes; shown, never run by the engine (the operator may apply it in the TUI). */
  fix: FixLine[];
  /** For UNKNOWN: which evidence was missing. */
  missing: string[];
  /** Judged from one side's evidence about the other (its gateway cannot be logged into): what it rests on is in `evidence`. */
  inferred?: boolean;
}

export function verdict(v: Omit<Verdict, 'cause' | 'side' | 'fix' | 'missing' | 'evidence'> & Partial<Verdict>): Verdict {
  return { cause: null, side: null, fix: [], missing: [], evidence: [], ...v };
}
