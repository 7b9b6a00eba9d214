// Text that names one end of a flow → endpoints. `ns/pod`, `ns/workload`, `ns/key=value`,
// an IP address, or `fqdn:name` (a destination outside the cluster by DNS name).

import type { Pod } from "../model/cluster.js";
import { parseIP } from "../model/ip.js";
import { ipEndpoint, podEndpoint } from "./endpoint.js";
import type { Endpoint } from "./endpoint.js";
import type { PolicyModel } from "./model.js";

export interface Resolved {
  endpoints: Endpoint[];
  /** How the text was read: `pod`, `workload Deployment web`, `label app=web`, … */
  as: string;
}

export type ResolveResult = { ok: true; value: Resolved } | { ok: false; error: string };

export function resolveEndpoint(model: PolicyModel, text: string, opts: { resolvesTo?: string } = {}): ResolveResult {
  const t = text.trim();
  if (t.startsWith("fqdn:")) {
    const name = t.slice(5);
    if (!/^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9.])?$/.test(name)) return { ok: false, error: `"${name}" is not a DNS name` };
    return { ok: true, value: { endpoints: [{ kind: "external", fqdn: name, ip: opts.resolvesTo }], as: "DNS name" } };
  }
  if (parseIP(t)) return { ok: true, value: { endpoints: [ipEndpoint(model, t)], as: "address" } };
  const slash = t.indexOf("/");
  if (slash <= 0) return { ok: false, error: `"${text}": expected NAMESPACE/POD, NAMESPACE/WORKLOAD, NAMESPACE/label=value, an IP address or fqdn:NAME` };
  const ns = t.slice(0, slash);
  const rest = t.slice(slash + 1);
  if (!model.cluster.namespaces.has(ns)) return { ok: false, error: `namespace "${ns}" is not in the model` };
  const inNs = model.cluster.pods.filter((p) => p.namespace === ns);
  const eq = rest.indexOf("=");
  if (eq > 0) {
    const key = rest.slice(0, eq);
    const value = rest.slice(eq + 1);
    const pods = inNs.filter((p) => p.labels[key] === value);
    if (!pods.length) return { ok: false, error: `no pod in ${ns} has label ${key}=${value}` };
    return { ok: true, value: { endpoints: pods.map((p) => podEndpoint(model, p)), as: `label ${key}=${value}` } };
  }
  const pod = inNs.find((p) => p.name === rest);
  if (pod) return { ok: true, value: { endpoints: [podEndpoint(model, pod)], as: pod.fromTemplate ? `pod template of ${pod.workload?.kind} ${rest}` : "pod" } };
  const owned = inNs.filter((p: Pod) => p.workload?.name === rest);
  if (owned.length) return { ok: true, value: { endpoints: owned.map((p) => podEndpoint(model, p)), as: `${owned[0]!.workload!.kind} ${rest}` } };
  const near = inNs.map((p) => p.name).filter((n) => n.includes(rest) || rest.includes(n)).slice(0, 3);
  return { ok: false, error: `no pod or workload "${rest}" in namespace ${ns}${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}` };
}
