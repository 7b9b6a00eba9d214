// mtls-not-strict: pods in the mesh whose mTLS mode is PERMISSIVE or DISABLE (SEMANTICS §5.5).
// PERMISSIVE, Istio's default, also accepts plaintext: a client outside the mesh connects
// without an identity, unencrypted. DISABLE makes even meshed clients send plaintext.
// One finding per cause: the PeerAuthentication field that sets the mode, or, where none
// applies, the namespace (the fix there is a namespace-wide PeerAuthentication).

import type { Pod } from "../../model/cluster.js";
import { originName } from "../../model/ir.js";
import { meshPresent } from "../../model/mesh.js";
import type { PeerAuthenticationIR } from "../../model/mesh.js";
import { meshMembership } from "../../engine/mesh.js";
import { modeSource, modeWords, nonStrictModes, strictFix } from "./mtls-fix.js";
import type { PodMode } from "./mtls-fix.js";
import { groupByWorkload, plural, podRelated, podSource, workloadKey } from "./subjects.js";
import type { LintCheck, RawFinding } from "./types.js";

interface Cause {
  pa?: PeerAuthenticationIR;
  /** Namespace of the pods, when no PeerAuthentication applies (one finding per namespace). */
  namespace?: string;
  port?: number;
  mode: string;
  pods: Pod[];
  ambient: boolean;
}

const workloads = (pods: readonly Pod[], max = 4) => {
  const names = groupByWorkload(pods).map((g) => workloadKey(g[0]!));
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
};

function effect(c: Cause): string {
  if (c.mode === "DISABLE")
    return c.ambient
      ? "DISABLE is not supported in ambient mode (ztunnel still uses mTLS between meshed pods), and plaintext from outside the mesh is accepted"
      : "their sidecars take plaintext only, so traffic to them is unencrypted and carries no identity, even from clients in the mesh";
  return "their proxies also accept plaintext, so clients outside the mesh connect unencrypted and without an identity, which AuthorizationPolicy identity fields (principals, namespaces) cannot see";
}

export const mtlsNotStrict: LintCheck = {
  id: "mtls-not-strict",
  severity: "warning",
  title: "Meshed workload whose mTLS mode is not STRICT",
  help: "A workload in the Istio mesh whose effective PeerAuthentication mode is PERMISSIVE (Istio's default) or DISABLE accepts plaintext: traffic is unencrypted and has no peer identity. Set `mtls.mode: STRICT` in a PeerAuthentication for the namespace (or the workload), once every client is in the mesh: STRICT rejects plaintext from pods outside it.",
  run(ctx) {
    const { model, objects } = ctx;
    if (!meshPresent(model.cluster.mesh)) return [];
    const causes = new Map<string, Cause>();
    for (const pod of model.cluster.pods) {
      const dataplane = meshMembership(model, pod).dataplane;
      if (dataplane === "none") continue;
      for (const m of nonStrictModes(model, pod)) {
        const pa = m.eff.policy;
        const key = pa ? `${originName(pa.origin)}|${m.port ?? ""}|${m.eff.mode}` : `ns:${pod.namespace}|${m.eff.mode}`;
        let c = causes.get(key);
        if (!c) causes.set(key, (c = { ...(pa ? { pa } : { namespace: pod.namespace }), ...(m.port !== undefined ? { port: m.port } : {}), mode: m.eff.mode, pods: [], ambient: false }));
        if (!c.pods.includes(pod)) c.pods.push(pod);
        if (dataplane === "ambient") c.ambient = true;
      }
    }
    const out: RawFinding[] = [];
    for (const c of causes.values()) {
      const mode: PodMode = { ...(c.port !== undefined ? { port: c.port } : {}), eff: { mode: c.mode as PodMode["eff"]["mode"], ...(c.pa ? { policy: c.pa } : {}), text: "" } };
      const who = `${plural(groupByWorkload(c.pods).length, "meshed workload")} (${workloads(c.pods)})`;
      const related = podRelated(c.pods, (p) => `${p.namespace}/${p.name} is in the mesh with mTLS ${modeWords(mode)}`);
      if (c.pa) {
        const at = modeSource(objects, c.pa, c.port);
        out.push({
          object: { kind: c.pa.origin.kind, namespace: c.pa.namespace, name: c.pa.origin.name },
          source: at.source,
          path: at.path,
          message: `${originName(c.pa.origin)} sets ${c.mode}${c.port !== undefined ? ` for port ${c.port}` : ""} for ${who}; ${effect(c)}.`,
          fix: strictFix(objects, c.pa.namespace, c.pa, c.port),
          related,
        });
      } else {
        const ns = model.cluster.namespaces.get(c.namespace!);
        out.push({
          object: { kind: "Namespace", name: c.namespace! },
          source: ns?.source ?? podSource(c.pods[0]!),
          message: `no PeerAuthentication applies to ${who} in namespace ${c.namespace}, so Istio's default PERMISSIVE holds; ${effect(c)}.`,
          fix: strictFix(objects, c.namespace!, undefined, undefined),
          related,
        });
      }
    }
    return out;
  },
};
