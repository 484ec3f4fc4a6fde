// Why: `npm run snapshots:record` (root): build the lab per VPN type and fault, run every capture spec, store real outputs as fixtures.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execRunner } from '../targets/exec-runner.js';
import { attempt, nodeTarget, type Lab } from '../lab/context.js';
import { labUp } from '../lab/up.js';
import { labDown } from '../lab/down.js';
import { applyFault, healFault } from '../lab/faults.js';
import { openLab } from '../lab/context.js';
import { readState } from '../lab/state.js';
import { LAN_IF, SITE_A, SITE_B, VPN_TYPES, WAN_IF, tunnelIf, OVERLAP, type VpnType } from '../lab/topology.js';
import type { CaptureSpec } from './capture-spec.js';
import { CAPTURES as IPROUTE } from './captures/iproute.js';
import { CAPTURES as VPN } from './captures/vpn.js';
import { CAPTURES as FIREWALL } from './captures/firewall.js';
import { CAPTURES as TRAFFIC } from './captures/traffic.js';
import { labSecrets, redactSecrets, toolVersions } from './secrets.js';

export const ALL_CAPTURES: readonly CaptureSpec[] = [...IPROUTE, ...VPN, ...FIREWALL, ...TRAFFIC];

export function fillArgv(argv: string[], lab: { vpn: VpnType; fault: string | null; node: string }): string[] {
  const dst = lab.fault === 'overlap' ? OVERLAP.host : SITE_B.host;
  const sideB = lab.node === 'gwB' || lab.node === 'hostB';
  const map: Record<string, string> = {
    '{src}': SITE_A.host,
    '{dst}': dst,
    '{tun}': tunnelIf(lab.vpn),
    '{lanif}': LAN_IF,
    '{wanif}': WAN_IF,
    '{peerlan}': sideB ? SITE_A.lan : SITE_B.lan,
    '{ownlan}': sideB ? SITE_B.lan : SITE_A.lan,
  };
  return argv.map((a) => a.replace(/\{[a-z]+\}/g, (m) => map[m] ?? m));
}

export function fixtureName(vpn: VpnType, fault: string | null, c: string): string {
  return `lab-${vpn}${fault ? `-${fault}` : ''}--${c}`;
}

/** Test traffic from hostA so counters, conntrack and captures have something to show. */
async function traffic(lab: Lab, dst: string): Promise<void> {
  const t = nodeTarget(lab, 'hostA');
  await Promise.all([
    attempt(lab, t, ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', dst], undefined, 5000),
    attempt(lab, t, ['curl', '-s', '-o', '/dev/null', '--max-time', '2', `http://${dst}:8080/`], undefined, 5000),
  ]);
}

export interface RecordOptions {
  root: string;
  only?: string[];
  /** Lab name to build (several recorders may run at once under different names). */
  lab?: string;
  log: (s: string) => void;
}

export async function recordCommands(o: RecordOptions): Promise<number> {
  const runner = execRunner();
  const specs = ALL_CAPTURES.filter((s) => !o.only?.length || o.only.includes(s.parser));
  const tools = await toolVersions(runner);
  const name = o.lab ?? 'rec';
  let written = 0;
  for (const vpn of VPN_TYPES) {
    const mine = specs.filter((s) => (s.vpns ?? VPN_TYPES).includes(vpn));
    if (!mine.length) continue;
    const faults = [...new Set(mine.flatMap((s) => s.faults ?? [null]))];
    await labDown(name, runner);
    await labUp({ name, vpn, runner, log: (l) => o.log(`lab ${vpn}: ${l}`) });
    try {
      for (const fault of faults) {
        let lab = openLab(readState(name)!, runner);
        if (fault) await applyFault(lab, fault);
        lab = openLab(readState(name)!, runner);
        const secrets = labSecrets(lab);
        const dst = fault === 'overlap' ? OVERLAP.host : SITE_B.host;
        for (const spec of mine.filter((s) => (s.faults ?? [null]).includes(fault))) {
          const argv = fillArgv(spec.argv, { vpn, fault, node: spec.node });
          let out: string;
          const recordedAt = new Date().toISOString();
          if (spec.stream) {
            const session = runner.stream(nodeTarget(lab, spec.node), argv, spec.stream);
            let text = '';
            session.onData((c) => (text += c));
            await new Promise((r) => setTimeout(r, 400));
            await traffic(lab, dst);
            session.kill();
            await session.done;
            out = text.replace(/\r\n/g, '\n');
          } else {
            await traffic(lab, dst);
            const r = await attempt(lab, nodeTarget(lab, spec.node), argv, undefined, 15_000);
            out = r.stdout + (r.stderr && !r.ok ? r.stderr : '');
          }
          const clean = redactSecrets(out, secrets);
          const dir = join(o.root, 'snapshots', 'commands', spec.parser);
          mkdirSync(dir, { recursive: true });
          const base = join(dir, fixtureName(vpn, fault, spec.case));
          writeFileSync(`${base}.out`, clean);
          const capture = {
            source: 'lab',
            how: 'recorded by `npm run snapshots:record` (src/record/commands.ts) from a fresh gatewalk lab',
            argv,
            host: spec.node,
            lab: { vpn, fault },
            stream: spec.stream ?? null,
            note: spec.note ?? null,
            recordedAt,
            tools,
          };
          writeFileSync(`${base}.capture.json`, JSON.stringify(capture, null, 2) + '\n');
          for (const s of secrets) {
            if (readFileSync(`${base}.out`, 'utf8').includes(s)) throw new Error(`a lab secret reached ${base}.out`);
          }
          written++;
          o.log(`${spec.parser}/${fixtureName(vpn, fault, spec.case)}`);
        }
        if (fault) await healFault(openLab(readState(name)!, runner));
      }
    } finally {
      await labDown(name, runner);
    }
  }
  return written;
}
