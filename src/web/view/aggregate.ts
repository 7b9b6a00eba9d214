// Reachability summed over groups of classes: the namespace and workload levels of the
// matrix and the graph's edges. Pure and engine-free, so the page can run it on the data the
// worker sent. A group cell counts pod pairs: allow when all allowed, deny when none, partial.

import { CELL, CELL_NAMES } from "./types.js";
import type { CellName, ClassView, ReachView, ViewData } from "./types.js";

export interface Tally {
  allowed: number;
  total: number;
}

export function cellOf(t: Tally): CellName {
  if (t.total === 0) return "none";
  if (t.allowed === t.total) return "allow";
  return t.allowed === 0 ? "deny" : "partial";
}

function add(t: Tally, code: number, pairs: number): void {
  if (code === CELL.none || pairs === 0) return;
  t.total += pairs;
  if (code === CELL.allow) t.allowed += pairs;
}

/** The port indexes a filter covers: one, or every port (null). */
export const portIndexes = (reach: ReachView, port: number | null): number[] => (port === null ? reach.ports.map((_, i) => i) : [port]);

/** Pod pairs from `src` classes to `dst` classes on one port index, or every port (null). */
export function tally(reach: ReachView, classes: readonly ClassView[], src: readonly number[], dst: readonly number[], port: number | null): Tally {
  const t: Tally = { allowed: 0, total: 0 };
  const C = reach.classCount;
  for (const p of portIndexes(reach, port))
    for (const s of src) {
      const ns = classes[s]!.pods.length;
      const row = (p * C + s) * C;
      for (const d of dst) {
        if (s === d) {
          add(t, reach.self[p * C + s]!, ns);
          add(t, reach.cells[row + d]!, ns * (ns - 1));
        } else add(t, reach.cells[row + d]!, ns * classes[d]!.pods.length);
      }
    }
  return t;
}

/** One pod to another (`ns/name` each) on one port index. */
export function podCell(view: ViewData, srcPod: string, dstPod: string, port: number): CellName {
  const cs = classOfPod(view, srcPod);
  const cd = classOfPod(view, dstPod);
  if (cs === undefined || cd === undefined) return "none";
  const C = view.reach.classCount;
  const code = srcPod === dstPod ? view.reach.self[port * C + cs]! : view.reach.cells[(port * C + cs) * C + cd]!;
  return CELL_NAMES[code]!;
}

const podIndex = new WeakMap<ViewData, Map<string, number>>();
export function classOfPod(view: ViewData, pod: string): number | undefined {
  let m = podIndex.get(view);
  if (!m) {
    m = new Map();
    for (const c of view.classes) for (const p of c.pods) m.set(p, c.id);
    podIndex.set(view, m);
  }
  return m.get(pod);
}

export const workloadClasses = (view: ViewData, ids: readonly number[]): number[] => ids.flatMap((w) => view.workloads[w]!.classes);
export const namespaceClasses = (view: ViewData, ns: string): number[] => workloadClasses(view, view.namespaces.find((n) => n.name === ns)?.workloads ?? []);

export interface Edge {
  src: number;
  dst: number;
  /** Port labels with at least one allowed pod pair. */
  ports: string[];
  cell: CellName;
}

/**
 * The ports (labels) on which some pod pair from `src` classes to `dst` classes is allowed, and
 * the cell over those ports only: partial when some pod pairs are denied on a port the edge
 * shows. Undefined when no port has an allowed pair.
 */
function openEdge(view: ViewData, src: readonly number[], dst: readonly number[], ports: readonly number[]): { ports: string[]; cell: CellName } | undefined {
  const open: string[] = [];
  const sum: Tally = { allowed: 0, total: 0 };
  for (const p of ports) {
    const t = tally(view.reach, view.classes, src, dst, p);
    if (t.allowed === 0) continue;
    sum.allowed += t.allowed;
    sum.total += t.total;
    open.push(view.reach.ports[p]!.label);
  }
  return open.length ? { ports: open, cell: cellOf(sum) } : undefined;
}

/**
 * Workload-to-workload edges from `srcIds` to `dstIds` (default: the same): every pair with an
 * allowed pod pair on `port` (index, or null for any port). Self edges are left out.
 */
export function workloadEdges(view: ViewData, srcIds: readonly number[], port: number | null, dstIds: readonly number[] = srcIds): Edge[] {
  const edges: Edge[] = [];
  const ports = portIndexes(view.reach, port);
  for (const s of srcIds)
    for (const d of dstIds) {
      if (s === d) continue;
      const e = openEdge(view, view.workloads[s]!.classes, view.workloads[d]!.classes, ports);
      if (e) edges.push({ src: s, dst: d, ...e });
    }
  return edges;
}

/** Namespace-to-namespace edges: every pair with an allowed pod pair. */
export function namespaceEdges(view: ViewData, port: number | null): { src: string; dst: string; ports: string[]; cell: CellName }[] {
  const out: { src: string; dst: string; ports: string[]; cell: CellName }[] = [];
  const cls = new Map(view.namespaces.map((n) => [n.name, namespaceClasses(view, n.name)]));
  const ports = portIndexes(view.reach, port);
  for (const a of view.namespaces)
    for (const b of view.namespaces) {
      if (a.name === b.name) continue;
      const e = openEdge(view, cls.get(a.name)!, cls.get(b.name)!, ports);
      if (e) out.push({ src: a.name, dst: b.name, ...e });
    }
  return out;
}
