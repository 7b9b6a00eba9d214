// The shape every policy kind follows: one module per kind (DESIGN.md "The shapes that repeat").

import type { Cluster } from "../model/cluster.js";
import type { PolicyIR } from "../model/ir.js";
import type { LocatedObject, KubeObject } from "../model/object.js";
import type { Diagnostic } from "../model/source.js";

export interface CompileContext {
  cluster: Cluster;
  /** Every object loaded, for kinds that refer to others (Calico network sets, tiers, …). */
  objects: readonly LocatedObject[];
}

export interface PolicyKind {
  /** Short, stable: `networkpolicy`. */
  id: string;
  /** apiVersion/kind pairs it reads, for `podwall validate` and docs. */
  handles: string[];
  accepts(obj: KubeObject): boolean;
  /** API-server-grade checks, with positions. Errors make the object unusable. */
  validate(obj: LocatedObject): Diagnostic[];
  /** Into the shared IR, nothing else. Only called on objects without validation errors. */
  compile(obj: LocatedObject, ctx: CompileContext): PolicyIR[];
}
