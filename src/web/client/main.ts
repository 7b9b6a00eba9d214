// The page: reads the embedded input texts, hands them to the engine worker, and draws what
// comes back — graph, matrix, traces, findings, what-if. It makes no network requests.

import type { DiffEntry, FindingView, TraceView, ViewData } from "../view/types.js";
import { clear, byId, h } from "./dom.js";
import { EngineClient } from "./rpc.js";
import type { PageData } from "./protocol.js";
import { Graph, MAX_WORKLOADS } from "./graph.js";
import type { Drawn, GraphFilter } from "./graph.js";
import { MatrixView } from "./matrix-view.js";
import { renderMessage, renderTraces } from "./trace-panel.js";
import { whatIfPanel } from "./whatif-panel.js";
import { findingsPanel } from "./findings-panel.js";

const data = JSON.parse(byId("podwall-data").textContent ?? "{}") as PageData;
const engine = new EngineClient(byId("podwall-worker").textContent ?? "");
const app = byId("app");

const state: { base?: ViewData; view?: ViewData; which: "base" | "edited"; diff: DiffEntry[]; filter: GraphFilter; drawn?: Drawn } = {
  which: "base",
  diff: [],
  filter: { namespace: "", port: null, label: "" },
};

// ---- layout ---------------------------------------------------------------------------
const summary = h("p", { id: "summary", class: "muted" }, "Loading…");
const progress = h("progress", { id: "progress", max: 1, value: 0, "aria-label": "computing reachability" });
const trace = h("aside", { id: "trace", tabindex: -1, "aria-live": "polite", "aria-label": "trace" }, h("h3", {}, "Trace"), h("p", { class: "muted" }, "Click an edge in the graph, a flow in the list, or a pod cell in the matrix to see which rules decide it, with file:line."));
const tabs = ["graph", "matrix", "whatif", "findings"] as const;
const tabNames: Record<(typeof tabs)[number], string> = { graph: "Graph", matrix: "Matrix", whatif: "What-if", findings: "Findings" };
const panels = Object.fromEntries(tabs.map((t) => [t, h("section", { id: `panel-${t}`, role: "tabpanel", "aria-labelledby": `tab-${t}`, tabindex: 0, hidden: t !== "graph" })])) as Record<(typeof tabs)[number], HTMLElement>;
const tabButtons = tabs.map((t, i) =>
  h("button", { id: `tab-${t}`, role: "tab", type: "button", "aria-controls": `panel-${t}`, "aria-selected": String(t === "graph"), tabindex: t === "graph" ? 0 : -1, onclick: () => selectTab(t), onkeydown: (e: Event) => tabKeys(e as KeyboardEvent, i) }, tabNames[t]),
);
function selectTab(t: (typeof tabs)[number]): void {
  tabs.forEach((x, i) => {
    panels[x].hidden = x !== t;
    tabButtons[i]!.setAttribute("aria-selected", String(x === t));
    tabButtons[i]!.tabIndex = x === t ? 0 : -1;
  });
  if (t === "graph") graph.cy.resize();
}
function tabKeys(e: KeyboardEvent, i: number): void {
  const n = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -2;
  if (n === -2) return;
  e.preventDefault();
  const j = (n + tabs.length) % tabs.length;
  selectTab(tabs[j]!);
  tabButtons[j]!.focus();
}

const portSelect = h("select", { id: "filter-port", "aria-label": "port" }, h("option", { value: "" }, "every port"));
const nsSelect = h("select", { id: "filter-namespace", "aria-label": "namespace" }, h("option", { value: "" }, "every namespace"));
const labelInput = h("input", { id: "filter-label", type: "search", placeholder: "label: app=web", "aria-label": "label filter (key=value, key!=value, key)" });
const graphNote = h("p", { id: "graph-note", class: "muted", role: "status" });
const cyBox = h("div", { id: "cy", role: "img", "aria-label": "graph of namespaces, workloads and allowed flows; the flow list below has the same edges" });
const flowList = h("ul", { id: "flow-list", class: "flows" });
const legend = h(
  "ul",
  { class: "legend", "aria-label": "legend" },
  (["none", "ingress", "egress", "both"] as const).map((k) => h("li", {}, h("span", { class: `swatch iso-${k}` }), k === "none" ? "not isolated" : k === "both" ? "isolated both ways" : `${k} isolated`)),
  h("li", {}, h("span", { class: "swatch line" }), "allowed"),
  h("li", {}, h("span", { class: "swatch line dashed" }), "some pods"),
  h("li", {}, h("span", { class: "swatch line new" }), "newly allowed"),
  h("li", {}, h("span", { class: "swatch line gone" }), "newly blocked"),
);
panels.graph.append(h("div", { class: "toolbar" }, h("label", {}, "Namespace ", nsSelect), h("label", {}, "Label ", labelInput), legend), graphNote, cyBox, h("h3", {}, "Flows shown"), flowList);

