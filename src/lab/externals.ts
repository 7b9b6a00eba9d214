// Hosts outside the cluster, for cells that name an address (`203.0.113.5`, `internet`, a
// CIDR): each address gets a namespace of its own behind the wire, routed like a node, so the
// traffic crosses the node's forward chain exactly as traffic from the world would. Added
// while the lab runs (cases on one lab name different addresses); the wire has no rules.

import { parseIP } from "../model/ip.js";
import { must, pool } from "./exec.js";
import { NODE_GATEWAY, POD_GATEWAY } from "./topology.js";
import type { LabExternal, Topology } from "./topology.js";

/**
 * Why an address cannot be an outside host here, or undefined when it can. The lab routes
 * only IPv4 unicast, and 169.254.0.0/16 holds its own gateways.
 */
export function externalProblem(t: Topology, ip: string): string | undefined {
  const a = parseIP(ip);
  if (!a) return "not an address";
  if (a.family !== 4) return "IPv6 (the lab is IPv4 only)";
  const first = Number(a.value >> 24n);
  const second = Number((a.value >> 16n) & 0xffn);
  if (first === 0 || first === 127) return "a loopback or unspecified address";
  if (first >= 224) return "a multicast or reserved address";
  if (first === 169 && second === 254) return `link-local (the lab's gateways ${POD_GATEWAY} and ${NODE_GATEWAY} live there)`;
  if (t.pods.some((p) => p.ip === ip) || t.nodes.some((n) => n.ips.includes(ip))) return "an address of a pod or node of the lab";
  return undefined;
}

/** Plan namespaces for the addresses not built yet (the caller records them before building). */
export function planExternals(t: Topology, ips: Iterable<string>): LabExternal[] {
  const have = new Set(t.externals.map((x) => x.ip));
  const out: LabExternal[] = [];
  for (const ip of ips) {
    if (have.has(ip)) continue;
    have.add(ip);
    const index = t.externals.length + out.length;
    out.push({ index, ip, ns: `${t.runId}-x${index}` });
  }
  return out;
}

const batch = (ns: string | undefined, lines: string[]) => must("ip", [...(ns ? ["-n", ns] : []), "-batch", "-"], `${lines.join("\n")}\n`, `setting up ${ns ?? "outside hosts"}`);

/** Create the namespaces and wire them: the wire routes each address to its host. */
export async function buildExternals(t: Topology, list: readonly LabExternal[]): Promise<void> {
  if (!list.length) return;
  await batch(undefined, list.map((x) => `netns add ${x.ns}`));
  const wire: string[] = [];
  for (const x of list) {
    const dev = `x${x.index}`;
    wire.push(`link add ${dev} type veth peer name eth0 netns ${x.ns}`, `link set ${dev} up`, `addr add ${NODE_GATEWAY}/32 dev ${dev}`, `route add ${x.ip}/32 dev ${dev}`);
  }
  await batch(t.wireNs, wire);
  await pool(list, 8, (x) =>
    batch(x.ns, ["link set lo up", "link set eth0 up", `addr add ${x.ip}/32 dev eth0`, `route add ${NODE_GATEWAY} dev eth0 scope link`, `route add default via ${NODE_GATEWAY} dev eth0`]),
  );
}
