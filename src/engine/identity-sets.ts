// Selectors and peers as bitsets over identities, each evaluated once on representatives
// with the same matchers the per-flow evaluator uses (match.ts), so the two cannot disagree.

import type { PeerExpr, PodSelector } from "../model/ir.js";
import type { LabelExpr } from "../model/labels.js";
import type { Pod } from "../model/cluster.js";
import { namespaceMatches, peerMatches, selectorMatchesPod } from "./match.js";
import type { PolicyModel } from "./model.js";
import type { Identities } from "./identity.js";
import type { Bitset } from "./bitset.js";
import { add, and, andNot, emptySet, fullSet, or } from "./bitset.js";

const jsonKeys = new WeakMap<object, string>();
export function keyOf(o: object): string {
  let k = jsonKeys.get(o);
  if (k === undefined) jsonKeys.set(o, (k = JSON.stringify(o)));
  return k;
}

/** Whether a peer's answer depends on the subject's node (host / remote-node entities). */
function dependsOnNode(p: PeerExpr): boolean {
  switch (p.type) {
    case "entity":
      return p.entity === "host" || p.entity === "remote-node";
    case "and":
    case "or":
      return p.peers.some(dependsOnNode);
    case "not":
      return dependsOnNode(p.peer);
    default:
      return false;
  }
}

export class IdentitySets {
  readonly n: number;
  readonly all: Bitset;
  readonly podKind: Bitset;
  private readonly selectors = new Map<string, Bitset>();
  private readonly peers = new Map<string, Bitset>();
  private readonly nsMatches = new Map<string, string[]>();
  private readonly nodeDependent = new WeakMap<PeerExpr, boolean>();
  private readonly atoms: Int32Array;

  constructor(
    readonly model: PolicyModel,
    readonly ids: Identities,
  ) {
    this.n = ids.list.length;
    this.all = fullSet(this.n);
    this.podKind = emptySet(this.n);
    this.atoms = new Int32Array(this.n);
    for (const id of ids.list) {
      if (id.kind === "pod") add(this.podKind, id.index);
      this.atoms[id.index] = ids.vocabulary.cidrs.size ? ids.vocabulary.cidrs.atomOf(id.endpoint.ip) : -1;
    }
  }

  /** Identities a pod selector selects (as a subject or a peer; the kind filter is the caller's). */
  selector(sel: PodSelector): Bitset {
    const key = keyOf(sel);
    let b = this.selectors.get(key);
    if (b) return b;
    b = emptySet(this.n);
    const candidates = sel.namespace.type === "name" ? (this.ids.byNamespace.get(sel.namespace.name) ?? []) : this.namespacesMatching(sel).flatMap((ns) => this.ids.byNamespace.get(ns) ?? []);
    for (const i of candidates) if (selectorMatchesPod(this.model, sel, this.ids.list[i]!.rep)) add(b, i);
    this.selectors.set(key, b);
    return b;
  }

  private namespacesMatching(sel: PodSelector): string[] {
    const key = keyOf(sel.namespace);
    let list = this.nsMatches.get(key);
    if (!list) {
      const ns = sel.namespace;
      const candidates = (ns.type !== "name" && this.candidates(ns.expr)) || [...this.ids.byNamespace.keys()];
      list = candidates.filter((n) => namespaceMatches(this.model, ns, n));
      this.nsMatches.set(key, list);
    }
    return list;
  }

  private labelIndex?: Map<string, string[]>;
  /**
   * Namespaces that can match a label expression, from an index of their labels: eq and in
   * name their values, and needs every part; anything else gives no bound (undefined). Only a
   * pre-filter: the matcher still decides (thousands of namespace selectors × 10,000 namespaces).
   */
  private candidates(e: LabelExpr): string[] | undefined {
    switch (e.op) {
      case "eq":
        return this.withLabel(e.key, e.value);
      case "in":
        return [...new Set(e.values.flatMap((v) => this.withLabel(e.key, v)))];
      case "and": {
        let best: string[] | undefined;
        for (const x of e.exprs) {
          const c = this.candidates(x);
          if (c && (!best || c.length < best.length)) best = c;
        }
        return best;
      }
      default:
        return undefined;
    }
  }

  private withLabel(key: string, value: string): string[] {
    if (!this.labelIndex) {
      this.labelIndex = new Map();
      for (const ns of this.ids.byNamespace.keys()) {
        const labels = this.model.index.namespace(ns)?.labels ?? { "kubernetes.io/metadata.name": ns };
        for (const [k, v] of Object.entries(labels)) {
          const at = `${k}\u0000${v}`;
          const list = this.labelIndex.get(at);
          if (list) list.push(ns);
          else this.labelIndex.set(at, [ns]);
        }
      }
    }
    return this.labelIndex.get(`${key}\u0000${value}`) ?? [];
  }

  /** Identities a rule's peer matches, for a subject on `subject`'s node. */
  peer(p: PeerExpr, subject: Pod): Bitset {
    let nd = this.nodeDependent.get(p);
    if (nd === undefined) this.nodeDependent.set(p, (nd = dependsOnNode(p)));
    const key = nd ? `${keyOf(p)}@${subject.nodeName ?? ""}` : keyOf(p);
    let b = this.peers.get(key);
    if (b) return b;
    b = this.computePeer(p, subject);
    this.peers.set(key, b);
    return b;
  }

  private computePeer(p: PeerExpr, subject: Pod): Bitset {
    switch (p.type) {
      case "any":
        return this.all;
      case "pods":
        return and(this.selector(p.selector), this.podKind);
      case "and":
        return p.peers.reduce((acc, q) => and(acc, this.peer(q, subject)), this.all);
      case "or":
        return p.peers.reduce((acc, q) => or(acc, this.peer(q, subject)), emptySet(this.n));
      case "not":
        return andNot(this.all, this.peer(p.peer, subject));
      default:
        return this.leaf(p, subject);
    }
  }

  /**
   * CIDR, node, entity and FQDN peers: a pod-kind identity's answer depends only on its CIDR
   * atom (pods are not nodes, entities or names), so one representative per atom answers;
   * node-kind identities (host-network pods) are few and asked one by one.
   */
  private leaf(p: PeerExpr, subject: Pod): Bitset {
    const b = emptySet(this.n);
    const byAtom = new Map<number, boolean>();
    const ctx = { model: this.model, subject };
    for (const id of this.ids.list) {
      let yes: boolean;
      if (id.kind === "node") yes = peerMatches(p, id.endpoint, ctx);
      else {
        const atom = p.type === "cidr" ? this.atoms[id.index]! : -3;
        let r = byAtom.get(atom);
        if (r === undefined) byAtom.set(atom, (r = peerMatches(p, id.endpoint, ctx)));
        yes = r;
      }
      if (yes) add(b, id.index);
    }
    return b;
  }
}
