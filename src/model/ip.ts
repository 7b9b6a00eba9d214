// Addresses and CIDRs as (family, bigint) so that containment, ranges and atoms are simple
// integer arithmetic. Parsing is ipaddr.js's; it is pure JS and runs in the browser too.

import ipaddr from "ipaddr.js";

export interface IP {
  family: 4 | 6;
  value: bigint;
}

export interface Cidr {
  family: 4 | 6;
  /** First address of the block (host bits cleared). */
  base: bigint;
  prefix: number;
  /** The text had host bits set (`10.0.0.1/8`): valid only as a legacy stored object. */
  hostBits: boolean;
  text: string;
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Strict: dotted-quad IPv4 (no leading zeros, no shorthand) or IPv6. */
export function parseIP(text: string): IP | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    if (text.split(".").some((p) => p.length > 1 && p.startsWith("0"))) return undefined;
    return { family: 4, value: toBigInt(ipaddr.IPv4.parse(text).toByteArray()) };
  }
  if (text.includes(":") && ipaddr.IPv6.isValid(text) && !text.includes("%")) {
    const a = ipaddr.IPv6.parse(text);
    if (a.isIPv4MappedAddress()) return { family: 4, value: toBigInt(a.toIPv4Address().toByteArray()) };
    return { family: 6, value: toBigInt(a.toByteArray()) };
  }
  return undefined;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > bits(ip.family)) return undefined;
  const hostMask = (1n << BigInt(bits(ip.family) - prefix)) - 1n;
  return { family: ip.family, base: ip.value & ~hostMask, prefix, hostBits: (ip.value & hostMask) !== 0n, text };
}

export function cidrLast(c: Cidr): bigint {
  return c.base + ((1n << BigInt(bits(c.family) - c.prefix)) - 1n);
}

export function cidrContains(c: Cidr, ip: IP): boolean {
  return c.family === ip.family && ip.value >= c.base && ip.value <= cidrLast(c);
}

/** `inner` lies inside `outer` (equal counts as inside). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.family === outer.family && inner.base >= outer.base && cidrLast(inner) <= cidrLast(outer);
}

export function formatIP(ip: IP): string {
  const n = ip.family === 4 ? 4 : 16;
  const bytes: number[] = [];
  let v = ip.value;
  for (let i = 0; i < n; i++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

export function sameIP(a: string, b: string): boolean {
  const x = parseIP(a);
  const y = parseIP(b);
  return !!x && !!y && x.family === y.family && x.value === y.value;
}
