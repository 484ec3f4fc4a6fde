// Why: on libreswan gateways `ipsec trafficstatus` (`ipsec whack --trafficstatus`) is the one line per Child SA that
// says the tunnel is up and whether bytes move each way, the libreswan counterpart of swanctl --list-sas's counters.

import { fail, ok, type Parsed, type Parser } from '../result.js';
import { Warnings, openLines } from './common.js';

export interface LibreswanTraffic {
  /** The state serial "#3" (the Child SA). */
  serial: number;
  /** The connection name between the quotes ("westnet-eastnet", "conn/1x1"). */
  connection: string;
  /** "[1]" after the name: the instance of a template (road warrior) connection. */
  instance: number | null;
  /** The peer address printed after an instance ("192.1.3.209"). */
  peer: string | null;
  /** ESP, AH or IPCOMP. */
  type: string | null;
  /** Seconds since the epoch the SA was added (test outputs mask it as 1234567890). */
  addTime: number | null;
  inBytes: number | null;
  outBytes: number | null;
  /** "maxBytes=2^32B" as printed, when the SA has a byte lifetime. */
  maxBytes: string | null;
  /** The peer's IKE identity between the quotes. */
  id: string | null;
  /** Addresses leased to the peer ("lease=192.0.2.1/32"). */
  lease: string[];
}

export interface LibreswanTrafficStatus {
  sas: LibreswanTraffic[];
}

const ERRORS = [/^whack: Pluto is not running/, /^connect\(pluto_ctl\) failed/, /^ipsec: command not found/, /^whack: unrecognized option/, /^ipsec: unknown command/];

/** "006 #3: "name"[1] 192.1.3.209, type=ESP, add_time=..., inBytes=84, outBytes=84, id='@east'" (no "006 " in 5.x). */
const LINE = /^(?:\d{3} )?#(\d{1,10}): "([^"]{1,200})"(?:\[(\d{1,9})\])?((?:\[\d{1,9}\]){0,4})(?: ([0-9A-Fa-f.:]{2,45}))?, (type=.{1,2000})$/;

export function parseIpsecTrafficstatus(text: string): Parsed<LibreswanTrafficStatus> {
  const opened = openLines(text, ERRORS, 'no ipsec trafficstatus output');
  if ('failed' in opened) return opened.failed;
  const W = new Warnings();
  const sas: LibreswanTraffic[] = [];
  opened.ls.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const warn = W.at(i + 1);
    const m = LINE.exec(line);
    if (!m) {
      warn('unrecognized', line);
      return;
    }
    const sa: LibreswanTraffic = {
      serial: Number(m[1]),
      connection: m[2]!,
      instance: m[3] === undefined ? null : Number(m[3]),
      peer: m[5] ?? null,
      type: null,
      addTime: null,
      inBytes: null,
      outBytes: null,
      maxBytes: null,
      id: null,
      lease: [],
    };
    let rest = m[6]!;
    // id='...' comes last but for lease=; it is quoted and may hold commas (a DN), so it is cut out first.
    const idm = /(?:^|, )id='([^']{0,500})'/.exec(rest);
    if (idm) {
      sa.id = idm[1]!;
      rest = rest.slice(0, idm.index) + rest.slice(idm.index + idm[0].length);
    }
    for (const field of rest.split(', ')) {
      const kv = /^([A-Za-z_]{1,20})=(.{0,200})$/.exec(field.trim());
      if (!kv) {
        if (field.trim()) warn('unread field', field);
        continue;
      }
      const [, k, v] = kv;
      const num = /^\d{1,20}$/.test(v!) ? Number(v) : null;
      if (k === 'type') sa.type = v!;
      else if (k === 'add_time') sa.addTime = num;
      else if (k === 'inBytes') sa.inBytes = num;
      else if (k === 'outBytes') sa.outBytes = num;
      else if (k === 'maxBytes') sa.maxBytes = v!;
      else if (k === 'lease') sa.lease = v!.split(/[ ,]+/).filter(Boolean);
      else warn('unread field', field);
    }
    sas.push(sa);
  });
  if (!sas.length) return fail('unrecognized', 'no \'#N: "connection", type=...\' line: not ipsec trafficstatus output');
  return ok({ sas }, W.all);
}

export const ipsecTrafficstatus: Parser<LibreswanTrafficStatus> = {
  id: 'ipsec-trafficstatus',
  commands: ['ipsec trafficstatus', 'ipsec whack --trafficstatus'],
  parse: parseIpsecTrafficstatus,
};
