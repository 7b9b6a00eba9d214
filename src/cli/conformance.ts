// podwall conformance: run conformance case files (test/conformance/README.md).

import { caseFiles, loadCase } from "../load/conformance-case.js";
import { runCase } from "../analysis/conformance.js";
import type { CaseResult } from "../analysis/conformance.js";
import { describeEndpoint } from "../engine/endpoint.js";
import { EXIT, UserError } from "./exit-codes.js";
import type { RegisterCommand } from "./commands.js";

export const registerConformance: RegisterCommand = (program, setExit) => {
  program
    .command("conformance")
    .description("Run conformance cases (files or folders of *.yaml): one line per case, the cells that differ, then `N passed, N failed`")
    .argument("<case-or-dir...>")
    .option("--json", "one JSON object per case, then the totals")
    .action((paths: string[], opts: { json?: boolean }) => {
      let files: string[];
      try {
        files = caseFiles(paths);
      } catch (e) {
        throw new UserError(`cannot read ${paths.join(", ")}: ${(e as Error).message}`);
      }
      if (!files.length) throw new UserError(`no case files (*.yaml) in ${paths.join(", ")}`);
      const results: CaseResult[] = files.map((f) => {
        const l = loadCase(f);
        return l.ok ? runCase(l.case) : { name: l.name, file: l.file, passed: false, error: l.error, cells: 0, failures: [] };
      });
      for (const r of results) process.stdout.write(opts.json ? `${JSON.stringify(caseJson(r))}\n` : caseText(r));
      const passed = results.filter((r) => r.passed).length;
      const failed = results.length - passed;
      process.stdout.write(`${passed} passed, ${failed} failed\n`);
      setExit(failed ? EXIT.denied : EXIT.ok);
    });
};

function caseText(r: CaseResult): string {
  if (r.passed) return `PASS ${r.name}\n`;
  const lines = [`FAIL ${r.name}  (${r.file})`];
  if (r.error) lines.push(`  ${r.error}`);
  for (const f of r.failures) {
    const mtls = f.cell.mtls ? `, mTLS ${f.cell.mtls}` : "";
    lines.push(`  ${f.cell.from} -> ${f.cell.to} ${f.cell.protocol}/${f.cell.port}: expected ${f.cell.expect}${mtls}, got ${f.got}${mtls ? `, mTLS ${f.gotMtls}` : ""}  (${f.cell.where})`);
    for (const s of [f.verdict.egress, f.verdict.ingress]) lines.push(`    ${s.direction}: ${s.allowed ? "allowed" : "denied"} — ${s.summary}`);
    if (f.verdict.l7) lines.push(`    L7: ${f.verdict.l7.status} — ${f.verdict.l7.summary}`);
    if (f.verdict.mesh) lines.push(`    mesh: ${f.verdict.mesh.status} — ${f.verdict.mesh.summary}; mTLS ${f.verdict.mesh.mtls.status}: ${f.verdict.mesh.mtls.reason}`);
  }
  return `${lines.join("\n")}\n`;
}

function caseJson(r: CaseResult): Record<string, unknown> {
  return {
    name: r.name,
    file: r.file,
    passed: r.passed,
    error: r.error ?? null,
    cells: r.cells,
    failures: r.failures.map((f) => ({ ...f.cell, got: f.got, from: describeEndpoint(f.verdict.flow.src), to: describeEndpoint(f.verdict.flow.dst), egress: f.verdict.egress.summary, ingress: f.verdict.ingress.summary })),
  };
}
