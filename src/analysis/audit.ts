// The audit: coverage in figures, each figure with the pods and flows behind it.
//
// - default deny per namespace and direction: every pod of the namespace is isolated in that
//   direction by an enforced policy (namespaces without pods are not counted);
// - pod pairs: ordered pairs of different pods, on the ports the destination declares; a pair
//   is allowed when at least one of those ports is;
// - the internet: the public addresses of probes.ts on one port per distinct rule behaviour;
// - the metadata endpoint: 169.254.169.254 on TCP/80;
// - kube-system beyond DNS: pods outside kube-system reaching kube-system pods on a declared
//   port other than 53;
// - exposed: pods reachable from a public address on a port they declare.

import type { Pod } from "../model/cluster.js";
import { podKey } from "../model/cluster.js";
import type { Direction, Origin } from "../model/ir.js";
import { DIRECTIONS, originName } from "../model/ir.js";
import type { LocatedObject } from "../model/object.js";
import { formatSource } from "../model/source.js";
import { evaluate } from "../engine/evaluate.js";
import { ipEndpoint, podEndpoint } from "../engine/endpoint.js";
import { pairAllowed } from "../engine/matrix.js";
import type { PortKey } from "../engine/matrix.js";
import type { PolicyModel } from "../engine/model.js";
import { flowEvidence } from "./evidence.js";
import type { FlowEvidence } from "./evidence.js";
import { flowProtection, readNodeEncryption } from "./encryption.js";
import { mtlsStatus } from "../engine/mesh.js";
import type { MtlsStatus } from "../engine/verdict.js";
import type { EncryptionSource, FlowEncryption } from "./encryption.js";
import { METADATA_IP, METADATA_PORT, groupByPolicies, internetAddresses, isolation, portProbes } from "./probes.js";

export const SYSTEM_NAMESPACE = "kube-system";

export interface PolicyRef {
  policy: string;
  at: string;
}

export interface PodFacts {
  pod: string;
  namespace: string;
  node: string | null;
  isolated: Record<Direction, { isolated: boolean; by: PolicyRef[] }>;
  /** The first allowed flow to the internet, if any. */
  internet: FlowEvidence | null;
  metadata: FlowEvidence | null;
  /** Allowed flows into kube-system beyond DNS (pods outside kube-system only). */
  kubeSystem: FlowEvidence[];
  /** Allowed flows from the internet to ports the pod declares. */
  exposed: FlowEvidence[];
}

export interface AllowedFlow {
  from: string;
  to: string;
  protocol: string;
  port: number;
  encryption: FlowEncryption;
  /** Which protection, in words (encryption.ts flowProtection). */
  encryptionDetail: string;
  /** The flow's mTLS status, when the input has a mesh. */
  mtls?: MtlsStatus;
}

export interface NamespaceFacts {
  name: string;
  pods: number;
  defaultDeny: Record<Direction, boolean>;
  /** Pods that are not isolated, per direction: why default deny is missing. */
  notIsolated: Record<Direction, string[]>;
}

export interface Figure {
  count: number;
  of: number;
  items: string[];
}

export interface AuditReport {
  profile: string;
  probes: { internet: string[]; metadata: string; ports: string };
  namespaces: NamespaceFacts[];
  pods: PodFacts[];
  figures: {
    defaultDeny: Record<Direction, Figure>;
    isolatedPods: Record<Direction, Figure>;
    podPairs: { allowed: number; of: number; share: number };
    flows: { allowed: number; of: number; share: number };
    internet: Figure;
    metadata: Figure;
    kubeSystem: Figure;
    exposed: Figure;
  };
  /** Every allowed pod-to-pod flow on a declared port, with how it is protected in transit. */
  allowedFlows: AllowedFlow[];
  encryption: {
    mesh: string;
    sources: EncryptionSource[];
    byMode: Record<FlowEncryption, number>;
  };
}

const policyRef = (o: Origin): PolicyRef => ({ policy: originName(o), at: formatSource(o.source) });
const share = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);
const figure = (items: string[], of: number): Figure => ({ count: items.length, of, items });

