// Lint findings, each with a button that shows its object in the graph.

import type { FindingView, ViewData } from "../view/types.js";
import { clear, h } from "./dom.js";

export function findingsPanel(root: HTMLElement, view: ViewData, show: (f: FindingView) => void): void {
  clear(root);
  if (!view.lintAvailable) {
    root.append(h("p", { class: "muted" }, "Running the lint checks…"));
    return;
  }
  if (!view.findings.length) {
    root.append(h("p", {}, "No findings."));
    return;
  }
  root.append(
    h(
      "ul",
      { class: "findings" },
      view.findings.map((f) =>
        h(
          "li",
          { class: `finding ${f.severity}` },
          h("span", { class: "sev" }, f.severity),
          " ",
          h("strong", {}, f.id),
          " ",
          f.message,
          " ",
          h("code", {}, f.where),
          f.target ? h("button", { type: "button", class: "link", onclick: () => show(f) }, "show in graph") : null,
        ),
      ),
    ),
  );
}
