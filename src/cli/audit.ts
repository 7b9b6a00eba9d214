// podwall audit: coverage figures, encryption in transit and compliance controls.

import { audit } from "../analysis/audit.js";
import { compliance, parseScope } from "../analysis/compliance.js";
import { auditHtml } from "../render/audit-html.js";
import { auditJson } from "../render/audit-json.js";
import { auditMarkdown } from "../render/audit-md.js";
import { UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerAudit: RegisterCommand = (program) => {
  inputOptions(
    program
      .command("audit")
      .description("Coverage in figures (default deny, isolation, pairs allowed, internet, metadata, kube-system), encryption in transit, and PCI-DSS / SOC 2 controls")
      .option("--scope <selector>", "namespaces in PCI scope, by label: KEY=VALUE[,KEY!=VALUE,KEY] (default: every namespace but kube-system)")
      .option("-o, --output <format>", "md, html or json", "md"),
  ).action((opts) => {
    const format = outputFormat(opts.output, ["md", "html", "json"] as const, "md");
    let scope: { text: string; expr: import("../model/labels.js").LabelExpr } | undefined;
    if (opts.scope !== undefined) {
      const s = parseScope(opts.scope);
      if (!s.ok) throw new UserError(s.error);
      scope = { text: opts.scope, expr: s.expr };
    }
    const loaded = loadModel(opts);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const report = audit(loaded.model, loaded.objects);
    const c = compliance(loaded.model, report, scope);
    process.stdout.write(format === "json" ? auditJson(report, c) : format === "html" ? auditHtml(report, c) : auditMarkdown(report, c));
  });
};
