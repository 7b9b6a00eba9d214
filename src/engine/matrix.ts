// The reachability matrix: every (source, destination) pair for each port, grouped by pod,
// workload or namespace. A group cell is allow when every pod pair in it is allowed, deny
// when none is, partial otherwise.

import type { Pod } from "../model/cluster.js";
import type { Protocol } from "../model/ir.js";
import { evaluate } from "./evaluate.js";
import { podEndpoint } from "./endpoint.js";
import type { PolicyModel } from "./model.js";
import { fastAllowedFor } from "./fast-engine.js";
import { withMesh } from "./mesh-matrix.js";

export type Cell = "allow" | "deny" | "partial" | "none"; // none: the destination does not serve the port
export type GroupBy = "pod" | "workload" | "namespace";

export interface PortKey {
  protocol: Protocol;
  port: number;
}

export interface Matrix {
  by: GroupBy;
  groups: string[];
  /** How many pods each group holds. */
  sizes: number[];
  ports: PortKey[];
  /** cells[port][source group][destination group] */
  cells: Cell[][][];
  /** Whether `ports` were given or read from the destinations' container ports. */
  declaredPortsOnly: boolean;
}

export function groupOf(p: Pod, by: GroupBy): string {
  if (by === "namespace") return p.namespace;
  if (by === "workload") return `${p.namespace}/${p.workload?.name ?? p.name}`;
  return `${p.namespace}/${p.name}`;
}

export function declaredPorts(pods: readonly Pod[]): PortKey[] {
  const seen = new Map<string, PortKey>();
  for (const p of pods) for (const cp of p.ports) seen.set(`${cp.protocol}/${cp.port}`, { protocol: cp.protocol, port: cp.port });
  return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** Whether a pod declares port k (a destination the matrix covers when ports are not given). */
export const serves = (p: Pod, k: PortKey): boolean => p.ports.some((cp) => cp.port === k.port && cp.protocol === k.protocol);

/** Per pod pair; the scale work (identities, bitsets) replaces the inner loop, not this contract. */
export function pairAllowed(model: PolicyModel, src: Pod, dst: Pod, k: PortKey): boolean {
  return evaluate(model, { src: podEndpoint(model, src), dst: podEndpoint(model, dst), protocol: k.protocol, port: k.port, selfVia: "service" }).allowed;
}

export interface MatrixOptions {
  ports?: PortKey[];
  by?: GroupBy;
  allowed?: typeof pairAllowed;
  /** Leave out destinations that do not declare the port (always so when `ports` is not given). */
  servedOnly?: boolean;
}

export function computeMatrix(model: PolicyModel, opts: MatrixOptions = {}): Matrix {
  const by = opts.by ?? "pod";
  const pods = [...model.cluster.pods].sort((a, b) => groupOf(a, by).localeCompare(groupOf(b, by)) || a.name.localeCompare(b.name));
  const groups: string[] = [];
  const members = new Map<string, Pod[]>();
  for (const p of pods) {
    const g = groupOf(p, by);
    if (!members.has(g)) {
      members.set(g, []);
      groups.push(g);
    }
    members.get(g)!.push(p);
  }
  const declaredPortsOnly = !opts.ports?.length || opts.servedOnly === true;
  const ports = opts.ports?.length ? opts.ports : declaredPorts(pods);
  // Default: identities and bitsets (fast-engine.ts); the per-pair evaluator stays the reference.
  // The bitset engine knows the L3/L4 tiers only: mesh-matrix.ts adds Istio's verdict.
  const fast = opts.allowed ? undefined : fastAllowedFor(model);
  const allowed = opts.allowed ?? (fast ? withMesh(model, fast) : pairAllowed);
  const cells = ports.map((k) => {
    // The destinations each group has for this port, filtered once rather than per pair.
    const targets = new Map(groups.map((g) => [g, declaredPortsOnly ? members.get(g)!.filter((d) => serves(d, k)) : members.get(g)!]));
    return groups.map((sg) =>
      groups.map((dg) => {
        let yes = 0;
        let no = 0;
        for (const s of members.get(sg)!)
          for (const d of targets.get(dg)!) {
            if (allowed(model, s, d, k)) yes++;
            else no++;
          }
        return yes + no === 0 ? "none" : no === 0 ? "allow" : yes === 0 ? "deny" : "partial";
      }),
    );
  });
  return { by, groups, sizes: groups.map((g) => members.get(g)!.length), ports, cells, declaredPortsOnly };
}
