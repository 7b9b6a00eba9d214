// `podwall lab clean`: remove the namespaces that lab runs recorded and did not remove
// (a crash, kill -9). Only what the ledger names is touched; live runs are left alone.

import { forget, pidAlive, readLedger, removeNamespaces } from "./ledger.js";

export function labClean(): string {
  const lines: string[] = [];
  let removedTotal = 0;
  for (const entry of readLedger()) {
    if (entry.pid !== process.pid && pidAlive(entry.pid)) {
      lines.push(`${entry.runId}: still running (pid ${entry.pid}), left alone`);
      continue;
    }
    const { removed, failed } = removeNamespaces(entry.namespaces);
    removedTotal += removed.length;
    if (failed.length) lines.push(`${entry.runId}: could not remove ${failed.join(", ")}`);
    else {
      forget(entry.runId);
      lines.push(`${entry.runId}: removed ${removed.length} namespace(s)${removed.length ? ` (${removed.slice(0, 4).join(", ")}${removed.length > 4 ? `, and ${removed.length - 4} more` : ""})` : ""}`);
    }
  }
  lines.push(`${removedTotal} namespace(s) removed`);
  return `${lines.join("\n")}\n`;
}
