// The matrix heatmap: namespaces × namespaces, a cell opens workloads × workloads of that
// pair, a cell there opens pods × pods, and a pod cell shows its trace. Cells are buttons
// (arrow keys move between them) and carry a symbol besides their colour.

import type { CellName, ViewData } from "../view/types.js";
import { cellOf, namespaceClasses, podCell, portIndexes, tally } from "../view/aggregate.js";
import type { Tally } from "../view/aggregate.js";
import { clear, h } from "./dom.js";

type Level = { kind: "namespace" } | { kind: "workload"; src: string; dst: string } | { kind: "pod"; src: number; dst: number };

const SYMBOL: Record<CellName, string> = { allow: "✓", deny: "✗", partial: "◐", none: "·" };
const WORDS: Record<CellName, string> = { allow: "allowed", deny: "denied", partial: "partly allowed", none: "no declared port" };
export const MAX_PODS = 60;

export interface MatrixEvents {
  podPair(src: string, dst: string, port: string | undefined): void;
}

export class MatrixView {
  private level: Level = { kind: "namespace" };
  private view?: ViewData;
  port: number | null = null;

  constructor(private readonly root: HTMLElement, private readonly on: MatrixEvents) {}

  show(view: ViewData): void {
    this.view = view;
    this.render();
  }

  private go(level: Level): void {
    this.level = level;
    this.render();
    (this.root.querySelector("td button") as HTMLElement | null)?.focus();
  }

  private render(): void {
    const v = this.view;
    if (!v) return;
    clear(this.root);
    const crumbs: HTMLElement[] = [h("button", { class: "crumb", type: "button", onclick: () => this.go({ kind: "namespace" }) }, "namespaces")];
    const l = this.level;
    let rows: { label: string; title: string }[];
    let cols: { label: string; title: string }[];
    let cell: (r: number, c: number) => Tally | CellName;
    let open: (r: number, c: number) => void;
    if (l.kind === "namespace") {
      const cls = v.namespaces.map((n) => namespaceClasses(v, n.name));
      rows = cols = v.namespaces.map((n) => ({ label: n.name, title: `namespace ${n.name}` }));
      cell = (r, c) => tally(v.reach, v.classes, cls[r]!, cls[c]!, this.port);
      open = (r, c) => this.go({ kind: "workload", src: v.namespaces[r]!.name, dst: v.namespaces[c]!.name });
    } else if (l.kind === "workload") {
      crumbs.push(h("button", { class: "crumb", type: "button", "aria-current": "page" }, `${l.src} → ${l.dst}`));
      const sw = v.workloads.filter((w) => w.namespace === l.src);
      const dw = v.workloads.filter((w) => w.namespace === l.dst);
      rows = sw.map((w) => ({ label: w.name, title: `${w.kind} ${w.key}` }));
      cols = dw.map((w) => ({ label: w.name, title: `${w.kind} ${w.key}` }));
      cell = (r, c) => tally(v.reach, v.classes, sw[r]!.classes, dw[c]!.classes, this.port);
      open = (r, c) => this.go({ kind: "pod", src: sw[r]!.id, dst: dw[c]!.id });
    } else {
      const s = v.workloads[l.src]!;
      const d = v.workloads[l.dst]!;
      crumbs.push(
        h("button", { class: "crumb", type: "button", onclick: () => this.go({ kind: "workload", src: s.namespace, dst: d.namespace }) }, `${s.namespace} → ${d.namespace}`),
        h("button", { class: "crumb", type: "button", "aria-current": "page" }, `${s.name} → ${d.name}`),
      );
      const sp = s.pods.slice(0, MAX_PODS);
      const dp = d.pods.slice(0, MAX_PODS);
      rows = sp.map((p) => ({ label: p.slice(p.indexOf("/") + 1), title: p }));
      cols = dp.map((p) => ({ label: p.slice(p.indexOf("/") + 1), title: p }));
      const ports = portIndexes(v.reach, this.port);
      cell = (r, c) => {
        const t: Tally = { allowed: 0, total: 0 };
        for (const p of ports) {
          const x = podCell(v, sp[r]!, dp[c]!, p);
          if (x === "none") continue;
          t.total++;
          if (x === "allow") t.allowed++;
        }
        return t;
      };
      open = (r, c) => this.on.podPair(sp[r]!, dp[c]!, this.port === null ? undefined : v.reach.ports[this.port]!.label);
      if (s.pods.length > MAX_PODS || d.pods.length > MAX_PODS) crumbs.push(h("span", { class: "muted" }, ` (first ${MAX_PODS} pods of each)`));
    }
    this.root.append(h("nav", { class: "crumbs", "aria-label": "matrix level" }, crumbs));
    const table = h("table", { class: "matrix", role: "grid", "aria-label": "reachability matrix: rows are sources, columns destinations" });
    table.append(h("thead", {}, h("tr", {}, h("th", { class: "corner" }, "from ↓  to →"), cols.map((c) => h("th", { scope: "col", title: c.title }, h("span", { class: "col-label" }, c.label))))));
    const body = h("tbody");
    rows.forEach((r, ri) => {
      const tr = h("tr", {}, h("th", { scope: "row", title: r.title }, r.label));
      cols.forEach((c, ci) => {
        const x = cell(ri, ci);
        const name = typeof x === "string" ? x : cellOf(x);
        const detail = typeof x === "string" ? "" : x.total ? ` (${x.allowed} of ${x.total} pod pairs and ports)` : "";
        tr.append(
          h(
            "td",
            { class: `cell ${name}` },
            h("button", { type: "button", "data-r": ri, "data-c": ci, "aria-label": `${r.title} to ${c.title}: ${WORDS[name]}${detail}`, title: `${r.label} → ${c.label}: ${WORDS[name]}${detail}`, onclick: () => open(ri, ci), onkeydown: (e: Event) => this.arrows(e as KeyboardEvent, ri, ci) }, SYMBOL[name]),
          ),
        );
      });
      body.append(tr);
    });
    table.append(body);
    this.root.append(h("div", { class: "matrix-scroll" }, table));
  }

  private arrows(e: KeyboardEvent, r: number, c: number): void {
    const d: Record<string, [number, number]> = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
    if (e.key === "Escape" && this.level.kind !== "namespace") {
      this.go(this.level.kind === "pod" ? { kind: "workload", src: this.view!.workloads[this.level.src]!.namespace, dst: this.view!.workloads[this.level.dst]!.namespace } : { kind: "namespace" });
      return;
    }
    const m = d[e.key];
    if (!m) return;
    const next = this.root.querySelector<HTMLElement>(`button[data-r="${r + m[0]}"][data-c="${c + m[1]}"]`);
    if (next) {
      e.preventDefault();
      next.focus();
    }
  }
}
