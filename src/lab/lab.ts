// One lab: the topology built on this machine, the socket helper serving and probing in it,
// the rules loaded from the IR. Created by Lab.create, always ended by destroy() — which the
// signal handlers (cleanup.ts) also call.

import type { Cluster } from "../model/cluster.js";
import type { PolicyModel } from "../engine/model.js";
import { compileNode } from "./nft-compile.js";
import { SocketHelper } from "./helper.js";
import type { L4 } from "./helper.js";
import { applyRules, buildNetwork } from "./netns.js";
import { forget, record, removeNamespaces } from "./ledger.js";
import { namespacesOf, planTopology, rebind } from "./topology.js";
import type { Topology } from "./topology.js";
import { LabError, pool, runSync, runningChildren } from "./exec.js";
import { track, untrack } from "./cleanup.js";
import { buildExternals, planExternals } from "./externals.js";

export interface ProbeTarget {
  fromNs: string;
  ip: string;
  proto: L4;
  port: number;
}

export interface ProbeResult {
  ok: boolean;
  why: string;
}

let labsInProcess = 0;

/** The ledger entry of a run: every namespace its topology names (ledger.ts). */
const recordRun = (t: Topology) => record({ runId: t.runId, pid: process.pid, started: new Date().toISOString(), namespaces: namespacesOf(t) });

export class Lab {
  private listening = new Set<string>();
  private destroyed = false;
  /** Whether this kernel has SCTP sockets (known after create). */
  sctp = false;

  private constructor(
    readonly topology: Topology,
    private readonly helper: SocketHelper,
  ) {}

  /** Build the lab for a cluster whose addresses went through withLabAddresses. */
  static async create(cluster: Cluster): Promise<Lab> {
    const runId = `pw-${process.pid}-${labsInProcess++}`;
    const t = planTopology(cluster, runId);
    // Written down before anything exists, so that nothing can be created unrecorded.
    recordRun(t);
    const lab = new Lab(t, new SocketHelper());
    track(lab);
    try {
      await buildNetwork(t);
      lab.sctp = await lab.helper.sctpWorks(t.wireNs);
    } catch (e) {
      lab.destroy();
      throw e;
    }
    return lab;
  }

  /** Every namespace that holds endpoints: pods, nodes (host-network pods live there), outside hosts. */
  endpointNamespaces(): string[] {
    return [...this.topology.nodes.map((n) => n.ns), ...this.topology.pods.map((p) => p.ns), ...this.topology.externals.map((x) => x.ns)];
  }

  /**
   * Outside hosts for these addresses (those not built yet); check them with externalProblem
   * first. Recorded in the ledger before they exist, like everything else.
   */
  async addExternals(ips: Iterable<string>): Promise<void> {
    if (this.destroyed) throw new LabError("the lab was removed");
    const t = this.topology;
    const todo = planExternals(t, ips);
    if (!todo.length) return;
    t.externals.push(...todo);
    recordRun(t);
    await buildExternals(t, todo);
  }

  /** Servers on these ports in every endpoint namespace (ports already served are kept). */
  async serve(ports: readonly { protocol: string; port: number }[]): Promise<void> {
    const todo: [string, L4, number][] = [];
    for (const ns of this.endpointNamespaces())
      for (const p of ports) {
        const proto = p.protocol.toLowerCase() as L4;
        if (proto === "sctp" && !this.sctp) continue;
        const key = `${ns} ${proto} ${p.port}`;
        if (this.listening.has(key)) continue;
        this.listening.add(key);
        todo.push([ns, proto, p.port]);
      }
    await pool(todo, 64, ([ns, proto, port]) => this.helper.listen(ns, proto, port));
  }

  /** Compile the model's policies to nftables and load them on every node. */
  async apply(model: PolicyModel): Promise<void> {
    const t = rebind(this.topology, model.cluster);
    await pool(t.nodes, 4, (n) => applyRules(n.ns, compileNode(model, t, n)));
  }

  /** The scripts apply() would load, per node namespace (for --show-rules and tests). */
  rules(model: PolicyModel): Map<string, string> {
    const t = rebind(this.topology, model.cluster);
    return new Map(t.nodes.map((n) => [n.name, compileNode(model, t, n)]));
  }

  async probe(targets: readonly ProbeTarget[], opts: { timeoutSeconds?: number; concurrency?: number } = {}): Promise<ProbeResult[]> {
    if (this.destroyed) throw new LabError("the lab was removed");
    return pool(targets, opts.concurrency ?? 128, (t) => this.helper.probe(t.fromNs, t.ip, t.proto, t.port, opts.timeoutSeconds ?? 2));
  }

  /** Remove everything this lab created. Synchronous, so that it can run from a signal handler. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.helper.stop(); // its sockets hold the namespaces alive
    for (const c of runningChildren) c.kill("SIGKILL");
    const names = namespacesOf(this.topology);
    let left = removeNamespaces(names).failed;
    if (left.length) {
      runSync("sleep", ["0.2"]);
      left = removeNamespaces(names).failed;
    }
    if (!left.length) forget(this.topology.runId);
    untrack(this);
    if (left.length) throw new LabError(`could not remove ${left.join(", ")}: run podwall lab clean`);
  }
}
