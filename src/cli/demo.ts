// podwall demo: the embedded example cluster (examples/demo), what a newcomer should see first.

import { fileURLToPath } from "node:url";
import { dirname, join, relative } from "node:path";
import { existsSync } from "node:fs";
import { computeMatrix } from "../engine/matrix.js";
import { evaluate } from "../engine/evaluate.js";
import { resolveEndpoint } from "../engine/resolve.js";
import { renderMatrix } from "../render/matrix.js";
import { verdictText } from "../render/trace-text.js";
import { UserError } from "./exit-codes.js";
import { loadModel } from "./load-model.js";
import type { RegisterCommand } from "./commands.js";

/** examples/ sits two levels above this file both in src/cli and in dist/cli. */
export function examplesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ["../../examples", "../../../examples"]) {
    const p = join(here, up);
    if (existsSync(p)) return p;
  }
  throw new UserError("the examples/ folder is missing from this installation");
}

export const registerDemo: RegisterCommand = (program) => {
  program
    .command("demo")
    .description("Run podwall on the embedded demo cluster (examples/demo): the matrix, one query that reveals a mistake, what to run next")
    .action(() => {
      const abs = join(examplesDir(), "demo");
      const rel = relative(process.cwd(), abs);
      const dir = rel.length < abs.length && !rel.startsWith("..") ? rel : abs;
      const { model } = loadModel({ file: [dir] });
      const out: string[] = [];
      out.push(`podwall demo — a three-tier shop in examples/demo (${model.cluster.pods.length} pods, ${model.policies.length} policies)`, "");
      out.push("1. Who can reach whom, by workload, on the ports that matter here (podwall matrix --by workload --port 8080 --port 5432 --port 53/UDP --served-only):", "");
      const ports = [{ protocol: "TCP", port: 8080 }, { protocol: "TCP", port: 5432 }, { protocol: "UDP", port: 53 }] as const;
      out.push(renderMatrix(computeMatrix(model, { by: "workload", ports: [...ports], servedOnly: true }), "table"), "");
      const from = resolveEndpoint(model, "shop/backend");
      const to = resolveEndpoint(model, "kube-system/coredns");
      if (!from.ok || !to.ok) throw new UserError("the demo cluster is incomplete (backend or coredns missing)");
      const v = evaluate(model, { src: from.value.endpoints[0]!, dst: to.value.endpoints[0]!, protocol: "UDP", port: 53 });
      out.push("2. Can the backend resolve names? (podwall query --from shop/backend --to kube-system/coredns --port 53/UDP)", "");
      out.push(verdictText(v), "");
      out.push(
        v.allowed
          ? "   DNS works for the backend."
          : "   The backend's egress is locked down but nothing allows DNS: every lookup it makes fails.\n   Fix: add an egress rule to kube-dns on UDP and TCP 53 (see examples/demo/README.md).",
        "",
      );
      out.push("3. Next:", `   podwall explain -f ${dir}`, `   podwall query -f ${dir} --from shop/frontend --to shop/backend --port 8080`, `   podwall matrix -f ${dir} --by pod`, "   podwall profiles");
      process.stdout.write(`${out.join("\n")}\n`);
    });
};
