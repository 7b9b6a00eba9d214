// `podwall query --cni all`: the same question under every CNI profile, side by side. The
// policies are loaded and compiled once; each profile gets its own model (profiles change
// which policies count, how ipBlock reads addresses and what a host-network pod is).

import { evaluate } from "../engine/evaluate.js";
import { createModel } from "../engine/model.js";
import { resolveEndpoint } from "../engine/resolve.js";
import type { Flow } from "../engine/endpoint.js";
import type { Verdict } from "../engine/verdict.js";
import type { Protocol } from "../model/ir.js";
import { PROFILES } from "../model/profiles.js";
import { table } from "../render/table.js";
import { verdictJson } from "../render/verdict-json.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import type { InputOptions } from "./load-model.js";

export interface EveryCniQuery {
  from: string;
  to: string;
  resolvesTo?: string;
  port: number;
  protocol: Protocol;
  request: Pick<Flow, "http" | "dnsName">;
  format: "text" | "json";
}

/** Prints the table (or JSON) and returns the exit code: 0 when allowed under every profile. */
export function queryEveryCni(opts: InputOptions, q: EveryCniQuery): number {
  const loaded = loadModel({ ...opts, cni: "generic" });
  for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
  const rows: { profile: string; verdicts: Verdict[] }[] = PROFILES.map((profile) => {
    const model = createModel(loaded.compiled.cluster, loaded.compiled.policies, profile);
    const from = resolveEndpoint(model, q.from);
    if (!from.ok) throw new UserError(`--from: ${from.error}`);
    const to = resolveEndpoint(model, q.to, { resolvesTo: q.resolvesTo });
    if (!to.ok) throw new UserError(`--to: ${to.error}`);
    const verdicts = from.value.endpoints.flatMap((src) => to.value.endpoints.map((dst) => evaluate(model, { src, dst, protocol: q.protocol, port: q.port, selfVia: "service", ...q.request })));
    return { profile: profile.name, verdicts };
  });
  if (q.format === "json") {
    process.stdout.write(`${JSON.stringify({ profiles: rows.map((r) => ({ profile: r.profile, verdicts: r.verdicts.map(verdictJson) })) }, null, 2)}\n`);
  } else {
    const head = rows[0]!.verdicts[0]?.summary.split(":")[0] ?? `${q.from} -> ${q.to}`;
    const lines = rows.map((r) => {
      const allowed = r.verdicts.every((v) => v.allowed);
      const deciding = r.verdicts.find((v) => !v.allowed) ?? r.verdicts[0]!;
      return [r.profile, allowed ? "ALLOWED" : "DENIED", reason(deciding)];
    });
    process.stdout.write(`${head}, under every CNI profile:\n\n${table(lines, { header: ["PROFILE", "VERDICT", "WHY"] })}\n\n(podwall query --cni NAME shows the full trace under one profile)\n`);
  }
  return rows.every((r) => r.verdicts.every((v) => v.allowed)) ? EXIT.ok : EXIT.denied;
}

/** One line: the failing side's summary, or what let both sides through, and what was ignored. */
function reason(v: Verdict): string {
  const sides = [v.egress, v.ingress];
  const failing = sides.find((s) => !s.allowed);
  const ignored = sides.flatMap((s) => s.steps).filter((s) => s.event === "ignored").length;
  const main = failing ? `${failing.direction}: ${failing.summary}` : sides.map((s) => `${s.direction}: ${s.decidedBy}`).join(", ");
  return ignored ? `${main} (${ignored} polic${ignored === 1 ? "y" : "ies"} ignored: not enforced by this CNI)` : main;
}
