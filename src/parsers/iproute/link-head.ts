// Why: `ip link` and `ip addr` print the same interface head ("5: wg0: <...> mtu 1420 ... state UNKNOWN", "link/none"); one reader for both.

import { isRecord, str } from '../text.js';
import { clip, numLike, strings, words, type WarningList } from './common.js';

export interface LinkHead {
  index: number;
  name: string;
  /** What follows "@" in "lan0@if2" (the peer or parent link), as printed; JSON "link" or "if" + link_index. */
  link?: string;
  /** Interface flags (<POINTOPOINT,NOARP,UP,LOWER_UP>); absent when the head shows none. */
  flags?: string[];
  /** UP flag: administratively up. Absent when no flags were printed. */
  adminUp?: boolean;
  /** LOWER_UP flag: the carrier / lower layer is up. Absent when no flags were printed. */
  lowerUp?: boolean;
  mtu?: number;
  qdisc?: string;
  master?: string;
  /** Operational state: UP, DOWN, UNKNOWN (normal for tunnels), LOWERLAYERDOWN, ... */
  state?: string;
  mode?: string;
  group?: string;
  qlen?: number;
  /** "ether", "none" (wg, tun), "ipip", "loopback", ... (from "link/ether"). */
  linkType?: string;
  /** Hardware address, when the link type has one. */
  address?: string;
  /** Peer address of point-to-point tunnel links ("link/ipip 203.0.113.10 peer 198.51.100.20"). */
  peer?: string;
}

const HEAD_VALUE_KEYS: ReadonlySet<string> = new Set(['mtu', 'qdisc', 'master', 'state', 'mode', 'group', 'qlen', 'event', 'link-netnsid', 'alias']);

/** "5: wg0: <FLAGS> mtu ..." -> the head; null when the line is no interface head. */
export function linkHeadFromText(line: string, n: number, w: WarningList): LinkHead | null {
  const m = /^(\d{1,10}):\s+(.*)$/.exec(line);
  if (!m) return null;
  const rest = m[2]!;
  const colon = rest.indexOf(':');
  if (colon <= 0) return null;
  const full = rest.slice(0, colon);
  if (/\s/.test(full)) return null;
  const at = full.indexOf('@');
  const head: LinkHead = { index: Number(m[1]), name: at >= 0 ? full.slice(0, at) : full };
  if (at >= 0) head.link = full.slice(at + 1);
  let after = rest.slice(colon + 1).trim();
  if (after.startsWith('<')) {
    const close = after.indexOf('>');
    if (close > 0) {
      setFlags(head, after.slice(1, close).split(',').filter((f) => f !== ''));
      after = after.slice(close + 1);
    }
  }
  if (!head.flags) w.add(() => `line ${n + 1}: no <FLAGS> on ${clip(head.name)}: up or down is unknown`);
  const t = words(after);
  for (let i = 0; i < t.length; i++) {
    const k = t[i]!;
    const v = t[i + 1];
    if (!HEAD_VALUE_KEYS.has(k) || v === undefined) {
      w.add(() => `line ${n + 1}: unknown word "${clip(k)}" on ${clip(head.name)}`);
      continue;
    }
    i++;
    if (k === 'mtu' || k === 'qlen') {
      const x = numLike(v);
      if (x !== undefined) head[k] = x;
    } else if (k === 'qdisc' || k === 'master' || k === 'state' || k === 'mode' || k === 'group') head[k] = v;
  }
  return head;
}

function setFlags(head: LinkHead, flags: string[]): void {
  head.flags = flags;
  head.adminUp = flags.includes('UP');
  head.lowerUp = flags.includes('LOWER_UP');
}

/** "link/ether aa:bb:.. brd ff:.. link-netnsid 1" into the head; false when the line is not a link line. */
export function applyLinkLine(head: LinkHead, line: string): boolean {
  const t = words(line);
  const first = t[0];
  if (!first?.startsWith('link/')) return false;
  head.linkType = first.slice('link/'.length);
  for (let i = 1; i < t.length; i++) {
    const k = t[i]!;
    const v = t[i + 1];
    if (k === 'brd' || k === 'link-netnsid' || k === 'permaddr' || k === 'link-netns') i++;
    else if (k === 'peer' && v !== undefined) {
      head.peer = v;
      i++;
    } else if (i === 1) head.address = k;
    else break;
  }
  return true;
}

/** The interface head from one `ip -j link|addr` object; null (with a warning) when it has no name or index. */
export function linkHeadFromJson(v: unknown, i: number, w: WarningList): LinkHead | null {
  if (!isRecord(v)) {
    w.add(() => `interface #${i + 1}: not an object`);
    return null;
  }
  const index = numLike(v.ifindex);
  const name = str(v.ifname);
  if (index === undefined || name === undefined) {
    w.add(() => `interface #${i + 1}: no "ifindex" or "ifname"`);
    return null;
  }
  const head: LinkHead = { index, name };
  const link = str(v.link);
  const linkIndex = numLike(v.link_index);
  if (link !== undefined) head.link = link;
  else if (v.link === null) head.link = 'NONE';
  else if (linkIndex !== undefined) head.link = `if${linkIndex}`;
  if (Array.isArray(v.flags)) setFlags(head, strings(v.flags));
  const mtu = numLike(v.mtu);
  if (mtu !== undefined) head.mtu = mtu;
  const qdisc = str(v.qdisc);
  if (qdisc !== undefined) head.qdisc = qdisc;
  const master = str(v.master);
  if (master !== undefined) head.master = master;
  const state = str(v.operstate);
  if (state !== undefined) head.state = state;
  const mode = str(v.linkmode);
  if (mode !== undefined) head.mode = mode;
  const group = str(v.group);
  if (group !== undefined) head.group = group;
  const qlen = numLike(v.txqlen);
  if (qlen !== undefined) head.qlen = qlen;
  const lt = str(v.link_type);
  if (lt !== undefined) head.linkType = lt;
  const address = str(v.address);
  if (address !== undefined) head.address = address;
  // Point-to-point links print their peer as " peer X", in JSON "link_pointtopoint": true and "broadcast": X.
  const peer = v.link_pointtopoint === true ? str(v.broadcast) : undefined;
  if (peer !== undefined) head.peer = peer;
  return head;
}