export function audit(model: PolicyModel, objects: readonly LocatedObject[]): AuditReport {
  const pods = [...model.cluster.pods].sort((a, b) => podKey(a).localeCompare(podKey(b)));
  const facts = new Map<Pod, PodFacts>();
  for (const pod of pods) {
    const iso = Object.fromEntries(DIRECTIONS.map((d) => {
      const i = isolation(model, pod, d);
      return [d, { isolated: i.isolated, by: i.by.map(policyRef) }];
    })) as PodFacts["isolated"];
    facts.set(pod, { pod: podKey(pod), namespace: pod.namespace, node: pod.nodeName ?? null, isolated: iso, internet: null, metadata: null, kubeSystem: [], exposed: [] });
  }

  // Egress to the internet and to the metadata endpoint: pods with the same egress policies
  // behave alike toward addresses outside the cluster, so one pod per group is evaluated.
  const internet = internetAddresses(model);
  const egressPorts = portProbes(model, "egress");
  for (const group of groupByPolicies(model, pods, "egress")) {
    const rep = podEndpoint(model, group[0]!);
    let hit: { ip: string; protocol: PortKey["protocol"]; port: number } | undefined;
    search: for (const ip of internet)
      for (const k of egressPorts)
        if (evaluate(model, { src: rep, dst: ipEndpoint(model, ip), protocol: k.protocol, port: k.port }).allowed) {
          hit = { ip, ...k };
          break search;
        }
    // Each member gets its own verdict for the flow found, so the evidence names it.
    for (const pod of group) {
      const f = facts.get(pod)!;
      const src = podEndpoint(model, pod);
      if (hit) f.internet = flowEvidence(evaluate(model, { src, dst: ipEndpoint(model, hit.ip), protocol: hit.protocol, port: hit.port }));
      const md = evaluate(model, { src, dst: ipEndpoint(model, METADATA_IP), ...METADATA_PORT });
      if (md.allowed) f.metadata = flowEvidence(md);
    }
  }

  // Ingress from the internet, on the ports each pod declares.
  for (const pod of pods)
    for (const cp of pod.ports) {
      for (const ip of internet) {
        const v = evaluate(model, { src: ipEndpoint(model, ip), dst: podEndpoint(model, pod), protocol: cp.protocol, port: cp.port });
        if (v.allowed) {
          facts.get(pod)!.exposed.push(flowEvidence(v));
          break;
        }
      }
    }

  // Pod to pod, on declared ports.
  const enc = readNodeEncryption(objects, model.cluster);
  const allowedFlows: AllowedFlow[] = [];
  let pairs = 0;
  let pairsAllowed = 0;
  let flows = 0;
  for (const s of pods)
    for (const d of pods) {
      if (s === d || d.ports.length === 0) continue;
      pairs++;
      let any = false;
      for (const cp of d.ports) {
        const k: PortKey = { protocol: cp.protocol, port: cp.port };
        flows++;
        if (!pairAllowed(model, s, d, k)) continue;
        any = true;
        const mtls = enc.mesh ? mtlsStatus(model, { src: podEndpoint(model, s), dst: podEndpoint(model, d), ...k }) : undefined;
        const p = flowProtection(enc, s, d, mtls);
        allowedFlows.push({ from: podKey(s), to: podKey(d), protocol: k.protocol, port: k.port, encryption: p.encryption, encryptionDetail: p.detail, ...(mtls ? { mtls } : {}) });
        if (d.namespace === SYSTEM_NAMESPACE && s.namespace !== SYSTEM_NAMESPACE && k.port !== 53)
          facts.get(s)!.kubeSystem.push(flowEvidence(evaluate(model, { src: podEndpoint(model, s), dst: podEndpoint(model, d), ...k, selfVia: "service" })));
      }
      if (any) pairsAllowed++;
    }

  const namespaces: NamespaceFacts[] = [];
  for (const ns of [...model.cluster.namespaces.keys()].sort()) {
    const members = pods.filter((p) => p.namespace === ns);
    if (!members.length) continue;
    const notIsolated = Object.fromEntries(DIRECTIONS.map((d) => [d, members.filter((p) => !facts.get(p)!.isolated[d].isolated).map(podKey)])) as Record<Direction, string[]>;
    namespaces.push({ name: ns, pods: members.length, defaultDeny: { ingress: notIsolated.ingress.length === 0, egress: notIsolated.egress.length === 0 }, notIsolated });
  }

  const all = [...facts.values()];
  const byMode: Record<FlowEncryption, number> = { mtls: 0, wireguard: 0, ipsec: 0, "same-node": 0, none: 0 };
  for (const f of allowedFlows) byMode[f.encryption]++;
  const apps = all.filter((f) => f.namespace !== SYSTEM_NAMESPACE);
  return {
    profile: model.profile.name,
    probes: {
      internet: internet,
      metadata: `${METADATA_IP} ${METADATA_PORT.protocol}/${METADATA_PORT.port}`,
      ports: `${egressPorts.length} port probes (every port bound the egress rules mention, the ports beside it, 1 and 65535, per protocol)`,
    },
    namespaces,
    pods: all,
    figures: {
      defaultDeny: Object.fromEntries(DIRECTIONS.map((d) => [d, figure(namespaces.filter((n) => n.defaultDeny[d]).map((n) => n.name), namespaces.length)])) as Record<Direction, Figure>,
      isolatedPods: Object.fromEntries(DIRECTIONS.map((d) => [d, figure(all.filter((f) => f.isolated[d].isolated).map((f) => f.pod), all.length)])) as Record<Direction, Figure>,
      podPairs: { allowed: pairsAllowed, of: pairs, share: share(pairsAllowed, pairs) },
      flows: { allowed: allowedFlows.length, of: flows, share: share(allowedFlows.length, flows) },
      internet: figure(all.filter((f) => f.internet).map((f) => f.pod), all.length),
      metadata: figure(all.filter((f) => f.metadata).map((f) => f.pod), all.length),
      kubeSystem: figure(apps.filter((f) => f.kubeSystem.length).map((f) => f.pod), apps.length),
      exposed: figure(all.filter((f) => f.exposed.length).map((f) => f.pod), all.length),
    },
    allowedFlows,
    encryption: {
      mesh: enc.mesh ? meshWords(model, allowedFlows) : "no mesh in the input (no pod in an Istio mesh, no Istio policy): no flow has mTLS",
      sources: enc.sources,
      byMode,
    },
  };
}

/** The mesh line of the encryption section: how many pods are in it and how many flows it encrypts. */
function meshWords(model: PolicyModel, flows: readonly AllowedFlow[]): string {
  const members = [...(model.cluster.mesh?.members.values() ?? [])];
  const count = (d: string) => members.filter((m) => m.dataplane === d).length;
  const mutual = flows.filter((f) => f.mtls?.status === "mutual").length;
  return `Istio mesh read from the input (${count("sidecar")} sidecar and ${count("ambient")} ambient pod(s) of ${members.length}, ${model.cluster.mesh?.peerAuthentication.length ?? 0} PeerAuthentication(s)): ${mutual} of ${flows.length} allowed flow(s) use mutual TLS`;
}
