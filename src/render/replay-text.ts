// replay results for a terminal: the flows that would be dropped with their traces, the
// unresolved ones, then the summary a reviewer reads first… last, where a terminal leaves it.

import type { ReplayReport, ReplayedFlow } from "../analysis/replay.js";
import type { FlowEnd } from "../load/flows.js";
import { verdictText } from "./trace-text.js";
import { table } from "./table.js";

export function endText(e: FlowEnd): string {
  if (e.text !== undefined) return e.text;
  if (e.namespace && e.pod) return `${e.namespace}/${e.pod}`;
  return e.ip ?? "?";
}

function flowHead(r: { flow: ReplayedFlow["flow"] }): string {
  const f = r.flow;
  return `line ${f.line}${f.count > 1 ? ` (×${f.count})` : ""}: ${endText(f.src)} -> ${endText(f.dst)} ${f.protocol}/${f.port}${f.observed.length ? ` [observed ${f.observed.join(", ")}]` : ""}`;
}

export function replayText(r: ReplayReport, opts: { all?: boolean } = {}): string {
  const out: string[] = [];
  for (const x of r.replayed) {
    if (x.allowed && !opts.all) continue;
    out.push(`${x.allowed ? "ALLOW" : x.wouldBreak ? "DROP (would break: observed forwarded)" : "DROP"} ${flowHead(x)}`);
    if (!x.allowed || opts.all) for (const v of x.verdicts) out.push(verdictText(v).replace(/^/gm, "    "));
  }
  if (r.unresolved.length) {
    out.push("", `Not in the model (${r.unresolved.length}):`);
    for (const u of r.unresolved) out.push(`  ${flowHead(u)}: ${u.reason}`);
  }
  const s = r.summary;
  out.push("", `Summary: ${s.flows} flow(s); ${s.allowed} allowed, ${s.dropped} would be dropped (${s.wouldBreak} of them observed as forwarded), ${s.unresolved} not in the model.`);
  if (s.drops.length) {
    out.push("", "Would be dropped, by workload:");
    out.push(table(s.drops.map((d) => [d.from, d.to, `${d.protocol}/${d.port}`, String(d.flows), d.lines.slice(0, 5).join(",") + (d.lines.length > 5 ? ",…" : "")]), { header: ["from", "to", "port", "flows", "lines"] }).replace(/^/gm, "  "));
  }
  return `${out.join("\n")}\n`;
}
