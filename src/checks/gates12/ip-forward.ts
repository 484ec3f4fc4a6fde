// Why: gate 2: a Linux gateway with net.ipv4.ip_forward = 0 drops everything arriving from the LAN for elsewhere (runbook Task 5).

import type { Evidence } from '../../engine/analyze.js';
import type { RouteGet } from '../../parsers/iproute/ip-route-get.js';
import type { RouteTable } from '../../parsers/iproute/ip-route-show.js';
import type { SysctlValues } from '../../parsers/iproute/sysctl.js';
import { sysctlInt } from '../../parsers/iproute/sysctl.js';
import type { Check } from '../check.js';
import { verdict, type EvidenceLine, type Verdict } from '../types.js';
import { cmd, shScript, type FixLine } from '../fix.js';
import { covers, findLine, quote, read, sightingLine } from '../common.js';
import { routeGetLine } from './common.js';

const ID = 'gate2.ip-forward';
const GATE = 2;
const KEY = 'net.ipv4.ip_forward';
/** Set a sysctl now, and persist it (the one fix that needs a shell: the redirect, as root under sudo). */
export function sysctlFix(key: string): FixLine[] {
  return [cmd('sysctl', '-w', `${key}=1`), shScript`echo ${`${key} = 1`} > /etc/sysctl.d/90-vpn-forward.conf`];
}
const FIX = sysctlFix(KEY);

/** Live signs the gateway forwarded the test packet (it left by the tunnel or the WAN). */
function forwardedLive(ev: Evidence): EvidenceLine | null {
  for (const s of [ev.sightings.tunA, ev.sightings.wanA]) if (s && s.requests > 0) return sightingLine(s);
  return null;
}

/** Live signs the gateway swallowed it: seen on the LAN, nowhere out. */
function swallowedLive(ev: Evidence): EvidenceLine[] {
  const { lanA, tunA, wanA } = ev.sightings;
  if (!lanA || lanA.requests === 0 || !tunA || tunA.requests > 0 || (wanA && wanA.requests > 0)) return [];
  return [sightingLine(lanA), sightingLine(tunA)];
}

