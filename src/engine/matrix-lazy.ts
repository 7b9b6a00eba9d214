// The group matrix, one source row at a time: what `podwall matrix --out FILE` streams when the
// whole matrix (pods × pods × ports) is too large to hold. Same grouping, ordering and cell
// rule as computeMatrix (matrix.ts); each row is computed when it is written.

import type { Pod } from "../model/cluster.js";
import type { PolicyModel } from "./model.js";
import type { Cell, GroupBy, PortKey } from "./matrix.js";
import { declaredPorts, groupOf, pairAllowed, serves } from "./matrix.js";
import { fastAllowedFor } from "./fast-engine.js";
import { withMesh } from "./mesh-matrix.js";

export interface LazyMatrix {
  by: GroupBy;
  groups: string[];
  sizes: number[];
  ports: PortKey[];
  declaredPortsOnly: boolean;
  /** Cells of source group `source` at port index `port`, by destination group. */
  row(port: number, source: number): Cell[];
}

export function lazyMatrix(model: PolicyModel, opts: { by: GroupBy; ports?: PortKey[]; servedOnly?: boolean }): LazyMatrix {
  const by = opts.by;
  const pods = [...model.cluster.pods].sort((a, b) => groupOf(a, by).localeCompare(groupOf(b, by)) || a.name.localeCompare(b.name));
  const groups: string[] = [];
  const members: Pod[][] = [];
  let last: string | undefined;
  for (const p of pods) {
    const g = groupOf(p, by);
    if (g !== last) {
      groups.push(g);
      members.push([]);
      last = g;
    }
    members.at(-1)!.push(p);
  }
  const declaredPortsOnly = !opts.ports?.length || opts.servedOnly === true;
  const ports = opts.ports?.length ? opts.ports : declaredPorts(pods);
  // The bitset engine knows the L3/L4 tiers only: mesh-matrix.ts adds Istio's verdict.
  const fast = fastAllowedFor(model);
  const allowed = fast ? withMesh(model, fast) : pairAllowed;
  // Each group's destinations at a port, for the port being written (rows come port by port).
  let at: { pi: number; dsts: Pod[][] } | undefined;
  const destinations = (pi: number): Pod[][] => {
    if (at?.pi !== pi) {
      const k = ports[pi]!;
      at = { pi, dsts: declaredPortsOnly ? members.map((m) => m.filter((d) => serves(d, k))) : members };
    }
    return at.dsts;
  };
  return {
    by,
    groups,
    sizes: members.map((m) => m.length),
    ports,
    declaredPortsOnly,
    row(pi, si) {
      const k = ports[pi]!;
      return destinations(pi).map((dsts) => {
        let yes = 0;
        let no = 0;
        for (const s of members[si]!)
          for (const d of dsts) {
            if (allowed(model, s, d, k)) yes++;
            else no++;
          }
        return yes + no === 0 ? "none" : no === 0 ? "allow" : yes === 0 ? "deny" : "partial";
      });
    },
  };
}
