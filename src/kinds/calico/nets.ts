// Calico `nets`: CIDRs, or bare addresses meaning a single host (libcalico-go ParseCIDROrIP).
// Host bits are masked, as Calico's NormalizeIPNets does.

import { formatIP, parseCidr, parseIP } from "../../model/ip.js";

/** Canonical CIDR text for a Calico net, or undefined when it is not one. */
export function calicoNet(text: string): string | undefined {
  const c = parseCidr(text);
  if (c) return `${formatIP({ family: c.family, value: c.base })}/${c.prefix}`;
  const ip = parseIP(text);
  if (ip) return `${formatIP(ip)}/${ip.family === 4 ? 32 : 128}`;
  return undefined;
}
