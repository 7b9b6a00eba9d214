// Text that names a set of endpoints, for assert and replay's CSV: everything
// resolveEndpoint reads (ns/pod, ns/workload, ns/key=value, an address, fqdn:NAME) plus
//   ns  or  ns/*          every pod of a namespace
//   ns/k=v,k2=v2 · */k=v  pods with all these labels, in one namespace or in every one
//   10.0.0.0/8            addresses outside the cluster in that block: one per distinct
//                         behaviour of the rules' CIDR bounds, plus its first and last address
//   internet              the public addresses of probes.ts

import type { Pod } from "../model/cluster.js";
import { cidrContains, cidrLast, formatIP, parseCidr, parseIP } from "../model/ip.js";
import { ipEndpoint, podEndpoint } from "../engine/endpoint.js";
import { resolveEndpoint } from "../engine/resolve.js";
import type { Resolved, ResolveResult } from "../engine/resolve.js";
import type { PolicyModel } from "../engine/model.js";
import { internetAddresses } from "./probes.js";
import { allRules, cidrPeers } from "./lint/subjects.js";

const pods = (model: PolicyModel, list: Pod[], as: string): ResolveResult => ({ ok: true, value: { endpoints: list.map((p) => podEndpoint(model, p)), as } });

export function resolveSpec(model: PolicyModel, text: string): ResolveResult {
  const t = text.trim();
  if (t === "internet" || t === "world") return { ok: true, value: { endpoints: internetAddresses(model).map((ip) => ipEndpoint(model, ip)), as: "internet" } };
  const cidr = parseCidr(t);
  if (cidr) return cidrSpec(model, t);
  if (!t.includes("/") && !parseIP(t) && !t.startsWith("fqdn:")) {
    if (!model.cluster.namespaces.has(t)) return { ok: false, error: `"${t}": no namespace of that name (expected NS, NS/POD, NS/WORKLOAD, NS/key=value, a CIDR, an address, internet)` };
    return pods(model, model.cluster.pods.filter((p) => p.namespace === t), `namespace ${t}`);
  }
  const slash = t.indexOf("/");
  const ns = t.slice(0, slash);
  const rest = t.slice(slash + 1);
  if (slash > 0 && rest === "*") return resolveSpec(model, ns);
  if (slash > 0 && (ns === "*" || rest.includes(","))) {
    const terms = rest.split(",").map((kv) => kv.split("=").map((s) => s.trim()));
    if (terms.some((kv) => kv.length !== 2 || !kv[0])) return { ok: false, error: `"${t}": expected NS/key=value[,key=value] or */key=value` };
    if (ns !== "*" && !model.cluster.namespaces.has(ns)) return { ok: false, error: `namespace "${ns}" is not in the model` };
    const list = model.cluster.pods.filter((p) => (ns === "*" || p.namespace === ns) && terms.every(([k, v]) => p.labels[k!] === v));
    if (!list.length) return { ok: false, error: `no pod ${ns === "*" ? "in any namespace" : `in ${ns}`} has labels ${rest}` };
    return pods(model, list, `labels ${rest}${ns === "*" ? " in every namespace" : ` in ${ns}`}`);
  }
  return resolveEndpoint(model, t);
}

function cidrSpec(model: PolicyModel, text: string): ResolveResult {
  const c = parseCidr(text)!;
  const last = cidrLast(c);
  const points = new Set<bigint>([c.base, last]);
  for (const { rule } of allRules(model.policies))
    for (const peer of cidrPeers(rule.peer))
      for (const b of [peer.cidr, ...peer.except]) {
        const x = parseCidr(b);
        if (!x || x.family !== c.family) continue;
        for (const v of [x.base - 1n, x.base, cidrLast(x), cidrLast(x) + 1n]) if (v >= c.base && v <= last) points.add(v);
      }
  const ips = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((v) => formatIP({ family: c.family, value: v }));
  // Addresses of pods and nodes are theirs, not "the block": name them by pod or node instead.
  const outside = ips.filter((ip) => !model.index.byIP(ip) && cidrContains(c, parseIP(ip)!));
  if (!outside.length) return { ok: false, error: `"${text}": every probed address in the block belongs to a pod or node; name those instead` };
  const value: Resolved = { endpoints: outside.map((ip) => ipEndpoint(model, ip)), as: `CIDR ${text} (${outside.length} address(es): ${outside.slice(0, 4).join(", ")}${outside.length > 4 ? ", …" : ""})` };
  return { ok: true, value };
}
