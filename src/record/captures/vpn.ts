// Why: fixtures the recorder captures from the lab for the vpn parsers.

import type { CaptureSpec } from '../capture-spec.js';
import { SITE_A, SITE_B } from '../../lab/topology.js';

const WG = ['wireguard'] as const;
const SWAN = ['strongswan'] as const;

/**
 * The lab's kernel has no ESP/AH/IPComp, and its strongSwan keeps SAs and policies in userspace
 * (kernel-libipsec), so `ip xfrm` shows nothing by itself. Policies need only XFRM_USER, so we add the
 * ones charon would install for the lab's tunnel, print them with the real command, and remove them again
 * (they would otherwise swallow the lab's test traffic).
 */
function policies(gw: 'gwA' | 'gwB'): string {
  const [self, peer] = gw === 'gwA' ? [SITE_A, SITE_B] : [SITE_B, SITE_A];
  const tmplOut = `tmpl src ${self.gwWan} dst ${peer.gwWan} proto esp reqid 1 mode tunnel`;
  const tmplIn = `tmpl src ${peer.gwWan} dst ${self.gwWan} proto esp reqid 1 mode tunnel`;
  return [
    `ip xfrm policy add src ${self.lan} dst ${peer.lan} dir out priority 375423 ${tmplOut}`,
    `ip xfrm policy add src ${peer.lan} dst ${self.lan} dir fwd priority 375423 ${tmplIn}`,
    `ip xfrm policy add src ${peer.lan} dst ${self.lan} dir in priority 375423 ${tmplIn}`,
  ].join(' && ');
}

function withPolicies(gw: 'gwA' | 'gwB', show: string): string[] {
  return ['sh', '-c', `${policies(gw)} && ${show}; rc=$?; ip xfrm policy flush; exit $rc`];
}

/** Larval SAs (SPI allocated, no keys): the only xfrm states a kernel without ESP accepts. */
function withStates(show: string): string[] {
  const alloc = (src: string, dst: string) => `ip xfrm state allocspi src ${src} dst ${dst} proto esp reqid 1 mode tunnel >/dev/null`;
  return ['sh', '-c', `${alloc(SITE_B.gwWan, SITE_A.gwWan)} && ${alloc(SITE_A.gwWan, SITE_B.gwWan)} && ${show}; rc=$?; ip xfrm state flush; exit $rc`];
}

export const CAPTURES: CaptureSpec[] = [
  // wg show: human output, whole and per interface, healthy and with the AllowedIPs fault.
  {
    parser: 'wg-show', case: 'gwa-all', node: 'gwA', argv: ['wg', 'show'], vpns: [...WG],
    faults: [null, 'allowed-ips', 'missing-route'],
    note: 'all interfaces on gwA; under allowed-ips the peer lacks site B LAN, under missing-route wg looks healthy',
  },
  { parser: 'wg-show', case: 'gwb-wg0', node: 'gwB', argv: ['wg', 'show', '{tun}'], vpns: [...WG], note: 'one interface, from the responder side' },
  { parser: 'wg-show', case: 'no-such-if', node: 'gwA', argv: ['wg', 'show', 'wg1'], vpns: [...WG], note: 'error form: the interface does not exist' },
  // wg dump: tab-separated, with private keys (the recorder redacts the lab's).
  {
    parser: 'wg-dump', case: 'gwa-wg0', node: 'gwA', argv: ['wg', 'show', '{tun}', 'dump'], vpns: [...WG],
    faults: [null, 'allowed-ips'],
    note: 'single-interface dump: no interface column',
  },
  { parser: 'wg-dump', case: 'gwb-all', node: 'gwB', argv: ['wg', 'show', 'all', 'dump'], vpns: [...WG], note: 'all-interfaces dump: interface name first' },
  { parser: 'wg-dump', case: 'gwa-all', node: 'gwA', argv: ['wg', 'show', 'all', 'dump'], vpns: [...WG], faults: ['missing-route'], note: 'wg state is unchanged when the route is the problem' },
  // swanctl --list-sas: both sides, healthy, selector mismatch (IKE up, no child), missing route.
  {
    parser: 'swanctl-list-sas', case: 'gwa', node: 'gwA', argv: ['swanctl', '--list-sas'], vpns: [...SWAN],
    faults: [null, 'selectors', 'missing-route'],
    note: 'initiator side; under selectors the IKE SA is up with no child SA',
  },
  {
    parser: 'swanctl-list-sas', case: 'gwb', node: 'gwB', argv: ['swanctl', '--list-sas'], vpns: [...SWAN],
    faults: [null, 'selectors'],
    note: 'responder side',
  },
  { parser: 'swanctl-list-sas', case: 'no-charon', node: 'gwA', argv: ['swanctl', '--list-sas'], vpns: [...WG], note: 'error form: no charon running (a WireGuard gateway)' },
  // swanctl --list-conns: configured selectors, healthy and with the wrong remote selector.
  {
    parser: 'swanctl-list-conns', case: 'gwa', node: 'gwA', argv: ['swanctl', '--list-conns'], vpns: [...SWAN],
    faults: [null, 'selectors'],
    note: 'under selectors the child config asks for 172.31.41.0/24',
  },
  { parser: 'swanctl-list-conns', case: 'gwb', node: 'gwB', argv: ['swanctl', '--list-conns'], vpns: [...SWAN], note: 'responder side (no start action)' },
  // ip xfrm policy / state: see policies() and withStates() above.
  { parser: 'ip-xfrm-policy', case: 'gwa-libipsec', node: 'gwA', argv: ['ip', 'xfrm', 'policy'], vpns: [...SWAN], note: 'kernel-libipsec keeps policies in userspace: the kernel SPD is empty' },
  {
    parser: 'ip-xfrm-policy', case: 'gwa-charon-like', node: 'gwA', argv: withPolicies('gwA', 'ip xfrm policy'), vpns: [...SWAN],
    note: 'policies charon installs for the tunnel, added by hand (the lab kernel has no ESP, libipsec adds none); output is the real `ip xfrm policy`',
  },
  {
    parser: 'ip-xfrm-policy', case: 'gwa-charon-like-stats', node: 'gwA', argv: withPolicies('gwA', 'ip -s xfrm policy'), vpns: [...SWAN],
    note: 'as gwa-charon-like, with -s (index, lifetimes, template details)',
  },
  {
    parser: 'ip-xfrm-policy', case: 'gwb-charon-like', node: 'gwB', argv: withPolicies('gwB', 'ip xfrm policy'), vpns: [...SWAN],
    note: 'the mirror image on gwB; added by hand as on gwA',
  },
  { parser: 'ip-xfrm-state', case: 'gwa-libipsec', node: 'gwA', argv: ['ip', 'xfrm', 'state'], vpns: [...SWAN], note: 'kernel-libipsec keeps SAs in userspace: the kernel SAD is empty' },
  {
    parser: 'ip-xfrm-state', case: 'gwa-larval', node: 'gwA', argv: withStates('ip xfrm state'), vpns: [...SWAN],
    note: 'larval SAs from `ip xfrm state allocspi` (SPI reserved, no keys): the lab kernel has no ESP/AH/IPComp, so keyed states cannot be added',
  },
  {
    parser: 'ip-xfrm-state', case: 'gwa-larval-stats', node: 'gwA', argv: withStates('ip -s xfrm state'), vpns: [...SWAN],
    note: 'as gwa-larval, with -s (lifetimes, stats)',
  },
];
