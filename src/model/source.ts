// Where something came from, and what is wrong with it. Every object, rule and diagnostic
// carries a SourceRef so that messages can say file:line:col.

export interface SourceRef {
  file: string;
  line: number; // 1-based; 0 when unknown (objects built in memory)
  col: number; // 1-based
}

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** Field path inside the object, Kubernetes style: `spec.ingress[0].ports[1].endPort`. */
  path?: string;
  source?: SourceRef;
  /** The object the diagnostic is about, `Kind ns/name`. */
  object?: string;
}

export function formatSource(s: SourceRef | undefined): string {
  if (!s) return "<unknown>";
  return s.line > 0 ? `${s.file}:${s.line}:${s.col}` : s.file;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${formatSource(d.source)}: ` : "";
  const obj = d.object ? `${d.object}: ` : "";
  const path = d.path ? `${d.path}: ` : "";
  return `${where}${d.severity}: ${obj}${path}${d.message}`;
}
