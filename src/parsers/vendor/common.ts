// Why: the vendor parsers print selectors as address/mask or as address ranges; one place turns them into CIDR (ipaddr.js), never throwing.

import ipaddr from 'ipaddr.js';

/** A strict address: dotted-quad IPv4 (no "127.1" or hex forms) or IPv6; else null. */
function strictAddress(s: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
    if (s.includes(':') && ipaddr.IPv6.isValid(s)) return ipaddr.IPv6.parse(s);
  } catch {
    // fall through
  }
  return null;
}

/** True for a dotted-quad IPv4 or an IPv6 address as printed. */
export function isAddress(s: string): boolean {
  return strictAddress(s) !== null;
}

/** "address/len" with the host bits cleared, or null when the address or the length is not valid. */
export function networkCidr(address: string, prefixLength: number): string | null {
  const a = strictAddress(address);
  if (!a || !Number.isInteger(prefixLength) || prefixLength < 0) return null;
  const max = a.kind() === 'ipv4' ? 32 : 128;
  if (prefixLength > max) return null;
  try {
    const net = a.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${a.toString()}/${prefixLength}`) : ipaddr.IPv6.networkAddressFromCIDR(`${a.toString()}/${prefixLength}`);
    return `${net.toString()}/${prefixLength}`;
  } catch {
    return null;
  }
}

/**
 * A selector given as address and mask: the mask is a dotted IPv4 netmask ("255.255.255.0") or a prefix length ("0",
 * "24", IOS prints "::/0" for IPv6). Returns the network in CIDR, or null when the mask is not contiguous or invalid.
 */
export function maskToCidr(address: string, mask: string): string | null {
  if (/^\d{1,3}$/.test(mask)) return networkCidr(address, Number(mask));
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask) || !ipaddr.IPv4.isValidFourPartDecimal(address)) return null;
  try {
    const len = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
    return len === null ? null : networkCidr(address, len);
  } catch {
    return null;
  }
}

/** An inclusive address range ("192.168.0.0-192.168.0.255") as one CIDR block when it is exactly one; else null. */
export function rangeToCidr(start: string, end: string): string | null {
  const a = strictAddress(start);
  const b = strictAddress(end);
  if (!a || !b || a.kind() !== b.kind()) return null;
  const max = a.kind() === 'ipv4' ? 32 : 128;
  const s = a.toString();
  const e = b.toString();
  for (let len = 0; len <= max; len++) {
    try {
      const cidr = `${s}/${len}`;
      const net = a.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
      if (net.toString() !== s) continue;
      const top = a.kind() === 'ipv4' ? ipaddr.IPv4.broadcastAddressFromCIDR(cidr) : ipaddr.IPv6.broadcastAddressFromCIDR(cidr);
      if (top.toString() === e) return `${s}/${len}`;
    } catch {
      return null;
    }
  }
  return null;
}

/** A CIDR as printed ("10.24.34.0/24"), normalized to its network; null when it is not one. */
export function normalizeCidr(s: string): string | null {
  const m = /^([0-9A-Fa-f:.]{2,45})\/(\d{1,3})$/.exec(s.trim());
  return m ? networkCidr(m[1]!, Number(m[2])) : null;
}

/**
 * Text for a warning with every hex or base64-looking run of 8+ characters masked: vendor SA lines carry key material
 * ("key=16 810f57e8..."), and an 8-byte DES key is too short for the shared clip() to mask.
 */
export function maskKeyish(s: string): string {
  return s.replace(/\b(?:0x)?[0-9a-fA-F]{8,}\b/g, '(masked)').replace(/[A-Za-z0-9+/=]{24,}/g, '(masked)');
}

/** An SPI as "0x" and eight lower-case hex digits (the form ip xfrm and tcpdump print); null for 0 or non-hex. */
export function spiHex(hex: string): string | null {
  const h = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9A-Fa-f]{1,8}$/.test(h)) return null;
  const v = parseInt(h, 16);
  return v === 0 ? null : `0x${v.toString(16).padStart(8, '0')}`;
}
