// podwall explain: for each group of pods that policies treat alike, what applies and allows.

import { explainGroups } from "../analysis/explain.js";
import type { DirectionWords } from "../analysis/explain.js";
import { formatSource } from "../model/source.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerExplain: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("explain")
      .description("For each group of pods that policies treat alike: isolation per direction, the policies that select it, and what they allow")
      .option("-o, --output <format>", "text or json", "text"),
  ).action((opts) => {
    const format = outputFormat(opts.output, ["text", "json"] as const, "text");
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const groups = explainGroups(loaded.model);
    if (format === "json") {
      process.stdout.write(`${JSON.stringify({ profile: loaded.model.profile.name, groups }, null, 2)}\n`);
      return;
    }
    const out: string[] = [];
    groups.forEach((g, i) => {
      const pods = g.pods.length > 6 ? `${g.pods.slice(0, 6).join(", ")} and ${g.pods.length - 6} more` : g.pods.join(", ");
      out.push(`Group ${i + 1}: ${pods}${g.fromTemplate ? "  (includes workload templates)" : ""}`);
      out.push(direction("ingress", g.ingress), direction("egress", g.egress), "");
    });
    process.stdout.write(out.join("\n"));
  });
};

function direction(name: string, d: DirectionWords): string {
  const lines: string[] = [];
  if (!d.policies.length) return `  ${name}: not isolated, no policy selects these pods: everything is allowed`;
  lines.push(`  ${name}: ${d.isolated ? "ISOLATED" : "not isolated"}; selected by ${d.policies.map((p) => `${p.name}${p.enforced ? "" : " (not enforced by this CNI)"} [${formatSource(p.source)}]`).join(", ")}`);
  if (!d.rules.length) lines.push(d.isolated ? `    nothing is allowed (${name} default deny)` : "    no rules");
  const verb = name === "ingress" ? "from" : "to";
  for (const r of d.rules) lines.push(`    ${r.action} ${verb} ${r.peer} on ${r.ports}  (${r.policy} ${r.path} [${formatSource(r.source)}])`);
  return lines.join("\n");
}