function run(ev: Evidence): Verdict {
  const sys = read<SysctlValues>(ev, 'gwA.sysctl');
  const rg = read<RouteGet>(ev, 'gwA.route-get');
  const value = sys.ok ? sysctlInt(sys.value, KEY) : null;
  const refused = rg.ok && rg.value.kind === 'unroutable' && rg.value.reason === 'no-route-to-host' ? rg : null;
  const refusedLine = refused ? [quote(refused.probe, routeGetLine(refused.probe))] : [];
  const refusedMsg = refused && refused.value.kind === 'unroutable' ? refused.value.message : '';
  const lan = ev.incident.sites.a.gateway.lan_interface;
  const dst = ev.incident.pair.destination;

  if (sys.ok && value !== null) {
    const line = quote(sys.probe, findLine(sys.probe, (l) => l.includes(KEY)) ?? `${KEY} = ${value}`);
    if (value === 0) {
      const fwd = forwardedLive(ev);
      if (fwd) {
        return verdict({
          check: ID, gate: GATE, status: 'WARN', cause: 'ip-forward-off', side: 'a',
          finding: `gwA reports ${KEY} = 0, yet the test packet left it: the setting and the capture disagree (was forwarding switched during the test?).`,
          evidence: [line, fwd],
        });
      }
      return verdict({
        check: ID, gate: GATE, status: 'FAIL', cause: 'ip-forward-off', side: 'a',
        finding: `gwA has ${KEY} = 0: it does not forward between ${lan} and the tunnel, so the test packet stops at the gateway${refused ? ` (the kernel already refuses the lookup from ${lan}: "${refusedMsg}")` : ''}.`,
        evidence: [line, ...refusedLine, ...swallowedLive(ev)],
        fix: FIX,
      });
    }
    if (refused) {
      // Forwarding is on globally, yet the kernel refuses a packet arriving on the LAN: an unreachable route, or
      // forwarding off on that interface alone (net.ipv4.conf.<lan>.forwarding = 0).
      const routes = read<RouteTable>(ev, 'gwA.routes');
      const unreachable = routes.ok ? routes.value.routes.find((r) => r.type === 'unreachable' && covers(r.dst, dst)) : undefined;
      if (!unreachable) {
        const perIf = `net.ipv4.conf.${lan}.forwarding`;
        return verdict({
          check: ID, gate: GATE, status: routes.ok && !forwardedLive(ev) ? 'FAIL' : 'WARN', cause: 'ip-forward-off', side: 'a',
          finding: `gwA has ${KEY} = ${value}, but the kernel refuses to forward a packet arriving on ${lan} ("${refusedMsg}")${routes.ok ? ' and no unreachable route explains it' : ''}: forwarding is probably off on ${lan} itself (${perIf}).`,
          evidence: [line, ...refusedLine, ...swallowedLive(ev)],
          fix: sysctlFix(perIf),
          missing: routes.ok ? [] : [routes.missing],
        });
      }
    }
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `gwA forwards IPv4 (${KEY} = ${value}).`,
      evidence: [line],
    });
  }

  // No readable sysctl: judge by the kernel's answer to a lookup arriving on the LAN interface.
  const missing = sys.ok ? [`gwA.sysctl: ${KEY} not in the output`] : [sys.missing];
  if (refused) {
    const routes = read<RouteTable>(ev, 'gwA.routes');
    const unreachable = routes.ok
      ? routes.value.routes.find((r) => (r.type === 'unreachable' || r.type === 'prohibit') && covers(r.dst, dst))
      : undefined;
    if (routes.ok && !unreachable) {
      return verdict({
        check: ID, gate: GATE, status: 'FAIL', cause: 'ip-forward-off', side: 'a',
        finding: `The kernel on gwA answers the lookup from ${lan} with "No route to host" although no unreachable route covers ${dst}: that is how this kernel says forwarding is off.`,
        evidence: [...refusedLine, ...swallowedLive(ev)],
        fix: FIX,
        missing,
      });
    }
    return verdict({
      check: ID, gate: GATE, status: 'WARN', cause: unreachable ? null : 'ip-forward-off', side: unreachable ? null : 'a',
      finding: unreachable
        ? `The lookup from ${lan} is refused by an unreachable route (${unreachable.dst}), not by forwarding being off; ${KEY} itself could not be read.`
        : `The kernel on gwA refuses the lookup from ${lan} with "No route to host", the usual sign of forwarding off, but ${KEY} and the routing tables could not be read to confirm it.`,
      evidence: refusedLine,
      missing: routes.ok ? missing : [...missing, routes.missing],
    });
  }
  if (rg.ok && rg.value.kind === 'route') {
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `${KEY} could not be read, but the kernel routes a packet arriving on ${lan} (it would refuse with forwarding off).`,
      evidence: [quote(rg.probe, routeGetLine(rg.probe))],
      missing,
    });
  }
  const fwd = forwardedLive(ev);
  if (fwd) {
    return verdict({
      check: ID, gate: GATE, status: 'PASS',
      finding: `${KEY} could not be read, but gwA forwarded the test packet (seen leaving it).`,
      evidence: [fwd],
      missing,
    });
  }
  return verdict({
    check: ID, gate: GATE, status: 'UNKNOWN',
    finding: `Whether gwA forwards IPv4 cannot be told: ${KEY} is unreadable and nothing shows the test packet leaving it.`,
    missing: rg.ok ? missing : [...missing, rg.missing],
  });
}

export const ipForward: Check = {
  id: ID,
  gate: GATE,
  title: 'gwA has IPv4 forwarding on (net.ipv4.ip_forward = 1)',
  run,
};
