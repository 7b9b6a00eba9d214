// Build the planned topology with iproute2: namespaces, routed veths, addresses, routes.
// Every command runs inside a lab namespace (`ip -n`); the root namespace only gains the
// namespace names themselves (`ip netns add`), which `removeNamespaces` takes away again.

import { must, pool } from "./exec.js";
import { NODE_GATEWAY, POD_GATEWAY, namespacesOf } from "./topology.js";
import type { Topology } from "./topology.js";

const batch = (ns: string | undefined, lines: string[]) => must("ip", [...(ns ? ["-n", ns] : []), "-batch", "-"], `${lines.join("\n")}\n`, `setting up ${ns ?? "namespaces"}`);

export async function buildNetwork(t: Topology): Promise<void> {
  await batch(undefined, namespacesOf(t).map((ns) => `netns add ${ns}`));

  // The wire routes between nodes: each node's addresses and pods are behind its uplink.
  const wire = ["link set lo up"];
  for (const n of t.nodes) {
    const dev = `n${n.index}`;
    wire.push(`link add ${dev} type veth peer name ul netns ${n.ns}`, `link set ${dev} up`, `addr add ${NODE_GATEWAY}/32 dev ${dev}`);
    for (const ip of n.ips) wire.push(`route add ${ip}/32 dev ${dev}`);
    for (const p of n.pods) wire.push(`route add ${p.ip}/32 via ${n.ips[0]} dev ${dev}`);
  }
  await batch(t.wireNs, wire);

  // Each node: its addresses on the uplink, one routed veth per pod (gateway 169.254.1.1).
  await pool(t.nodes, 4, async (n) => {
    const lines = ["link set lo up", "link set ul up"];
    for (const ip of n.ips) lines.push(`addr add ${ip}/32 dev ul`);
    lines.push(`route add ${NODE_GATEWAY} dev ul scope link`, `route add default via ${NODE_GATEWAY} dev ul`);
    for (const p of n.pods) {
      const dev = `v${p.index}`;
      // `src`: node-originated traffic to its pods comes from the node address, not the gateway.
      lines.push(`link add ${dev} type veth peer name eth0 netns ${p.ns}`, `link set ${dev} up`, `addr add ${POD_GATEWAY}/32 dev ${dev}`, `route add ${p.ip}/32 dev ${dev} src ${n.ips[0]}`);
    }
    await batch(n.ns, lines);
  });

  // Denials are rejects (fast probes): lift the ICMP rate limits, or bursts of rejects would be
  // silently dropped and probes would wait for retransmits. These sysctls are per namespace.
  const routers = [t.wireNs, ...t.nodes.map((n) => n.ns)];
  const sysctls = ["net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0", "net.ipv4.icmp_ratelimit=0", "net.ipv4.icmp_msgs_per_sec=1000000", "net.ipv4.icmp_msgs_burst=1000000"];
  await pool(routers, 4, (ns) => must("ip", ["netns", "exec", ns, "sysctl", "-q", "-w", ...sysctls], undefined, `setting up forwarding in ${ns}`));

  await pool(t.pods, 8, (p) =>
    batch(p.ns, ["link set lo up", "link set eth0 up", `addr add ${p.ip}/32 dev eth0`, `route add ${POD_GATEWAY} dev eth0 scope link`, `route add default via ${POD_GATEWAY} dev eth0`]),
  );
}

/** Load one node's nftables script (the script replaces the lab's table atomically). */
export function applyRules(ns: string, script: string): Promise<string> {
  return must("ip", ["netns", "exec", ns, "nft", "-f", "-"], script, `loading the nftables rules in ${ns}`);
}
