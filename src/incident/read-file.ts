// Why: the one place an incident file is read from disk: a regular file of at most 256 KiB, checked before a byte of it is read, then parsed.

import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { INCIDENT_MAX_BYTES, parseIncident, tooBig } from './load.js';
import type { Incident } from './schema.js';

export type IncidentFileResult = { ok: true; incident: Incident; text: string } | { ok: false; error: string };

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * The file's text, or a one-line error naming it. The size and type come from stat before the
 * file is opened (a FIFO or a device would block or never end), and again from the open file, so
 * a file swapped in between is caught; the read itself stops one byte past the bound.
 */
export function readIncidentText(path: string): { ok: true; text: string } | { ok: false; error: string } {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, error: `cannot read the incident file ${path}: ${errno(e)}` };
  }
  if (!st.isFile()) return { ok: false, error: `${path}: ${kindOf(st)}, not an incident file; give the path of the YAML file` };
  if (st.size > INCIDENT_MAX_BYTES) return { ok: false, error: tooBig(path, st.size) };
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    return { ok: false, error: `cannot read the incident file ${path}: ${errno(e)}` };
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) return { ok: false, error: `${path}: ${kindOf(now)}, not an incident file; give the path of the YAML file` };
    const buf = Buffer.alloc(INCIDENT_MAX_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > INCIDENT_MAX_BYTES) return { ok: false, error: tooBig(path, Math.max(now.size, n)) };
    return { ok: true, text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    return { ok: false, error: `cannot read the incident file ${path}: ${errno(e)}` };
  } finally {
    closeSync(fd);
  }
}

/** Read and parse an incident file: `readIncidentText`, then `parseIncident` with the path in every error. */
export function readIncidentFile(path: string): IncidentFileResult {
  const r = readIncidentText(path);
  if (!r.ok) return r;
  const p = parseIncident(r.text, path);
  return p.ok ? { ok: true, incident: p.incident, text: r.text } : p;
}
