// The audit as JSON: every figure with the pods and flows behind it (AuditReport is already
// plain data), then the compliance controls with their findings.

import type { AuditReport } from "../analysis/audit.js";
import type { Compliance } from "../analysis/compliance.js";

export function auditJson(r: AuditReport, c: Compliance): string {
  return `${JSON.stringify({ audit: r, compliance: c }, null, 2)}\n`;
}
