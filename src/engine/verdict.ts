// What the engine answers: a verdict per side and for the flow, each with its trace.

import type { Action, Direction, Origin } from "../model/ir.js";
import type { SourceRef } from "../model/source.js";
import type { Flow } from "./endpoint.js";

export type StepEvent =
  | "matched" // a rule matched (its action says what it did)
  | "also-matched" // another allow rule in a union tier that matched too
  | "ambiguous" // a policy of the same priority also matches with another action: the API leaves the order undefined
  | "isolated" // the tier denied at its end: the pod is isolated and nothing allowed
  | "passed-through" // the tier had policies but none decided; evaluation goes on
  | "ignored" // a policy the CNI profile does not enforce
  | "exempt" // the profile exempts this traffic (own node, own IP, …)
  | "default" // no tier decided
  | "not-applicable" // this side has no pod policy (external, node)
  | "l7" // the L7 step: requests (HTTP, DNS) checked against the allowing rules' L7 rules (l7.ts)
  | "mesh"; // the mesh layer: mTLS and Istio authorization at the destination's proxy (mesh.ts)

export interface TraceStep {
  event: StepEvent;
  tier?: string;
  policy?: Origin;
  action?: Action;
  rulePath?: string;
  ruleSource?: SourceRef;
  text: string;
}

export interface SideVerdict {
  direction: Direction;
  allowed: boolean;
  /** Tier that decided, or `default`, `exempt`, `not-applicable`. */
  decidedBy: string;
  /** Pod policies that select the pod in this direction and isolate it. */
  isolatedBy: Origin[];
  steps: TraceStep[];
  summary: string;
}

export interface Verdict {
  flow: Flow;
  allowed: boolean;
  egress: SideVerdict;
  ingress: SideVerdict;
  summary: string;
  /** The L7 step, when L7 rules or L7 attributes are involved (l7.ts). */
  l7?: L7Verdict;
  /** The mesh layer (mesh.ts), when the input has a mesh: mTLS status and Istio authorization. */
  mesh?: MeshVerdict;
}

/** A flow's transport security: mutual TLS with the source's SPIFFE principal, or plaintext. */
export interface MtlsStatus {
  status: "mutual" | "plaintext";
  /** `trust-domain/ns/NS/sa/SA`, only under mutual TLS. */
  principal?: string;
  /** The destination's effective PeerAuthentication mode for the port, when it is in the mesh. */
  mode?: "STRICT" | "PERMISSIVE" | "DISABLE";
  reason: string;
}

/** The mesh layer's word on a flow: a separate layer that must allow too (SEMANTICS §0.4). */
export interface MeshVerdict {
  mtls: MtlsStatus;
  /** `not-enforced`: no proxy on the destination side sees this traffic. */
  status: "allowed" | "denied" | "not-enforced";
  allowed: boolean;
  /** peer-authentication, custom, deny, allow, no-allow-policy, not-in-mesh, not-proxied. */
  decidedBy: string;
  steps: TraceStep[];
  summary: string;
}

/** Requests on an allowed connection: allowed, denied (HTTP 403 / DNS refused), or filtered. */
export interface L7Verdict {
  /** `filtered`: no request was given and the allowing rules restrict requests. */
  status: "allowed" | "denied" | "filtered" | "unrestricted";
  /** False only when the request (or, for toFQDNs, the name lookup) is refused. */
  allowed: boolean;
  steps: TraceStep[];
  summary: string;
}