app.append(
  h("header", {}, h("h1", {}, "podwall ", h("span", { class: "muted" }, data.title)), summary, progress, h("div", { class: "toolbar" }, h("label", {}, "Port ", portSelect))),
  h("nav", { role: "tablist", "aria-label": "views" }, tabButtons),
  h("div", { class: "body" }, h("main", {}, Object.values(panels)), trace),
);

const graph = new Graph(cyBox, {
  edge: (s, d, ports) => traceWorkloads(s, d, ports),
  namespaceEdge: (s, d) => {
    nsSelect.value = s;
    state.filter.namespace = s;
    redraw();
    renderMessage(trace, `${s} → ${d}`, [`Namespace ${s} is now open in the graph; click a workload edge for its trace.`]);
  },
  node: (w) => showWorkload(w),
});
(window as unknown as { podwall: unknown }).podwall = { graph, state };
const matrix = new MatrixView(panels.matrix, { podPair: (s, d, port) => void traceTo(s, d, port) });

// ---- actions --------------------------------------------------------------------------
async function traceTo(src: string, dst: string, port?: string, note?: string): Promise<void> {
  renderMessage(trace, `${src} → ${dst}`, ["Tracing…"]);
  const r = await engine.request({ type: "trace", which: state.which, src, dst, port });
  if (r.type !== "trace") return renderMessage(trace, "Trace failed", [r.type === "failed" ? r.message : "unexpected answer"]);
  renderTraces(trace, `${src} → ${dst}`, r.traces as TraceView[], note);
}

function traceWorkloads(s: number, d: number, ports: string[]): void {
  const v = state.view!;
  const sw = v.workloads[s]!;
  const dw = v.workloads[d]!;
  const note = sw.pods.length > 1 || dw.pods.length > 1 ? `${sw.key} (${sw.pods.length} pods) → ${dw.key} (${dw.pods.length} pods): the trace of their first pods; the matrix has every pod pair.` : undefined;
  const port = state.filter.port === null ? (ports.length === 1 ? ports[0] : undefined) : v.reach.ports[state.filter.port]!.label;
  void traceTo(sw.pods[0]!, dw.pods[0]!, port, note);
}

function showWorkload(i: number): void {
  const w = state.view!.workloads[i]!;
  renderMessage(trace, `${w.kind} ${w.key}`, [
    `Isolation: ${w.isolation === "none" ? "not isolated" : w.isolation === "both" ? "ingress and egress" : w.isolation}${w.fromTemplate ? " (from the workload's pod template)" : ""}`,
    h("p", {}, "Labels: ", ...Object.entries(w.labels).flatMap(([k, v], j) => [j ? ", " : "", h("code", {}, `${k}=${v}`)])),
    h("p", {}, `Pods (${w.pods.length}): `, w.pods.slice(0, 20).join(", "), w.pods.length > 20 ? ` and ${w.pods.length - 20} more` : ""),
  ]);
}

function redraw(): void {
  const v = state.view;
  if (!v) return;
  const t0 = performance.now();
  state.drawn = graph.draw(v, state.filter, state.which === "edited" ? state.diff : []);
  const d = state.drawn;
  clear(flowList);
  if (d.level === "namespace") {
    graphNote.textContent = `${v.workloads.length} workloads: more than ${MAX_WORKLOADS}, so the graph shows namespaces. Pick a namespace (or click an edge) to see its workloads.`;
    for (const e of d.nsEdges.slice(0, 300)) flowList.append(h("li", {}, h("button", { type: "button", class: "link", onclick: () => { nsSelect.value = e.src; state.filter.namespace = e.src; redraw(); } }, `${e.src} → ${e.dst}`), h("span", { class: "muted" }, ` ${e.ports.join(", ")}${e.cell === "partial" ? " (some pods)" : ""}`)));
  } else {
    graphNote.textContent = `${d.edges.length} allowed flow(s) between ${v.workloads.length - d.hidden} workload(s)${d.hidden ? ` (${d.hidden} hidden by filters)` : ""}. Drawn in ${Math.round(performance.now() - t0)} ms.`;
    for (const e of d.edges.slice(0, 300)) {
      const s = v.workloads[e.src]!;
      const t = v.workloads[e.dst]!;
      flowList.append(h("li", {}, h("button", { type: "button", class: "link", onclick: () => traceWorkloads(e.src, e.dst, e.ports) }, `${s.key} → ${t.key}`), h("span", { class: "muted" }, ` ${e.ports.join(", ")}${e.cell === "partial" ? " (some pods)" : ""}`)));
    }
  }
  if (!flowList.childElementCount) flowList.append(h("li", { class: "muted" }, "no allowed flow between the workloads shown"));
}

