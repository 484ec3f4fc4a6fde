// Why: the incident file's shape (test pair, two sites, how to reach each gateway), validated with zod.

import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import { pairOutsideLans } from './pair-in-lans.js';
import * as tokens from '../targets/tokens.js';

/**
 * The one token validator (targets/tokens.ts) as a refinement: every word of the file that can reach
 * a command, a fix or a file name passes it; its one-line complaint becomes the issue's message.
 */
function token(check: (field: string, s: string) => string) {
  return (s: string, ctx: z.RefinementCtx): void => {
    try {
      check('', s);
    } catch (e) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (e as Error).message.replace(/^: /, '') });
    }
  };
}

const ip = z
  .string()
  .refine((s) => ipaddr.isValid(s) && !s.includes('%'), { message: 'not an IP address' })
  .superRefine(token(tokens.ipAddress));
/** Longest incident title (characters). */
export const TITLE_MAX = 200;

function isCidr(s: string): boolean {
  try {
    ipaddr.parseCIDR(s);
    return true;
  } catch {
    return false;
  }
}

const cidr = z.string().refine(isCidr, { message: 'not a prefix such as 10.20.0.0/24' }).superRefine(token(tokens.cidr));
const ifname = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/, 'not an interface name').superRefine(token(tokens.interfaceName));
const host = z
  .string()
  .regex(/^([a-z_][a-z0-9_.-]{0,31}@)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/, 'not a host name or ssh alias')
  .superRefine(token(tokens.hostName));
/** Site, IKE connection and child names: they reach commands (swanctl --child NAME) and fixes. */
const name = z.string().superRefine(token(tokens.objectName));

export const targetSchema = z.union([
  z.object({ ssh: host }).strict(),
  z.object({ netns: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'not a namespace name').superRefine(token(tokens.netnsName)) }).strict(),
  z.object({ local: z.literal(true) }).strict(),
]);

export const tunnelSchema = z
  .object({
    type: z.enum(['wireguard', 'strongswan', 'route-based', 'policy-based']),
    interface: ifname.optional(),
    /** WireGuard: the peer's public key. */
    peer: z.string().regex(/^[A-Za-z0-9+/]{42,43}=?$/, 'not a WireGuard public key').superRefine(token(tokens.wgPublicKey)).optional(),
    /** strongSwan: IKE connection and child names. */
    ike: name.optional(),
    child: name.optional(),
  })
  .strict();

export const siteSchema = z
  .object({
    name,
    lan: z.array(cidr).min(1),
    gateway: z
      .object({
        target: targetSchema,
        sudo: z.boolean().default(false),
        lan_interface: ifname,
        wan_interface: ifname,
        wan_address: ip.optional(),
      })
      .strict(),
    tunnel: tunnelSchema,
    /** The test pair's host on this site (source on a, destination on b), when the tool may log in there. */
    host: z.object({ target: targetSchema, sudo: z.boolean().default(false) }).strict().optional(),
  })
  .strict();

export const incidentSchema = z
  .object({
    title: z
      .string()
      .min(1, 'empty; give the incident a short title')
      .max(TITLE_MAX, { error: (iss) => `${typeof iss.input === 'string' ? `${iss.input.length} characters` : 'too long'}; a title is at most ${TITLE_MAX} characters: shorten it` }),
    pair: z
      .object({
        source: ip,
        destination: ip,
        protocol: z.enum(['icmp', 'tcp']).default('icmp'),
        port: z.number().int().min(1).max(65535).optional(),
      })
      .strict()
      .refine((p) => p.protocol !== 'tcp' || p.port !== undefined, { message: 'protocol tcp needs a port', path: ['port'] }),
    ssh_config: z.string().min(1).superRefine(token(tokens.filePath)).optional(),
    sites: z.object({ a: siteSchema, b: siteSchema }).strict(),
  })
  .strict()
  .superRefine((inc, ctx) => {
    // Only once the addresses and prefixes themselves are valid (zod runs this after their own issues too).
    const lanA: unknown = inc.sites?.a?.lan;
    const lanB: unknown = inc.sites?.b?.lan;
    const addrs: unknown[] = [inc.pair?.source, inc.pair?.destination];
    if (!Array.isArray(lanA) || !Array.isArray(lanB) || !addrs.every((a) => typeof a === 'string' && ipaddr.isValid(a))) return;
    if (![...lanA, ...lanB].every((c) => typeof c === 'string' && isCidr(c))) return;
    const p = pairOutsideLans(inc.pair, lanA as string[], lanB as string[]);
    if (p) ctx.addIssue({ code: 'custom', path: ['pair', p.field], message: p.message });
  });

export type Incident = z.infer<typeof incidentSchema>;
export type IncidentTarget = z.infer<typeof targetSchema>;
