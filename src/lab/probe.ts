// Why: the lab's own traffic checks (ping, a TCP download) run from hostA, used by `lab up`, `lab heal` and tests.

import { attempt, nodeTarget, type Lab } from './context.js';
import { HTTP_PORT } from './topology.js';

export async function pingOk(lab: Lab, dst: string, opts: { size?: number; df?: boolean; waitS?: number } = {}): Promise<boolean> {
  const argv = ['ping', '-n', '-c', '1', '-W', String(opts.waitS ?? 1)];
  if (opts.df) argv.push('-M', 'do');
  if (opts.size !== undefined) argv.push('-s', String(opts.size));
  argv.push(dst);
  return (await attempt(lab, nodeTarget(lab, 'hostA'), argv, undefined, 5000)).ok;
}

/** Bytes received by a GET of http://DST:8080/PATH from hostA within `maxS` seconds (curl), or -1. */
export async function httpGetBytes(lab: Lab, dst: string, path: string, maxS = 5): Promise<number> {
  const r = await attempt(
    lab,
    nodeTarget(lab, 'hostA'),
    ['curl', '-s', '-o', '/dev/null', '--max-time', String(maxS), '-w', '%{size_download}', `http://${dst}:${HTTP_PORT}${path}`],
    undefined,
    (maxS + 3) * 1000,
  );
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : -1;
}
