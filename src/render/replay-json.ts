// replay results as JSON: every flow with its verdicts and full traces.

import type { ReplayReport } from "../analysis/replay.js";
import { verdictJson } from "./verdict-json.js";

export function replayJson(r: ReplayReport, skipped: Record<string, number>): string {
  return `${JSON.stringify(
    {
      profile: r.profile,
      summary: r.summary,
      skipped,
      flows: r.replayed.map((x) => ({ line: x.flow.line, count: x.flow.count, observed: x.flow.observed, source: x.flow.src, destination: x.flow.dst, protocol: x.flow.protocol, port: x.flow.port, sourceAs: x.srcAs, destinationAs: x.dstAs, allowed: x.allowed, wouldBreak: x.wouldBreak, verdicts: x.verdicts.map(verdictJson) })),
      unresolved: r.unresolved.map((u) => ({ line: u.flow.line, count: u.flow.count, source: u.flow.src, destination: u.flow.dst, protocol: u.flow.protocol, port: u.flow.port, reason: u.reason })),
    },
    null,
    2,
  )}\n`;
}
