// The graph: namespaces holding workloads, allowed flows as edges (cytoscape, compound nodes,
// dagre's layered layout), workloads coloured by isolation. Beyond MAX_WORKLOADS visible
// workloads it draws namespaces only, so a 5,000-pod cluster stays responsive; a namespace
// filter then opens one namespace and its neighbours.

import cytoscape from "cytoscape";
import type { Core, ElementDefinition } from "cytoscape";
import dagre from "cytoscape-dagre";
import type { DiffEntry, ViewData } from "../view/types.js";
import { namespaceEdges, workloadEdges } from "../view/aggregate.js";
import type { Edge } from "../view/aggregate.js";
import { labelFilter } from "./filters.js";

cytoscape.use(dagre);

export const MAX_WORKLOADS = 150;

export interface GraphFilter {
  namespace: string; // "" = all
  port: number | null;
  label: string; // `key=value`, `key!=value`, `key`, or ""
}

export interface GraphEvents {
  edge(src: number, dst: number, ports: string[]): void;
  namespaceEdge(src: string, dst: string, ports: string[]): void;
  node(workload: number): void;
}

export interface Drawn {
  level: "workload" | "namespace";
  /** Edges drawn, for the keyboard list under the graph. */
  edges: Edge[];
  nsEdges: ReturnType<typeof namespaceEdges>;
  hidden: number;
}

const css = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";

export class Graph {
  cy: Core;
  constructor(container: HTMLElement, private readonly on: GraphEvents) {
    this.cy = cytoscape({ container, elements: [], minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false });
    this.cy.on("tap", "edge", (e) => {
      const d = e.target.data();
      if (d.level === "workload") this.on.edge(d.src, d.dst, d.ports);
      else this.on.namespaceEdge(d.srcNs, d.dstNs, d.ports);
    });
    this.cy.on("tap", "node", (e) => {
      const d = e.target.data();
      if (typeof d.workload === "number") this.on.node(d.workload);
    });
  }

