// Why: the shape of a parsed nftables ruleset (text and JSON forms parse to the same thing).

/** One selector of a rule: `iifname "lan0"` is {key: 'iifname', op: '==', value: 'lan0'}. */
export interface NftMatch {
  /** 'iifname', 'oifname', 'ip saddr', 'ip daddr', 'ct state', 'tcp dport', 'meta l4proto', 'tcp flags', ... */
  key: string;
  /** '==' when the rule shows no operator; '!=', '<', ... otherwise; 'vmap' / 'map' for a verdict map lookup. */
  op: string;
  /** As nft prints it: 'lan0', '10.20.0.0/24', 'established,related', '{ 53, 123 }', 'syn / syn,rst'. */
  value: string;
}

export interface NftCounter {
  packets: number;
  bytes: number;
}

export type NftVerdict = 'accept' | 'drop' | 'reject' | 'return' | 'jump' | 'goto' | 'continue' | 'queue';

export interface NftNat {
  kind: 'masquerade' | 'snat' | 'dnat' | 'redirect';
  /** Translation target as printed ('203.0.113.10', '10.20.0.55:443', ':8080'); null when none or unknown. */
  to: string | null;
  /** Which traffic it applies to, from the rule's own matches (null: not restricted). */
  scope: { iifname: NftMatch | null; oifname: NftMatch | null; saddr: NftMatch | null; daddr: NftMatch | null };
}

export interface NftMss {
  /** `tcp option maxseg size set rt mtu` (clamp to path MTU). Null when unknown (an opaque iptables-nft TCPMSS target). */
  pmtu: boolean | null;
  /** `... size set 1360`. */
  size: number | null;
}

export interface NftRule {
  /** The rule as printed, without the `# handle N` suffix; for JSON a rough rendering from its expressions. */
  text: string;
  /** 1-based line in the text output (null for JSON). */
  line: number | null;
  handle: number | null;
  counter: NftCounter | null;
  verdict: NftVerdict | null;
  /** Chain named by jump/goto. */
  target: string | null;
  matches: NftMatch[];
  nat: NftNat | null;
  mss: NftMss | null;
  comment: string | null;
  /** iptables-nft compat expressions (JSON only shows these opaquely): 'target TCPMSS', 'match conntrack'. */
  xt: string[];
  /**
   * Conditions gatewalk does not understand ('fib saddr type != local'), as printed. A rule with any is one whose match is
   * unknown: it may match less than its known matches say, so it must never be read as matching everything they allow.
   */
  unknown: string[];
}

export interface NftChain {
  name: string;
  /** Base chains only: 'filter', 'nat', 'route'. */
  type: string | null;
  hook: string | null;
  /** Numeric priority (names like 'srcnat' resolved); null when unknown. */
  priority: number | null;
  /** Priority as the text form prints it ('filter', 'srcnat', 'mangle - 5'); for JSON the standard name or the number. */
  priorityText: string | null;
  policy: string | null;
  device: string | null;
  handle: number | null;
  rules: NftRule[];
}

export interface NftTable {
  family: string;
  name: string;
  handle: number | null;
  chains: NftChain[];
  /** Named sets and maps. */
  sets: string[];
}

/** Where a rule sits, for the flattened summaries. */
export interface NftRuleRef {
  family: string;
  table: string;
  chain: string;
  /** The chain's hook, or for a chain reached by jump/goto that of the base chain that (transitively) reaches it. */
  hook: string | null;
  /** The chain's type ('filter', 'nat', ...), taken from the reaching base chain the same way. */
  type: string | null;
  /** The base chain whose jump/goto reaches this one; null for a rule of the base chain itself (or one nothing reaches). */
  via: string | null;
  /** 0-based position in the chain. */
  index: number;
  handle: number | null;
  text: string;
  counter: NftCounter | null;
}

export interface NftRuleset {
  format: 'text' | 'json';
  /** nft version from JSON metainfo. */
  version: string | null;
  tables: NftTable[];
  /** Every NAT statement with its scope (is the tunnel masqueraded?). */
  natRules: Array<NftRuleRef & { nat: NftNat }>;
  /** Every MSS clamp. */
  mssClamps: Array<NftRuleRef & { mss: NftMss }>;
}
