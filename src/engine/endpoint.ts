// The two ends of a flow. Host-network pods are resolved here, once, according to the
// profile: as their node (not selectable by pod selectors) or as ordinary pods.

import type { Node, Pod } from "../model/cluster.js";
import type { Protocol } from "../model/ir.js";
import type { HttpMatch } from "../model/ir.js";
import type { PolicyModel } from "./model.js";

export type Endpoint =
  | { kind: "pod"; pod: Pod; ip?: string }
  | { kind: "node"; node?: Node; ip?: string; hostPod?: Pod }
  | { kind: "external"; ip?: string; fqdn?: string };

/** The HTTP request on a flow (`--http`, `--host`, `--header`), for the L7 step and the mesh. */
export interface HttpRequest {
  method?: string;
  path?: string;
  host?: string;
  headers?: Record<string, string>;
}

/** A request header by name, case-insensitive as in HTTP; undefined when the request has none. */
export function requestHeader(req: HttpRequest | undefined, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(req?.headers ?? {})) if (k.toLowerCase() === n) return v;
  return undefined;
}

export interface Flow {
  src: Endpoint;
  dst: Endpoint;
  protocol: Protocol;
  port: number;
  /** A pod reaching itself: through its own IP (never policed) or its Service (hairpin). */
  selfVia?: "ip" | "service";
  http?: HttpRequest;
  dnsName?: string;
}

export type { HttpMatch };

export function podEndpoint(model: PolicyModel, pod: Pod): Endpoint {
  if (pod.hostNetwork && model.profile.settings.hostNetworkPods === "node") {
    const node = pod.nodeName ? model.index.node(pod.nodeName) : undefined;
    const ip = pod.ips[0] ?? node?.addresses[0];
    const byIp = ip ? model.index.byIP(ip) : undefined;
    return { kind: "node", node: node ?? byIp?.node, ip, hostPod: pod };
  }
  return { kind: "pod", pod, ip: pod.ips[0] };
}

/** An address: a pod's, a node's, or outside the cluster. */
export function ipEndpoint(model: PolicyModel, ip: string): Endpoint {
  const owner = model.index.byIP(ip);
  if (owner?.pod) return { ...podEndpoint(model, owner.pod), ip };
  if (owner?.node) return { kind: "node", node: owner.node, ip };
  return { kind: "external", ip };
}

export function describeEndpoint(e: Endpoint): string {
  switch (e.kind) {
    case "pod":
      return `${e.pod.namespace}/${e.pod.name}`;
    case "node":
      if (e.hostPod) return `${e.hostPod.namespace}/${e.hostPod.name} (host network on node ${e.node?.name ?? e.ip ?? "?"})`;
      return `node ${e.node?.name ?? ""}${e.node && e.ip ? ` (${e.ip})` : e.ip ?? ""}`;
    case "external":
      return e.fqdn ? `${e.fqdn}${e.ip ? ` (${e.ip})` : ""}` : `${e.ip ?? "?"} (outside the cluster)`;
  }
}
