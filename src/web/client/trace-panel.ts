// The trace panel: for each port, the verdict and the steps each side took, with file:line.

import type { SideView, TraceView } from "../view/types.js";
import { clear, h } from "./dom.js";

const mark = (s: SideView["steps"][number]): string =>
  s.event === "matched" ? (s.action === "deny" ? "✗" : s.action === "allow" ? "✓" : "→") : s.event === "isolated" ? "✗" : s.event === "also-matched" ? "+" : "·";

function side(s: SideView): HTMLElement {
  const title = s.direction === "egress" ? "egress of the source" : "ingress of the destination";
  return h(
    "section",
    { class: `side ${s.allowed ? "ok" : "no"}` },
    h("h4", {}, `${title}: ${s.allowed ? "ALLOWED" : "DENIED"} `, h("span", { class: "muted" }, `(${s.decidedBy})`)),
    s.isolatedBy.length ? h("p", { class: "muted" }, `isolated for ${s.direction} by `, ...s.isolatedBy.flatMap((o, i) => [i ? ", " : "", o.name, o.where ? h("code", {}, ` ${o.where}`) : ""])) : null,
    h(
      "ol",
      { class: "steps" },
      s.steps.map((st) => h("li", { class: `step ${st.event} ${st.action ?? ""}` }, h("span", { class: "mark", "aria-hidden": "true" }, mark(st)), " ", st.text, st.where ? h("code", { class: "where" }, st.where) : null)),
    ),
  );
}

export function renderTraces(panel: HTMLElement, heading: string, traces: TraceView[], note?: string): void {
  clear(panel);
  panel.append(h("h3", { id: "trace-title" }, heading));
  if (note) panel.append(h("p", { class: "note" }, note));
  if (!traces.length) panel.append(h("p", { class: "muted" }, "The destination serves none of the declared ports: no flow to trace."));
  for (const t of traces)
    panel.append(
      h(
        "article",
        { class: `trace ${t.allowed ? "ok" : "no"}`, "data-port": t.port },
        h("h4", { class: "verdict" }, h("span", { class: "badge" }, t.allowed ? "ALLOWED" : "DENIED"), ` ${t.from} → ${t.to} ${t.port}`),
        t.sides.map(side),
      ),
    );
  panel.focus({ preventScroll: true });
}

export function renderMessage(panel: HTMLElement, heading: string, lines: (string | HTMLElement)[]): void {
  clear(panel);
  panel.append(h("h3", {}, heading), ...lines.map((l) => (typeof l === "string" ? h("p", {}, l) : l)));
}
