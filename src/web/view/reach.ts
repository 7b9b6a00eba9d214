// Reachability between classes, per port: the engine's own per-flow evaluation (evaluateSide),
// once per class pair, then the mesh as the engine's matrix adds it (withMesh). The egress
// side is evaluated first and the ingress side only when egress allows: a denied egress
// already decides the cell.

import type { Pod } from "../../model/cluster.js";
import { evaluateSide } from "../../engine/evaluate.js";
import { podEndpoint } from "../../engine/endpoint.js";
import type { Flow } from "../../engine/endpoint.js";
import { serves } from "../../engine/matrix.js";
import type { PortKey } from "../../engine/matrix.js";
import { withMesh } from "../../engine/mesh-matrix.js";
import type { PairAllowed } from "../../engine/mesh-matrix.js";
import type { PolicyModel } from "../../engine/model.js";
import type { PodClass } from "./classes.js";
import { CELL } from "./types.js";
import type { ReachView } from "./types.js";

/** The L3/L4 verdict: both sides, the ingress only when the egress allows. */
const sidesAllow: PairAllowed = (model, src, dst, k) => {
  const flow: Flow = { src: podEndpoint(model, src), dst: podEndpoint(model, dst), protocol: k.protocol, port: k.port, selfVia: "service" };
  return evaluateSide(model, flow, "egress").allowed && evaluateSide(model, flow, "ingress").allowed;
};

export interface ReachOptions {
  /** Recompute only cells whose source is in `rows` or destination in `cols`; copy the rest from `base`. */
  only?: { rows: Set<number>; cols: Set<number>; base: ReachView };
  /** Called after each source class, so a worker can report progress. */
  onRow?: (done: number, total: number) => void;
}

export function computeReach(model: PolicyModel, classes: PodClass[], ports: PortKey[], opts: ReachOptions = {}): ReachView {
  const C = classes.length;
  const cells = new Uint8Array(ports.length * C * C);
  const self = new Uint8Array(ports.length * C);
  const only = opts.only;
  if (only) {
    cells.set(only.base.cells);
    self.set(only.base.self);
  }
  const total = ports.length * C;
  let done = 0;
  // The mesh's verdicts are cached per key inside withMesh: one per computation.
  const allowed = withMesh(model, sidesAllow);
  const pairCell = (src: Pod, dst: Pod, k: PortKey) => (!serves(dst, k) ? CELL.none : allowed(model, src, dst, k) ? CELL.allow : CELL.deny);
  ports.forEach((k, pi) => {
    for (let s = 0; s < C; s++) {
      const src = classes[s]!.pods;
      const rowAll = !only || only.rows.has(s);
      if (rowAll || only!.cols.has(s)) self[pi * C + s] = pairCell(src[0]!, src[0]!, k);
      for (let d = 0; d < C; d++) {
        if (!rowAll && !only!.cols.has(d)) continue;
        const dst = classes[d]!.pods;
        // A class against itself: one member reaching another (if it has two or more).
        const other = s === d ? dst[1] : dst[0];
        cells[(pi * C + s) * C + d] = other ? pairCell(src[0]!, other, k) : CELL.none;
      }
      opts.onRow?.(++done, total);
    }
  });
  return { ports: ports.map((k) => ({ ...k, label: `${k.protocol}/${k.port}` })), classCount: C, cells, self };
}
