// The audit as a standalone HTML page; every user string is escaped by docToHtml.

import type { AuditReport } from "../analysis/audit.js";
import type { Compliance } from "../analysis/compliance.js";
import { auditDoc } from "./audit-doc.js";
import { docToHtml } from "./doc.js";

export function auditHtml(r: AuditReport, c: Compliance): string {
  return docToHtml("podwall audit", auditDoc(r, c));
}
