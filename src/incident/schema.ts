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
  /** A gateway nobody here can log into (a partner's, a cloud's, an appliance): site B only. */
  z.object({ none: z.literal(true) }).strict(),
]);

/** Who runs a gateway that cannot be logged into; decides which commands the far side is asked to run. */
export const VENDORS = ['cisco-asa', 'cisco-ios', 'fortigate', 'paloalto', 'aws-vpn', 'azure-vpn', 'gcp-vpn', 'strongswan', 'libreswan', 'wireguard', 'other'] as const;
export type Vendor = (typeof VENDORS)[number];

/** The interface names given to a gateway nobody can log into when the file names none: never sent anywhere. */
export const UNSEEN_IF = 'unseen';

function isNoneTarget(t: unknown): boolean {
  return typeof t === 'object' && t !== null && (t as { none?: unknown }).none === true;
}

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
    gateway: z.preprocess(
      // A gateway nobody can log into has no interface names we could use: they may be left out.
      (g) => (typeof g === 'object' && g !== null && isNoneTarget((g as { target?: unknown }).target) ? { lan_interface: UNSEEN_IF, wan_interface: UNSEEN_IF, ...g } : g),
      z
        .object({
          target: targetSchema,
          sudo: z.boolean().default(false),
          lan_interface: ifname,
          wan_interface: ifname,
          wan_address: ip.optional(),
          /** For a gateway that cannot be logged into: what it is, so the report asks for the right commands. */
          vendor: z.enum(VENDORS, { error: () => `not a known vendor; one of ${VENDORS.join(', ')}` }).optional(),
        })
        .strict(),
    ),
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
  })
  .superRefine((inc, ctx) => {
    // One side only: site A is where gatewalk works from; site B's gateway may be out of reach.
    if (isNoneTarget(inc.sites?.a?.gateway?.target)) ctx.addIssue({ code: 'custom', path: ['sites', 'a', 'gateway', 'target'], message: "site A's gateway is where gatewalk looks from: it needs ssh, netns or local; only site B's gateway may be { none: true }" });
    for (const side of ['a', 'b'] as const) {
      if (isNoneTarget(inc.sites?.[side]?.host?.target)) ctx.addIssue({ code: 'custom', path: ['sites', side, 'host', 'target'], message: 'a host nobody can log into is left out (delete host:), not given as { none: true }' });
    }
    const gb = inc.sites?.b?.gateway;
    if (gb && isNoneTarget(gb.target) && !gb.wan_address) ctx.addIssue({ code: 'custom', path: ['sites', 'b', 'gateway', 'wan_address'], message: "a gateway nobody can log into needs wan_address: its public address, the peer address site A's tunnel uses" });
  });

export type Incident = z.infer<typeof incidentSchema>;
export type IncidentTarget = z.infer<typeof targetSchema>;

