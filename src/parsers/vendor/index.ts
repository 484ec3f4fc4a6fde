// Why: the vendor group's parsers (far-side outputs an operator pastes from a peer gatewalk cannot log into), listed once for the registry.

import type { Parser } from '../result.js';
import { awsVpnConnections } from './aws-vpn-connections.js';
import { ciscoCryptoIpsecSa } from './cisco-crypto-ipsec-sa.js';
import { fortigateVpnTunnelList } from './fortigate-vpn-tunnel-list.js';

export const PARSERS: Parser[] = [ciscoCryptoIpsecSa as Parser, fortigateVpnTunnelList as Parser, awsVpnConnections as Parser];
