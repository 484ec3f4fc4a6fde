// Why: kernel switches a gateway depends on (`sysctl net.ipv4.ip_forward ...rp_filter`): forwarding off or strict rp_filter break the path.

/*
 * A key sysctl cannot read ("sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or
 * directory", usually an interface that does not exist) is a warning and lands in `missing`, not a failure:
 * the other keys still count. Only output with no "key = value" line and no recognisable per-key error is a
 * failure. `sysctl -n` (values without keys) cannot be mapped to keys and is 'unrecognized'.
 */

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { lines } from '../text.js';
import { clip, setKey, warningList } from './common.js';

export interface SysctlValues {
  /** key -> value as printed ("net.ipv4.ip_forward" -> "1"; multi-value keys keep their tabs; VLAN eth0.100 is "eth0/100"). */
  values: Record<string, string>;
  /** Keys sysctl reported it could not read (no such key, permission denied). */
  missing: string[];
}

/** The key named in a sysctl error line, or null. */
function errorKey(line: string): string | null {
  // procps-ng: "sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or directory"
  const proc = /\/proc\/sys\/([^\s:]{1,512})/.exec(line);
  // sysctl prints a dot inside a path component (VLAN "eth0.100") as "/": net.ipv4.conf.eth0/100.rp_filter.
  if (proc) return proc[1]!.split('/').map((c) => c.replace(/\./g, '/')).join('.');
  // procps-ng: "sysctl: permission denied on key 'net.ipv4.ip_forward'", older: 'error: "x.y" is an unknown key'
  // A key has at least one dot ("invalid option -- 'x'" names no key).
  const quoted = /['"]([A-Za-z0-9_\-/]{1,128}(?:\.[A-Za-z0-9_\-/]{1,128}){1,12})['"]/.exec(line);
  return quoted ? quoted[1]! : null;
}

function parse(text: string): Parsed<SysctlValues> {
  if (!text.trim()) return fail('empty', 'no output from sysctl');
  const w = warningList();
  const values: Record<string, string> = {};
  const missing: string[] = [];
  let count = 0;
  const otherErrors: string[] = [];
  lines(text).forEach((line, n) => {
    if (!line.trim()) return;
    const eq = line.indexOf(' = ');
    const isError = line.startsWith('sysctl:') || line.startsWith('error:');
    if (eq > 0 && !isError) {
      const key = line.slice(0, eq).trim();
      if (!/^[A-Za-z0-9_.\-/:@]{1,512}$/.test(key)) {
        w.add(() => `line ${n + 1}: not a sysctl key: "${clip(key)}"`);
        return;
      }
      setKey(values, key, line.slice(eq + 3).trim());
      count++;
      return;
    }
    if (isError) {
      const key = errorKey(line);
      if (key) {
        if (!missing.includes(key)) missing.push(key);
        w.add(() => `${clip(key)}: ${clip(line, 160)}`);
      } else otherErrors.push(clip(line, 160));
      return;
    }
    w.add(() => `line ${n + 1}: not "key = value": "${clip(line)}"`);
  });
  if (!count && !missing.length) {
    if (otherErrors.length) return fail('command-error', otherErrors.join('; '));
    return fail('unrecognized', 'no "key = value" line in the output', 1);
  }
  for (const e of otherErrors) w.add(e);
  return ok({ values, missing }, w.list());
}

export const sysctl: Parser<SysctlValues> = {
  id: 'sysctl',
  commands: ['sysctl KEY...', 'sysctl -a'],
  parse,
};

/** An integer setting, or null when absent or not a number. */
export function sysctlInt(s: SysctlValues, key: string): number | null {
  const v = Object.prototype.hasOwnProperty.call(s.values, key) ? s.values[key] : undefined;
  return v !== undefined && /^-?\d{1,15}$/.test(v) ? Number(v) : null;
}

/**
 * The rp_filter mode the kernel applies on an interface: the larger of conf.all and conf.<ifname>
 * (0 off, 1 strict, 2 loose); null when neither was read.
 */
export function effectiveRpFilter(s: SysctlValues, ifname: string): number | null {
  const all = sysctlInt(s, 'net.ipv4.conf.all.rp_filter');
  const dev = sysctlInt(s, `net.ipv4.conf.${ifname.replace(/\./g, '/')}.rp_filter`);
  if (all === null && dev === null) return null;
  return Math.max(all ?? 0, dev ?? 0);
}
