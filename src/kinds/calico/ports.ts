// Calico protocols and port specs: numbers, "start:end" ranges and named ports
// (calico api numorstring.Protocol and numorstring.Port).

const PROTOCOL_NUMBERS: Record<number, string> = { 1: "ICMP", 6: "TCP", 17: "UDP", 58: "ICMPv6", 132: "SCTP", 136: "UDPLite" };
const PROTOCOL_NAMES = ["TCP", "UDP", "ICMP", "ICMPv6", "SCTP", "UDPLite"];

/** The protocol's canonical name (`TCP`, `ICMP`, or `proto-47` for other numbers), or undefined. */
export function protocolName(v: unknown): string | undefined {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 1 || v > 255) return undefined;
    return PROTOCOL_NUMBERS[v] ?? `proto-${v}`;
  }
  if (typeof v !== "string") return undefined;
  if (/^[0-9]+$/.test(v)) return protocolName(Number(v));
  // Calico accepts the names case-insensitively (numorstring.ProtocolFromString lowercases).
  return PROTOCOL_NAMES.find((p) => p.toLowerCase() === v.toLowerCase());
}

export type PortSpec = { from: number; to: number; name?: undefined } | { name: string; from?: undefined; to?: undefined };

export function parsePortSpec(v: unknown): PortSpec | { error: string } {
  const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65535;
  if (typeof v === "number") return inRange(v) ? { from: v, to: v } : { error: `port ${v} is out of range (0-65535)` };
  if (typeof v !== "string") return { error: `expected a port number, a "start:end" range or a port name, got ${JSON.stringify(v)}` };
  const range = /^([0-9]+):([0-9]+)$/.exec(v);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (!inRange(from) || !inRange(to)) return { error: `port range "${v}" is out of range (0-65535)` };
    if (from > to) return { error: `port range "${v}": the start must not be greater than the end` };
    return { from, to };
  }
  if (/^[0-9]+$/.test(v)) {
    const n = Number(v);
    return inRange(n) ? { from: n, to: n } : { error: `port ${v} is out of range (0-65535)` };
  }
  return { name: v };
}
