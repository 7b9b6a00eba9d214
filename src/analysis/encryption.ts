// Encryption in transit, per flow: mesh mTLS, node-to-node WireGuard or IPsec, or none.
// Mesh mTLS is the engine's own mtlsStatus (engine/mesh.ts): mutual TLS between the two
// proxies protects the flow end to end, so it comes first, before node encryption and before
// "same node". Node encryption is read from the CNI's own configuration objects when they are given:
// Calico FelixConfiguration `spec.wireguardEnabled` / `wireguardEnabledV6`, Cilium's ConfigMap
// `cilium-config` (`enable-wireguard`, `enable-ipsec`) and CiliumNodeConfig `spec.defaults`
// for the nodes its `nodeSelector` matches. Node encryption protects traffic between nodes
// only: two pods on the same node never put their traffic on the wire.

import type { Cluster, Node, Pod } from "../model/cluster.js";
import type { LocatedObject } from "../model/object.js";
import { matches } from "../model/labels.js";
import { formatSource } from "../model/source.js";
import { fromLabelSelector } from "../kinds/k8s-selector.js";
import { meshPresent } from "../model/mesh.js";
import type { MtlsStatus } from "../engine/verdict.js";

export type NodeMechanism = "wireguard" | "ipsec";
export type FlowEncryption = "mtls" | NodeMechanism | "same-node" | "none";

export interface EncryptionSource {
  object: string;
  at: string;
  setting: string;
  /** Nodes it covers; `all` for cluster-wide settings. */
  nodes: "all" | string[];
}

export interface NodeEncryption {
  sources: EncryptionSource[];
  /** Mechanisms per node name. */
  perNode: Map<string, Set<NodeMechanism>>;
  /** Whether the input has a mesh (a pod in it, or an Istio policy): then flows get an mTLS status. */
  mesh: boolean;
}

const on = (v: unknown) => v === true || v === "true";

function mechanismsOfCiliumSettings(data: Record<string, unknown>): [NodeMechanism, string][] {
  const out: [NodeMechanism, string][] = [];
  if (on(data["enable-wireguard"])) out.push(["wireguard", "enable-wireguard: true"]);
  if (on(data["enable-ipsec"])) out.push(["ipsec", "enable-ipsec: true"]);
  return out;
}

export function readNodeEncryption(objects: readonly LocatedObject[], cluster: Cluster): NodeEncryption {
  const perNode = new Map<string, Set<NodeMechanism>>(cluster.nodes.map((n) => [n.name, new Set()]));
  const sources: EncryptionSource[] = [];
  const add = (nodes: Node[] | "all", mech: NodeMechanism, lo: LocatedObject, path: string[], setting: string) => {
    const covered = nodes === "all" ? cluster.nodes : nodes;
    for (const n of covered) perNode.get(n.name)!.add(mech);
    sources.push({ object: objectLabel(lo), at: formatSource(lo.locate(path)), setting, nodes: nodes === "all" ? "all" : nodes.map((n) => n.name) });
  };
  for (const lo of objects) {
    const o = lo.object;
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const name = ((o.metadata ?? {}) as { name?: unknown }).name;
    const group = typeof o.apiVersion === "string" ? o.apiVersion.split("/")[0] : "";
    if (o.kind === "FelixConfiguration" && (group === "projectcalico.org" || group === "crd.projectcalico.org")) {
      // Only the `default` FelixConfiguration is cluster-wide; `node.<name>` ones are per node.
      const nodes = name === "default" ? "all" : typeof name === "string" && name.startsWith("node.") ? cluster.nodes.filter((n) => n.name === name.slice(5)) : [];
      if (on(spec.wireguardEnabled)) add(nodes, "wireguard", lo, ["spec", "wireguardEnabled"], "wireguardEnabled: true");
      else if (on(spec.wireguardEnabledV6)) add(nodes, "wireguard", lo, ["spec", "wireguardEnabledV6"], "wireguardEnabledV6: true");
    } else if (o.kind === "ConfigMap" && o.apiVersion === "v1" && name === "cilium-config") {
      const data = (o.data ?? {}) as Record<string, unknown>;
      for (const [mech, setting] of mechanismsOfCiliumSettings(data)) add("all", mech, lo, ["data", setting.split(":")[0]!], setting);
    } else if (o.kind === "CiliumNodeConfig" && group === "cilium.io") {
      const sel = fromLabelSelector(spec.nodeSelector);
      const nodes = cluster.nodes.filter((n) => matches(sel, n.labels));
      for (const [mech, setting] of mechanismsOfCiliumSettings((spec.defaults ?? {}) as Record<string, unknown>)) add(nodes, mech, lo, ["spec", "defaults", setting.split(":")[0]!], setting);
    }
  }
  return { sources, perNode, mesh: meshPresent(cluster.mesh) };
}

function objectLabel(lo: LocatedObject): string {
  const md = (lo.object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return `${String(lo.object.kind)} ${typeof md.namespace === "string" ? `${md.namespace}/` : ""}${String(md.name ?? "<unnamed>")}`;
}

export interface FlowProtection {
  encryption: FlowEncryption;
  /** Which protection, in words: the principal under mTLS, the nodes' mechanism, or why none. */
  detail: string;
}

/**
 * How one pod-to-pod flow is protected, and why. `mtls` is the flow's mesh status when the
 * input has a mesh: mutual TLS beats every other answer (it is end to end); plaintext in a
 * mesh falls back to what the nodes do, and the detail says why the mesh did not encrypt.
 */
export function flowProtection(enc: NodeEncryption, src: Pod, dst: Pod, mtls?: MtlsStatus): FlowProtection {
  if (mtls?.status === "mutual") return { encryption: "mtls", detail: `mutual TLS as ${mtls.principal} (${mtls.reason})` };
  const plain = mtls ? `; the mesh sends plaintext: ${mtls.reason}` : "";
  const e = flowEncryption(enc, src, dst);
  const nodes = `${src.nodeName ?? "any node"} -> ${dst.nodeName ?? "any node"}`;
  const words: Record<FlowEncryption, string> = {
    mtls: "mutual TLS",
    wireguard: `WireGuard between the nodes (${nodes})`,
    ipsec: `IPsec between the nodes (${nodes})`,
    "same-node": `both pods on node ${src.nodeName}: never on the wire`,
    none: src.nodeName && dst.nodeName ? `crosses nodes (${nodes}) with no node encryption` : `no node encryption, and the pods may be on different nodes (${nodes})`,
  };
  return { encryption: e, detail: `${words[e]}${plain}` };
}

/** How one pod-to-pod flow is protected on the wire by the nodes (no mesh). */
export function flowEncryption(enc: NodeEncryption, src: Pod, dst: Pod): FlowEncryption {
  if (src.nodeName && src.nodeName === dst.nodeName) return "same-node";
  const a = src.nodeName ? enc.perNode.get(src.nodeName) : undefined;
  const b = dst.nodeName ? enc.perNode.get(dst.nodeName) : undefined;
  // Unknown node: the flow is encrypted only if every node is (wherever the pod lands).
  const all = (m: NodeMechanism) => enc.perNode.size > 0 && [...enc.perNode.values()].every((s) => s.has(m));
  for (const m of ["wireguard", "ipsec"] as NodeMechanism[]) if ((a ? a.has(m) : all(m)) && (b ? b.has(m) : all(m))) return m;
  return "none";
}
