// What the page shows, as plain data: computed by the engine in the Web Worker (session.ts)
// and posted to the page, which only draws it. Nothing here holds a Pod or a PolicyIR, so it
// crosses postMessage cheaply and says nothing the page could mistake for markup.

import type { Protocol } from "../../model/ir.js";

export type Isolation = "none" | "ingress" | "egress" | "both";

/** A reachability cell: the destination does not serve the port, all allowed, none, some. */
export const CELL = { none: 0, allow: 1, deny: 2, partial: 3 } as const;
export type CellCode = (typeof CELL)[keyof typeof CELL];
export type CellName = keyof typeof CELL;
export const CELL_NAMES: readonly CellName[] = ["none", "allow", "deny", "partial"];

export interface PortView {
  protocol: Protocol;
  port: number;
  /** `TCP/8080` */
  label: string;
}

/** Pods that every policy treats alike (classes.ts): evaluated once, through one of them. */
export interface ClassView {
  id: number;
  workload: number;
  /** `ns/name` of every member; the first is the one evaluated. */
  pods: string[];
}

export interface WorkloadView {
  id: number;
  /** `ns/name` */
  key: string;
  namespace: string;
  name: string;
  kind: string;
  pods: string[];
  /** The labels of its first pod. */
  labels: Record<string, string>;
  isolation: Isolation;
  classes: number[];
  fromTemplate: boolean;
}

export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
  workloads: number[];
}

/**
 * cells[(port * C + src) * C + dst] for C classes. For a class against itself the cell is a
 * pod reaching another pod of its class; `self` holds a pod reaching itself, per port × class.
 */
export interface ReachView {
  ports: PortView[];
  classCount: number;
  cells: Uint8Array;
  self: Uint8Array;
}

export interface PolicyView {
  kind: string;
  namespace?: string;
  name: string;
  /** file:line:col */
  where: string;
}

export interface FindingView {
  id: string;
  severity: string;
  message: string;
  where: string;
  /** `ns/name` of the workload or the namespace the finding is about, to show it in the graph. */
  target?: string;
}

export interface ViewData {
  profile: string;
  files: string[];
  namespaces: NamespaceView[];
  workloads: WorkloadView[];
  classes: ClassView[];
  reach: ReachView;
  policies: PolicyView[];
  notes: string[];
  findings: FindingView[];
  /** Whether a lint registry was found to produce `findings`. */
  lintAvailable: boolean;
  timings: Record<string, number>;
}

export interface TraceStepView {
  event: string;
  action?: string;
  tier?: string;
  text: string;
  where?: string;
}

export interface SideView {
  direction: "ingress" | "egress";
  allowed: boolean;
  decidedBy: string;
  summary: string;
  isolatedBy: { name: string; where?: string }[];
  steps: TraceStepView[];
}

export interface TraceView {
  from: string;
  to: string;
  port: string;
  allowed: boolean;
  summary: string;
  sides: SideView[];
}

export interface DiffEntry {
  src: string;
  dst: string;
  port: string;
  change: "allowed" | "blocked";
  /** Allowed pod pairs out of those that serve the port, before and after. */
  before: { allowed: number; total: number };
  after: { allowed: number; total: number };
  /** A pod pair whose verdict changed, to trace. */
  srcPod: string;
  dstPod: string;
}

export interface WhatIfView {
  view: ViewData;
  diff: DiffEntry[];
  /** Every input problem at once (file:line: message); the what-if is not applied. */
  errors: string[];
  incremental: boolean;
  ms: number;
}