function show(view: ViewData): void {
  state.view = view;
  const pods = view.workloads.reduce((n, w) => n + w.pods.length, 0);
  summary.textContent = `${pods} pods in ${view.workloads.length} workloads and ${view.namespaces.length} namespaces; ${view.policies.length} policies; CNI profile ${view.profile}${state.which === "edited" ? " — showing the what-if edit" : ""}.`;
  const keepPort = portSelect.value;
  clear(portSelect);
  portSelect.append(h("option", { value: "" }, "every port"), ...view.reach.ports.map((p, i) => h("option", { value: String(i) }, p.label)));
  portSelect.value = view.reach.ports.some((_, i) => String(i) === keepPort) ? keepPort : "";
  state.filter.port = portSelect.value === "" ? null : Number(portSelect.value);
  const keepNs = nsSelect.value;
  clear(nsSelect);
  nsSelect.append(h("option", { value: "" }, "every namespace"), ...view.namespaces.map((n) => h("option", { value: n.name }, n.name)));
  nsSelect.value = view.namespaces.some((n) => n.name === keepNs) ? keepNs : "";
  matrix.port = state.filter.port;
  matrix.show(view);
  findingsPanel(panels.findings, view, (f) => showFinding(f));
  redraw();
  void loadFindings(view);
}

/** Lint runs after the view is drawn, in the worker, so a slow check never delays the graph. */
async function loadFindings(view: ViewData): Promise<void> {
  const r = await engine.request({ type: "findings", which: state.which });
  if (r.type !== "findings" || state.view !== view) return;
  view.lintAvailable = r.available;
  view.findings = r.findings;
  tabButtons[3]!.textContent = r.available ? `Findings (${r.findings.length})` : "Findings";
  findingsPanel(panels.findings, view, (f) => showFinding(f));
  if (!r.available) panels.findings.replaceChildren(h("p", { class: "muted" }, "Lint checks are not available in this build."));
}

function showFinding(f: FindingView): void {
  const v = state.view!;
  const w = v.workloads.find((x) => x.key === f.target);
  const ns = w?.namespace ?? (v.namespaces.some((n) => n.name === f.target) ? f.target! : "");
  nsSelect.value = ns;
  state.filter.namespace = ns;
  selectTab("graph");
  redraw();
  if (w) graph.select(w.id);
  renderMessage(trace, f.id, [f.message, h("p", {}, h("code", {}, f.where))]);
}

portSelect.addEventListener("change", () => {
  state.filter.port = portSelect.value === "" ? null : Number(portSelect.value);
  matrix.port = state.filter.port;
  if (state.view) matrix.show(state.view);
  redraw();
});
nsSelect.addEventListener("change", () => {
  state.filter.namespace = nsSelect.value;
  redraw();
});
let labelTimer: ReturnType<typeof setTimeout> | undefined;
labelInput.addEventListener("input", () => {
  clearTimeout(labelTimer);
  labelTimer = setTimeout(() => {
    state.filter.label = labelInput.value;
    redraw();
  }, 200);
});
window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => graph.restyle());

whatIfPanel(panels.whatif, data.files, {
  apply: async (files) => {
    const r = await engine.request({ type: "whatif", files });
    if (r.type !== "whatif") return r.type === "failed" ? r.message : "unexpected answer";
    if (!r.result.errors.length) {
      state.which = "edited";
      state.diff = r.result.diff;
      show(r.result.view);
    }
    return r.result;
  },
  reset: () => {
    state.which = "base";
    state.diff = [];
    if (state.base) show(state.base);
  },
  trace: (d) => void traceTo(d.srcPod, d.dstPod, d.port, `${d.change === "allowed" ? "Newly allowed" : "Newly blocked"} by the edit: ${d.before.allowed}/${d.before.total} → ${d.after.allowed}/${d.after.total} pod pairs allowed. The trace is in the edited model.`),
});

// ---- start ----------------------------------------------------------------------------
const t0 = performance.now();
const loaded = await engine.request({ type: "load", files: data.files, profile: data.profile }, (done, total) => {
  progress.max = total;
  progress.value = done;
});
progress.hidden = true;
if (loaded.type === "view") {
  state.base = loaded.view;
  show(loaded.view);
  document.body.dataset.ready = "true";
  document.body.dataset.firstRenderMs = String(Math.round(performance.now() - t0));
} else {
  const lines = loaded.type === "errors" ? loaded.errors : [loaded.type === "failed" ? loaded.message : "unexpected answer"];
  summary.textContent = "The input has problems; nothing was evaluated.";
  renderMessage(trace, "Input errors", [h("ul", { class: "errors" }, lines.map((l) => h("li", {}, h("code", {}, l))))]);
  document.body.dataset.ready = "error";
}
