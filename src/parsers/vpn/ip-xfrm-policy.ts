// Why: `ip xfrm policy` shows which traffic a kernel IPsec gateway encrypts (selectors, direction, template), the policy-based "route".

import { fail, ok, type Parsed, type Parser } from '../result.js';

import { IPROUTE_ERRORS, uint, Warnings, nonEmptyLines, openLines } from './common.js';
import { bare, newLifetime, numTok, pairs, readLifetimeCurrent, readSelector, tokens, type XfrmLifetime, type XfrmSelector } from './xfrm-common.js';

export interface XfrmTemplate {
  /** Tunnel endpoints (0.0.0.0 / :: in transport mode). */
  src: string | null;
  dst: string | null;
  proto: string | null;
  spi: string | null;
  reqid: number | null;
  mode: string | null;
  /** required or use. */
  level: string | null;
}

export interface XfrmPolicy {
  selector: XfrmSelector;
  /** in, out, fwd. */
  dir: string | null;
  /** A per-socket policy ("socket in|out"), as IKE daemons install to let their own packets bypass IPsec. */
  socket: boolean;
  /** allow (the default, not printed without -s) or block. */
  action: string;
  index: number | null;
  priority: number | null;
  /** main or sub. */
  ptype: string | null;
  mark: string | null;
  ifId: string | null;
  lifetime: XfrmLifetime | null;
  templates: XfrmTemplate[];
}

export interface XfrmPolicies {
  policies: XfrmPolicy[];
}

type Section = 'none' | 'lifetime-config' | 'lifetime-current' | 'tmpl';

function parse(text: string): Parsed<XfrmPolicies> {
  const opened = openLines(text, IPROUTE_ERRORS, 'no output (no xfrm policies)');
  if ('failed' in opened) return opened.failed;
  const ls = opened.ls;
  const W = new Warnings();
  const policies: XfrmPolicy[] = [];
  let pol: XfrmPolicy | null = null;
  let section: Section = 'none';
  for (const { n, line, indent } of nonEmptyLines(ls)) {
    const warn = W.at(n);
    const t = tokens(line);
    if (indent === 0) {
      if (t[0] !== 'src' || t[2] !== 'dst') {
        warn('unrecognized', line);
        continue;
      }
      pol = {
        selector: readSelector(t).sel,
        dir: null,
        socket: false,
        action: 'allow',
        index: null,
        priority: null,
        ptype: null,
        mark: null,
        ifId: null,
        lifetime: null,
        templates: [],
      };
      policies.push(pol);
      section = 'none';
      continue;
    }
    if (!pol) {
      warn('line before any "src ... dst ..." header', line);
      continue;
    }
    if (indent > 8 && section !== 'none') {
      if (section === 'lifetime-current') {
        pol.lifetime ??= newLifetime();
        if (!readLifetimeCurrent(line, pol.lifetime)) warn('unread lifetime line', line);
      } else if (section === 'tmpl') {
        const tm = pol.templates[pol.templates.length - 1];
        if (tm) {
          const { values } = pairs(t, ['proto', 'spi', 'reqid', 'mode', 'level']);
          if (values.has('proto')) tm.proto = values.get('proto') ?? null;
          if (values.has('spi')) tm.spi = bare(values.get('spi'));
          if (values.has('reqid')) tm.reqid = numTok(values.get('reqid'));
          if (values.has('mode')) tm.mode = values.get('mode') ?? null;
          if (values.has('level')) tm.level = values.get('level') ?? null;
        }
      }
      continue;
    }
    section = 'none';
    const head = t[0] ?? '';
    if (head === 'dir' || head === 'socket') {
      const { values } = pairs(t, ['dir', 'socket', 'action', 'index', 'priority', 'ptype']);
      pol.socket = head === 'socket';
      pol.dir = values.get(head) ?? null;
      pol.action = values.get('action') ?? 'allow';
      pol.index = uint(values.get('index'));
      pol.priority = uint(values.get('priority'));
      pol.ptype = values.get('ptype') ?? null;
    } else if (head === 'tmpl') {
      const { values } = pairs(t.slice(1), ['src', 'dst']);
      pol.templates.push({ src: values.get('src') ?? null, dst: values.get('dst') ?? null, proto: null, spi: null, reqid: null, mode: null, level: null });
      section = 'tmpl';
    } else if (head === 'mark') pol.mark = t[1] ?? null;
    else if (head === 'if_id') pol.ifId = t[1] ?? null;
    else if (line === 'lifetime config:') section = 'lifetime-config';
    else if (line === 'lifetime current:') section = 'lifetime-current';
    else if (!['security', 'offload'].includes(head)) warn('unrecognized', line);
  }
  // Every policy prints `dir X priority N ptype T` (or `socket ...`); a state header with no such line is no policy.
  const real = policies.filter((p) => p.dir !== null && (p.socket || p.priority !== null || p.ptype !== null));
  if (real.length < policies.length) W.at(0)(`${policies.length - real.length} "src ... dst ..." entries without a "dir ... priority ..." line (xfrm states?) skipped`, '');
  if (!real.length) return fail('unrecognized', 'no "src ... dst ..." entry with a "dir ... priority ..." line: not `ip xfrm policy` output');
  return ok({ policies: real }, W.all);
}

export const ipXfrmPolicy: Parser<XfrmPolicies> = {
  id: 'ip-xfrm-policy',
  commands: ['ip xfrm policy', 'ip -s xfrm policy'],
  parse,
};
