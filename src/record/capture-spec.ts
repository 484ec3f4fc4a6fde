// Why: what the recorder captures for a parser's fixtures: which command, on which lab node, under which VPN and fault.

import type { NodeName, VpnType } from '../lab/topology.js';

export interface CaptureSpec {
  /** Parser id: the fixture lands in snapshots/commands/<parser>/. */
  parser: string;
  /** Short case name, [a-z0-9-]: the file is lab-<vpn>[-<fault>]--<case>.out */
  case: string;
  node: NodeName;
  argv: string[];
  /** VPN types to record under (default: both). */
  vpns?: VpnType[];
  /** Lab faults to record under; null is the healthy lab (default: [null]). */
  faults?: Array<string | null>;
  /** Record as a stream (tcpdump, conntrack -E): runs while test traffic flows, bounded. */
  stream?: { timeoutMs: number; maxLines?: number };
  /** Why this case exists, shown in the capture file. */
  note?: string;
}

/** Placeholders a spec may use in argv, filled from the lab: {dst} {src} {lan} {wan} {tun} {peerlan} {lanif} {wanif}. */
export const PLACEHOLDERS = ['{src}', '{dst}', '{tun}', '{lanif}', '{wanif}', '{peerlan}', '{ownlan}'] as const;
