// The diff as JSON for tools: every change with the head verdict's evidence.

import type { DiffReport } from "../analysis/diff.js";

export function diffJson(d: DiffReport, labels: { base: string; head: string }, newExposure: boolean): string {
  return `${JSON.stringify({ base: labels.base, head: labels.head, newExposure, ...d }, null, 2)}\n`;
}
