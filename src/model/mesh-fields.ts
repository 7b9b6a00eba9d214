// The fields of an AuthorizationPolicy rule and what each one needs to be usable
// (SEMANTICS §5.3, §5.4): identity fields come from the peer certificate (mutual TLS only),
// HTTP fields from the request (HTTP traffic at a sidecar only). One table, read by the
// validator, the compiler and the engine.

import type { AuthzOperation, AuthzSource } from "./mesh.js";

/** `mtls`: derived from the peer certificate; `http`: from the HTTP request; `l4`: always known. */
export type Needs = "mtls" | "http" | "l4";

export const SOURCE_FIELDS: { name: keyof AuthzSource & string; not: string; needs: Needs }[] = [
  { name: "principals", not: "notPrincipals", needs: "mtls" },
  { name: "requestPrincipals", not: "notRequestPrincipals", needs: "http" },
  { name: "namespaces", not: "notNamespaces", needs: "mtls" },
  { name: "serviceAccounts", not: "notServiceAccounts", needs: "mtls" },
  { name: "ipBlocks", not: "notIpBlocks", needs: "l4" },
  { name: "remoteIpBlocks", not: "notRemoteIpBlocks", needs: "l4" },
];

export const OPERATION_FIELDS: { name: keyof AuthzOperation & string; not: string; needs: Needs }[] = [
  { name: "hosts", not: "notHosts", needs: "http" },
  { name: "ports", not: "notPorts", needs: "l4" },
  { name: "methods", not: "notMethods", needs: "http" },
  { name: "paths", not: "notPaths", needs: "http" },
];

/** Condition keys (istio/istio pilot/pkg/security/authz/model/model.go), by what they need. */
const EXACT_KEYS: Record<string, Needs> = {
  "source.ip": "l4",
  "remote.ip": "l4",
  "source.namespace": "mtls",
  "source.principal": "mtls",
  "source.serviceAccount": "mtls",
  "request.auth.principal": "http",
  "request.auth.audiences": "http",
  "request.auth.presenter": "http",
  "destination.ip": "l4",
  "destination.port": "l4",
  "connection.sni": "l4",
};

/** What a condition key needs; `l4` for experimental.* keys podwall does not evaluate. */
export function conditionNeeds(key: string): Needs {
  if (key.startsWith("request.headers[") || key.startsWith("request.auth.claims[")) return "http";
  return EXACT_KEYS[key] ?? "l4";
}

export function conditionKeyProblem(key: string): string | undefined {
  if (Object.hasOwn(EXACT_KEYS, key)) return undefined;
  if (/^request\.headers\[[^\]]+\]$/.test(key) || /^request\.auth\.claims\[.+\]$/.test(key)) return undefined;
  if (key.startsWith("experimental.envoy.filters.")) return undefined;
  return `unknown condition key "${key}" (known: ${Object.keys(EXACT_KEYS).join(", ")}, request.headers[NAME], request.auth.claims[NAME], experimental.envoy.filters.*); istiod rejects the policy`;
}
