// What an edit changes: which classes it can touch, and the flows it newly allows and blocks,
// by workload pair and port, counted in pod pairs.

import type { PolicyIR } from "../../model/ir.js";
import { selectorMatchesPod } from "../../engine/match.js";
import type { PolicyModel } from "../../engine/model.js";
import type { PodClass } from "./classes.js";
import { podCell, tally } from "./aggregate.js";
import type { Tally } from "./aggregate.js";
import type { DiffEntry, ViewData } from "./types.js";

const noSource = (k: string, v: unknown) => (k === "source" ? undefined : v);

/**
 * Everything about the cluster the engine reads, without positions: equal means same pods. The
 * mesh (membership and Istio's policies) is part of the cluster: an edit to it rebuilds.
 */
export function clusterFingerprint(model: PolicyModel): string {
  const c = model.cluster;
  const mesh = c.mesh && { ...c.mesh, members: [...c.mesh.members] };
  return JSON.stringify([[...c.namespaces.values()], c.pods, c.nodes, c.services, c.serviceAccounts, mesh], noSource);
}

function policyKeys(policies: readonly PolicyIR[]): Map<string, PolicyIR> {
  return new Map(policies.map((p) => [JSON.stringify(p, noSource), p]));
}

/**
 * A policy decides only the sides of the pods it selects: the rows (egress) and columns
 * (ingress) of classes selected by a policy that was added, removed or changed.
 */
export function affectedClasses(before: PolicyModel, after: PolicyModel, classes: readonly PodClass[]): { rows: Set<number>; cols: Set<number> } {
  const a = policyKeys(before.policies);
  const b = policyKeys(after.policies);
  const changed: [PolicyModel, PolicyIR][] = [...[...a].filter(([k]) => !b.has(k)).map(([, p]) => [before, p] as [PolicyModel, PolicyIR]), ...[...b].filter(([k]) => !a.has(k)).map(([, p]) => [after, p] as [PolicyModel, PolicyIR])];
  const rows = new Set<number>();
  const cols = new Set<number>();
  for (const [model, p] of changed)
    for (const c of classes) {
      if (!selectorMatchesPod(model, p.subject, c.pods[0]!)) continue;
      if (p.egress) rows.add(c.id);
      if (p.ingress) cols.add(c.id);
    }
  return { rows, cols };
}

const NONE: Tally = { allowed: 0, total: 0 };

export function diffViews(before: ViewData, after: ViewData): DiffEntry[] {
  const keys = [...new Set([...before.workloads.map((w) => w.key), ...after.workloads.map((w) => w.key)])].sort();
  const wb = new Map(before.workloads.map((w) => [w.key, w]));
  const wa = new Map(after.workloads.map((w) => [w.key, w]));
  const labels = [...new Set([...before.reach.ports.map((p) => p.label), ...after.reach.ports.map((p) => p.label)])];
  const pb = new Map(before.reach.ports.map((p, i) => [p.label, i]));
  const pa = new Map(after.reach.ports.map((p, i) => [p.label, i]));
  const out: DiffEntry[] = [];
  for (const s of keys)
    for (const d of keys)
      for (const port of labels) {
        const tb = count(before, wb.get(s)?.classes, wb.get(d)?.classes, pb.get(port));
        const ta = count(after, wa.get(s)?.classes, wa.get(d)?.classes, pa.get(port));
        if (ta.allowed === tb.allowed) continue; // nothing, or only the pod count, changed
        const pair = changedPair(before, after, wa.get(s)?.classes ?? wb.get(s)!.classes, wa.get(d)?.classes ?? wb.get(d)!.classes, wa.get(s) ? after : before, pb.get(port), pa.get(port));
        out.push({ src: s, dst: d, port, change: ta.allowed > tb.allowed ? "allowed" : "blocked", before: tb, after: ta, srcPod: pair[0], dstPod: pair[1] });
      }
  return out;
}

function count(v: ViewData, src: number[] | undefined, dst: number[] | undefined, port: number | undefined): Tally {
  if (!src || !dst || port === undefined) return NONE;
  return tally(v.reach, v.classes, src, dst, port);
}

/** A pod pair (by name) inside the two workloads whose cell differs before and after. */
function changedPair(before: ViewData, after: ViewData, sc: number[], dc: number[], owner: ViewData, portB: number | undefined, portA: number | undefined): [string, string] {
  let first: [string, string] | undefined;
  for (const s of sc)
    for (const d of dc) {
      const a = owner.classes[s]!.pods[0]!;
      const b = s === d ? (owner.classes[d]!.pods[1] ?? a) : owner.classes[d]!.pods[0]!;
      first ??= [a, b];
      const cb = portB === undefined ? "none" : podCell(before, a, b, portB);
      const ca = portA === undefined ? "none" : podCell(after, a, b, portA);
      if (cb !== ca) return [a, b];
    }
  return first!;
}