  draw(view: ViewData, f: GraphFilter, diff: DiffEntry[] = []): Drawn {
    const match = labelFilter(f.label);
    let ids = view.workloads.filter((w) => match(w.labels)).map((w) => w.id);
    let edges: Edge[];
    let focus = new Set<number>();
    if (f.namespace) {
      focus = new Set(ids.filter((i) => view.workloads[i]!.namespace === f.namespace));
      const rest = ids.filter((i) => !focus.has(i));
      edges = [...workloadEdges(view, [...focus], f.port), ...workloadEdges(view, [...focus], f.port, rest), ...workloadEdges(view, rest, f.port, [...focus])];
      const touched = new Set([...focus, ...edges.flatMap((e) => [e.src, e.dst])]);
      ids = ids.filter((i) => touched.has(i));
    } else if (ids.length <= MAX_WORKLOADS) edges = workloadEdges(view, ids, f.port);
    else edges = [];
    const level = ids.length <= MAX_WORKLOADS ? "workload" : "namespace";
    const els: ElementDefinition[] = [];
    let nsEdges: Drawn["nsEdges"] = [];
    const nsIndex = new Map(view.namespaces.map((n, i) => [n.name, i]));
    if (level === "workload") {
      const shown = new Set(ids);
      const nss = new Set(ids.map((i) => view.workloads[i]!.namespace));
      for (const n of nss) els.push({ data: { id: `ns${nsIndex.get(n)}`, label: n, kind: "namespace" }, classes: "namespace" });
      for (const i of shown) {
        const w = view.workloads[i]!;
        els.push({ data: { id: `w${i}`, parent: `ns${nsIndex.get(w.namespace)}`, label: `${w.name}\n${w.pods.length} pod${w.pods.length === 1 ? "" : "s"}`, workload: i }, classes: `workload iso-${w.isolation}${focus.has(i) ? " focus" : ""}` });
      }
      const changed = new Map(diff.map((d) => [`${d.src}>${d.dst}`, d.change]));
      for (const e of edges) {
        const key = `${view.workloads[e.src]!.key}>${view.workloads[e.dst]!.key}`;
        els.push({ data: { id: `e${e.src}-${e.dst}`, source: `w${e.src}`, target: `w${e.dst}`, label: e.ports.join(", "), ports: e.ports, src: e.src, dst: e.dst, level: "workload" }, classes: `${e.cell}${changed.has(key) ? ` diff-${changed.get(key)}` : ""}` });
      }
      // Flows the edit blocked have no edge any more: draw them, dashed.
      for (const d of diff.filter((x) => x.change === "blocked")) {
        const s = view.workloads.find((w) => w.key === d.src);
        const t = view.workloads.find((w) => w.key === d.dst);
        if (!s || !t || !shown.has(s.id) || !shown.has(t.id) || s.id === t.id || edges.some((e) => e.src === s.id && e.dst === t.id)) continue;
        els.push({ data: { id: `x${s.id}-${t.id}`, source: `w${s.id}`, target: `w${t.id}`, label: `${d.port} blocked`, ports: [d.port], src: s.id, dst: t.id, level: "workload" }, classes: "deny diff-blocked" });
      }
    } else {
      nsEdges = namespaceEdges(view, f.port);
      for (const n of view.namespaces) els.push({ data: { id: `ns${nsIndex.get(n.name)}`, label: `${n.name}\n${n.workloads.length} workloads`, kind: "namespace" }, classes: "namespace-leaf" });
      for (const e of nsEdges) els.push({ data: { id: `n${nsIndex.get(e.src)}-${nsIndex.get(e.dst)}`, source: `ns${nsIndex.get(e.src)}`, target: `ns${nsIndex.get(e.dst)}`, label: e.ports.length > 3 ? `${e.ports.length} ports` : e.ports.join(", "), ports: e.ports, srcNs: e.src, dstNs: e.dst, level: "namespace" }, classes: e.cell });
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(els);
      this.cy.style(this.style());
    });
    const many = els.length > 400;
    this.cy.layout({ name: many ? "grid" : "dagre", rankDir: "LR", nodeSep: 24, rankSep: 90, padding: 20, animate: false } as cytoscape.LayoutOptions).run();
    this.cy.fit(undefined, 20);
    return { level, edges, nsEdges, hidden: view.workloads.length - ids.length };
  }

  select(workload: number): void {
    this.cy.elements().unselect();
    const n = this.cy.getElementById(`w${workload}`);
    if (n.nonempty()) {
      n.select();
      this.cy.animate({ center: { eles: n }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 200 });
    }
  }

  restyle(): void {
    this.cy.style(this.style());
  }

  private style(): cytoscape.StylesheetJson {
    const fg = css("--fg");
    return [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 11, color: fg, "text-valign": "center", "text-halign": "center", width: 110, height: 38, shape: "round-rectangle", "border-width": 1, "border-color": css("--border") } },
      { selector: ".namespace", style: { "background-color": css("--ns-bg"), "background-opacity": 1, "text-valign": "top", "text-halign": "center", "font-weight": "bold", "font-size": 13, padding: "14px", shape: "round-rectangle" } },
      { selector: ".namespace-leaf", style: { "background-color": css("--ns-bg"), width: 130, height: 44 } },
      { selector: ".iso-none", style: { "background-color": css("--iso-none") } },
      { selector: ".iso-ingress", style: { "background-color": css("--iso-ingress") } },
      { selector: ".iso-egress", style: { "background-color": css("--iso-egress") } },
      { selector: ".iso-both", style: { "background-color": css("--iso-both") } },
      { selector: ".focus", style: { "border-width": 3, "border-color": css("--accent") } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": css("--accent") } },
      { selector: "edge", style: { width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": css("--edge"), "target-arrow-color": css("--edge"), label: "data(label)", "font-size": 9, color: fg, "text-background-color": css("--bg"), "text-background-opacity": 0.85, "text-background-padding": "2px", "text-rotation": "autorotate" } },
      { selector: "edge.partial", style: { "line-style": "dashed", "line-dash-pattern": [6, 3] } },
      { selector: "edge.diff-allowed", style: { width: 4, "line-color": css("--allow"), "target-arrow-color": css("--allow") } },
      { selector: "edge.diff-blocked", style: { width: 3, "line-style": "dotted", "line-color": css("--deny"), "target-arrow-color": css("--deny") } },
      { selector: "edge:selected", style: { width: 5, "line-color": css("--accent"), "target-arrow-color": css("--accent") } },
    ];
  }
}
