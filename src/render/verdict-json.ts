// Verdicts as plain JSON: endpoints by name, no object graphs.

import { describeEndpoint } from "../engine/endpoint.js";
import type { Endpoint } from "../engine/endpoint.js";
import type { Verdict } from "../engine/verdict.js";

export function endpointJson(e: Endpoint): Record<string, unknown> {
  switch (e.kind) {
    case "pod":
      return { kind: "pod", namespace: e.pod.namespace, name: e.pod.name, ip: e.ip ?? null, fromTemplate: e.pod.fromTemplate ?? false };
    case "node":
      return { kind: "node", node: e.node?.name ?? null, ip: e.ip ?? null, hostNetworkPod: e.hostPod ? `${e.hostPod.namespace}/${e.hostPod.name}` : null };
    case "external":
      return { kind: "external", ip: e.ip ?? null, fqdn: e.fqdn ?? null };
  }
}

export function verdictJson(v: Verdict): Record<string, unknown> {
  return {
    from: describeEndpoint(v.flow.src),
    to: describeEndpoint(v.flow.dst),
    source: endpointJson(v.flow.src),
    destination: endpointJson(v.flow.dst),
    protocol: v.flow.protocol,
    port: v.flow.port,
    allowed: v.allowed,
    summary: v.summary,
    egress: v.egress,
    ingress: v.ingress,
    l7: v.l7 ?? null,
    mesh: v.mesh ?? null,
    ...(v.flow.http ? { http: v.flow.http } : {}),
    ...(v.flow.dnsName !== undefined ? { dnsName: v.flow.dnsName } : {}),
  };
}
