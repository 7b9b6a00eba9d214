// The audit as Markdown (a CI artifact or a pull-request comment).

import type { AuditReport } from "../analysis/audit.js";
import type { Compliance } from "../analysis/compliance.js";
import { auditDoc } from "./audit-doc.js";
import { docToMarkdown } from "./doc.js";

export function auditMarkdown(r: AuditReport, c: Compliance): string {
  return docToMarkdown(auditDoc(r, c));
}
