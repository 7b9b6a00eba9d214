// What-if: edit an input file or paste a new one, apply, and list the flows the edit newly
// allows and blocks (computed by the engine in the worker, not on any server).

import type { InputFile } from "../view/session.js";
import type { DiffEntry, WhatIfView } from "../view/types.js";
import { clear, h } from "./dom.js";

export interface WhatIfEvents {
  apply(files: InputFile[]): Promise<WhatIfView | string>;
  reset(): void;
  trace(d: DiffEntry): void;
}

const NEW_FILE = "(new file: paste a policy)";

export function whatIfPanel(root: HTMLElement, files: InputFile[], on: WhatIfEvents): void {
  const pick = h("select", { id: "whatif-file", "aria-label": "file to edit" }, [...files.map((f) => h("option", { value: f.name }, f.name)), h("option", { value: "" }, NEW_FILE)]);
  const editor = h("textarea", { id: "whatif-editor", spellcheck: "false", "aria-label": "policy YAML to try", rows: 22 });
  const status = h("p", { id: "whatif-status", role: "status" });
  const results = h("div", { id: "whatif-results" });
  const edits = new Map<string, string>();
  let shown = files[0]?.name ?? "";
  const load = () => {
    shown = pick.value;
    editor.value = edits.get(shown) ?? files.find((f) => f.name === shown)?.text ?? "";
  };
  pick.addEventListener("change", () => {
    edits.set(shown, editor.value);
    load();
  });
  const apply = async () => {
    edits.set(shown, editor.value);
    const changed: InputFile[] = [];
    for (const [name, text] of edits) {
      const orig = files.find((f) => f.name === name);
      if (name === "" && text.trim()) changed.push({ name: "what-if.yaml", text });
      else if (orig && orig.text !== text) changed.push({ name, text });
    }
    status.textContent = "Computing…";
    clear(results);
    const r = await on.apply(changed);
    if (typeof r === "string") {
      status.textContent = `The engine failed: ${r}`;
      return;
    }
    if (r.errors.length) {
      status.textContent = `${r.errors.length} problem(s) in the edited input; nothing was applied:`;
      results.append(h("ul", { class: "errors" }, r.errors.map((e) => h("li", {}, h("code", {}, e)))));
      return;
    }
    const allowed = r.diff.filter((d) => d.change === "allowed");
    const blocked = r.diff.filter((d) => d.change === "blocked");
    status.textContent = `${allowed.length} flow(s) newly allowed, ${blocked.length} newly blocked (${Math.round(r.ms)} ms${r.incremental ? ", only the pods the changed policies select were re-evaluated" : ""}). The graph and matrix now show the edited model.`;
    results.append(list("Newly allowed", "allowed", allowed, on), list("Newly blocked", "blocked", blocked, on));
  };
  load();
  editor.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      void apply();
    }
  });
  root.append(
    h("p", { class: "muted" }, "Edit a policy (or paste a new one) and apply: the flows it newly allows and blocks appear below, and in the graph. Ctrl+Enter applies. Nothing leaves this page."),
    h("div", { class: "toolbar" }, h("label", {}, "File ", pick), h("button", { type: "button", id: "whatif-apply", class: "primary", onclick: () => void apply() }, "Apply"), h("button", { type: "button", id: "whatif-reset", onclick: () => { edits.clear(); load(); clear(results); status.textContent = "Back to the input as loaded."; on.reset(); } }, "Reset")),
    editor,
    status,
    results,
  );
}

function list(title: string, kind: string, entries: DiffEntry[], on: WhatIfEvents): HTMLElement {
  return h(
    "section",
    { class: `diff ${kind}` },
    h("h3", {}, `${title} (${entries.length})`),
    entries.length
      ? h(
          "ul",
          {},
          entries.slice(0, 500).map((d) =>
            h("li", {}, h("button", { type: "button", class: "link", onclick: () => on.trace(d) }, `${d.src} → ${d.dst} ${d.port}`), h("span", { class: "muted" }, `  ${d.before.allowed}/${d.before.total} → ${d.after.allowed}/${d.after.total} pod pairs allowed`)),
          ),
        )
      : h("p", { class: "muted" }, "none"),
  );
}
