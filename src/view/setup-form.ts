// Why: the setup form without an incident file: its fields as data, each checked as typed, and the incident YAML they make.

import { stringify } from 'yaml';
import { parseIncident, type IncidentResult } from '../incident/load.js';
import { cidr, filePath, hostName, interfaceName, ipAddress, objectName, port } from '../targets/tokens.js';
import { visible } from './sanitize.js';
import { seg, type Line } from './styled.js';

export interface Field {
  id: string;
  label: string;
  initial: string;
  /** One-line problem with the value, or null. */
  check(v: string): string | null;
}

const by = (f: (field: string, s: string) => unknown) => (field: string) => (v: string) => {
  try {
    f(field, v);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};
const oneOf = (xs: string[]) => (v: string) => (xs.includes(v) ? null : `one of ${xs.join(', ')}`);
const optional = (c: (v: string) => string | null) => (v: string) => (v.trim() === '' ? null : c(v));
const required = (v: string) => (v.trim() ? null : 'required');

function site(side: 'a' | 'b', d: { name: string; lan: string; gw: string }): Field[] {
  const S = side.toUpperCase();
  return [
    { id: `${side}.name`, label: `Site ${S} name`, initial: d.name, check: by(objectName)(`sites.${side}.name`) },
    { id: `${side}.lan`, label: `Site ${S} LAN prefix`, initial: d.lan, check: by(cidr)(`sites.${side}.lan`) },
    { id: `${side}.gw`, label: `Site ${S} gateway (ssh host)`, initial: d.gw, check: by(hostName)(`sites.${side}.gateway`) },
    { id: `${side}.sudo`, label: `Site ${S} needs sudo (yes/no)`, initial: 'yes', check: oneOf(['yes', 'no']) },
    { id: `${side}.lanIf`, label: `Site ${S} LAN interface`, initial: 'eth0', check: by(interfaceName)(`sites.${side}.lan_interface`) },
    { id: `${side}.wanIf`, label: `Site ${S} WAN interface`, initial: 'eth1', check: by(interfaceName)(`sites.${side}.wan_interface`) },
    { id: `${side}.tunType`, label: `Site ${S} tunnel type`, initial: 'wireguard', check: oneOf(['wireguard', 'strongswan', 'route-based', 'policy-based']) },
    { id: `${side}.tunIf`, label: `Site ${S} tunnel interface`, initial: 'wg0', check: optional(by(interfaceName)(`sites.${side}.tunnel.interface`)) },
  ];
}

export const SETUP_FIELDS: readonly Field[] = [
  { id: 'title', label: 'Incident title', initial: '', check: required },
  { id: 'source', label: 'Test source address (behind A)', initial: '', check: by(ipAddress)('pair.source') },
  { id: 'destination', label: 'Test destination (behind B)', initial: '', check: by(ipAddress)('pair.destination') },
  { id: 'port', label: 'TCP port (empty: ICMP only)', initial: '', check: optional(by(port)('pair.port')) },
  { id: 'sshConfig', label: 'ssh config file (empty: yours)', initial: '', check: optional(by(filePath)('ssh_config')) },
  ...site('a', { name: 'hq', lan: '', gw: '' }),
  ...site('b', { name: 'branch', lan: '', gw: '' }),
  { id: 'file', label: 'Save the incident file as', initial: 'incident.yaml', check: required },
];

export function initialValues(): Record<string, string> {
  return Object.fromEntries(SETUP_FIELDS.map((f) => [f.id, f.initial]));
}

export function fieldErrors(v: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of SETUP_FIELDS) {
    const e = f.check(v[f.id] ?? '');
    if (e) out[f.id] = e;
  }
  return out;
}

/** The incident as YAML (the yaml library quotes every value; nothing typed can change the structure). */
export function incidentYaml(v: Record<string, string>): string {
  const siteOf = (s: 'a' | 'b') => ({
    name: v[`${s}.name`],
    lan: [v[`${s}.lan`]],
    gateway: { target: { ssh: v[`${s}.gw`] }, sudo: v[`${s}.sudo`] === 'yes', lan_interface: v[`${s}.lanIf`], wan_interface: v[`${s}.wanIf`] },
    tunnel: { type: v[`${s}.tunType`], ...(v[`${s}.tunIf`] ? { interface: v[`${s}.tunIf`] } : {}) },
  });
  const p = v.port?.trim();
  const doc = {
    title: v.title,
    pair: { source: v.source, destination: v.destination, ...(p ? { protocol: 'tcp', port: Number(p) } : { protocol: 'icmp' }) },
    ...(v.sshConfig?.trim() ? { ssh_config: v.sshConfig.trim() } : {}),
    sites: { a: siteOf('a'), b: siteOf('b') },
  };
  return `# Written by the gatewalk setup form.\n${stringify(doc)}`;
}

/** Field checks, then the incident schema itself on the YAML that would be saved. */
export function validateSetup(v: Record<string, string>): { errors: Record<string, string>; incident: IncidentResult | null } {
  const errors = fieldErrors(v);
  if (Object.keys(errors).length) return { errors, incident: null };
  return { errors, incident: parseIncident(incidentYaml(v), v.file ?? 'incident.yaml') };
}

export function setupLines(v: Record<string, string>, focused: number, errors: Record<string, string>, message: string): Line[] {
  const w = Math.max(...SETUP_FIELDS.map((f) => f.label.length));
  const out: Line[] = [[seg('New incident: the test pair and how to reach both gateways', 'bold')], []];
  SETUP_FIELDS.forEach((f, i) => {
    const val = visible(v[f.id] ?? '');
    const on = i === focused;
    const line: Line = [seg(`${on ? '>' : ' '} ${f.label.padEnd(w)}  `, on ? 'focus' : undefined), seg(val + (on ? '_' : ''))];
    if (errors[f.id]) line.push(seg(`  ${visible(errors[f.id]!)}`, 'fail'));
    out.push(line);
  });
  out.push([], [seg('Up/Down/Tab', 'key'), seg(' move  '), seg('Enter', 'key'), seg(' next / save on the last field  '), seg('Ctrl-S', 'key'), seg(' save  '), seg('Esc', 'key'), seg(' cancel')]);
  if (message) out.push([seg(visible(message), 'alert')]);
  return out;
}
