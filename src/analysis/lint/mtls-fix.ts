// Shared by the two mTLS checks: which mTLS modes a meshed pod actually has (its workload
// mode and any port-level override on its declared ports), where a PeerAuthentication field
// was written, and the PeerAuthentication snippet that makes the mode STRICT.

import type { Pod } from "../../model/cluster.js";
import type { Origin } from "../../model/ir.js";
import { originName } from "../../model/ir.js";
import type { FieldPath, LocatedObject } from "../../model/object.js";
import type { PeerAuthenticationIR } from "../../model/mesh.js";
import type { SourceRef } from "../../model/source.js";
import type { EffectiveMode } from "../../engine/mesh.js";
import { mtlsMode } from "../../engine/mesh.js";
import type { PolicyModel } from "../../engine/model.js";

export interface PodMode {
  /** Undefined: the workload's mode (every port without a port-level setting). */
  port?: number;
  eff: EffectiveMode;
}

/**
 * The pod's modes that are not STRICT. Port 0 is never a container port, so mtlsMode(…, 0)
 * is the workload-wide mode; a declared TCP port only counts where portLevelMtls changes it.
 */
export function nonStrictModes(model: PolicyModel, pod: Pod, ports?: readonly number[]): PodMode[] {
  const base = mtlsMode(model, pod, 0);
  const out: PodMode[] = [];
  const wanted = ports ?? pod.ports.filter((c) => c.protocol === "TCP").map((c) => c.port);
  if (!ports && base.mode !== "STRICT") out.push({ eff: base });
  for (const port of [...new Set(wanted)]) {
    const eff = mtlsMode(model, pod, port);
    if (eff.mode === "STRICT") continue;
    if (!ports && !eff.portLevel) continue; // same as the workload mode, already reported
    out.push({ port, eff });
  }
  return out;
}

/** The position of a field of an object of the input, or `fallback` when it is not there. */
export function locateField(objects: readonly LocatedObject[], origin: Origin, path: FieldPath, fallback?: SourceRef): SourceRef {
  const lo = objects.find((o) => {
    const md = (o.object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
    return o.object.kind === origin.kind && md.name === origin.name && (md.namespace ?? "default") === (origin.namespace ?? "default");
  });
  return lo ? lo.locate(path) : (fallback ?? origin.source ?? { file: "<unknown>", line: 0, col: 0 });
}

/** Where a PeerAuthentication sets the mode that applies (its mtls.mode, or the port's entry). */
export function modeSource(objects: readonly LocatedObject[], pa: PeerAuthenticationIR, port: number | undefined): { source: SourceRef; path: string } {
  if (port === undefined) return { source: locateField(objects, pa.origin, ["spec", "mtls", "mode"]), path: "spec.mtls.mode" };
  // The port key may be written `8000:` (a YAML number) or `'8000':` (a string), and the
  // locator compares keys as written: ask for both; the one found is the later line (an
  // ancestor always comes before the field).
  const at = [String(port), port].map((k) => locateField(objects, pa.origin, ["spec", "portLevelMtls", k, "mode"]));
  return { source: at[0]!.line >= at[1]!.line ? at[0]! : at[1]!, path: `spec.portLevelMtls.${port}.mode` };
}

const flowMap = (o: Record<string, unknown>) => `{${Object.entries(o).map(([k, v]) => `${k}: ${typeof v === "string" && /^[A-Za-z0-9._/-]+$/.test(v) ? v : JSON.stringify(v)}`).join(", ")}}`;

/** The selector of a PeerAuthentication as written, as YAML lines under `spec:`. */
function selectorLines(objects: readonly LocatedObject[], pa: PeerAuthenticationIR): string[] {
  const lo = objects.find((o) => o.object.kind === pa.origin.kind && (o.object.metadata as { name?: unknown } | undefined)?.name === pa.origin.name && (o.object.metadata as { namespace?: unknown } | undefined)?.namespace === pa.namespace);
  const sel = ((lo?.object.spec ?? {}) as { selector?: { matchLabels?: Record<string, unknown> } }).selector;
  if (sel?.matchLabels && typeof sel.matchLabels === "object") return ["  selector:", `    matchLabels: ${flowMap(sel.matchLabels)}`];
  return pa.selector ? ["  selector: ...   # unchanged"] : [];
}

/**
 * The fix: the PeerAuthentication that decided the mode, with STRICT where it said otherwise,
 * or a new namespace-wide one when Istio's default (PERMISSIVE) applies.
 */
export function strictFix(objects: readonly LocatedObject[], namespace: string, pa: PeerAuthenticationIR | undefined, port: number | undefined): string {
  const head = (name: string, ns: string) => ["apiVersion: security.istio.io/v1", "kind: PeerAuthentication", "metadata:", `  name: ${name}`, `  namespace: ${ns}`, "spec:"];
  if (!pa) return [`Once every client of namespace ${namespace} is in the mesh (STRICT rejects plaintext):`, ...head("default", namespace), "  mtls:", "    mode: STRICT"].join("\n");
  const body = port === undefined ? ["  mtls:", "    mode: STRICT"] : ["  portLevelMtls:", `    ${port}:`, "      mode: STRICT"];
  return [`In ${originName(pa.origin)}, once every client is in the mesh (STRICT rejects plaintext):`, ...head(pa.origin.name, pa.namespace), ...selectorLines(objects, pa), ...body].join("\n");
}

/** `PERMISSIVE (Istio's default)`, `DISABLE (PeerAuthentication bar/x)`, `PERMISSIVE on port 9001 (…)` */
export function modeWords(m: PodMode): string {
  return `${m.eff.mode}${m.port !== undefined ? ` on port ${m.port}` : ""} (${m.eff.policy ? originName(m.eff.policy.origin) : "Istio's default"})`;
}
