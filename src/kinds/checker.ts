// Collects diagnostics for one object with field paths and positions, so that every kind's
// validator reads as a list of rules.

import type { Diagnostic, Severity } from "../model/source.js";
import type { FieldPath, LocatedObject } from "../model/object.js";
import { formatPath, objectName } from "../model/object.js";

export class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly obj: LocatedObject) {}

  report(severity: Severity, path: FieldPath, message: string): void {
    this.diagnostics.push({
      severity,
      message,
      path: formatPath(path) || undefined,
      source: this.obj.locate(path),
      object: objectName(this.obj.object),
    });
  }
  error(path: FieldPath, message: string): void {
    this.report("error", path, message);
  }
  warn(path: FieldPath, message: string): void {
    this.report("warning", path, message);
  }

  /** Type guards that report when the value has the wrong shape. Absent (undefined/null) is fine. */
  isObject(v: unknown, path: FieldPath): v is Record<string, unknown> {
    if (v === undefined || v === null) return false;
    if (typeof v === "object" && !Array.isArray(v)) return true;
    this.error(path, `expected a mapping, got ${shape(v)}`);
    return false;
  }
  isArray(v: unknown, path: FieldPath): v is unknown[] {
    if (v === undefined || v === null) return false;
    if (Array.isArray(v)) return true;
    this.error(path, `expected a list, got ${shape(v)}`);
    return false;
  }
  isString(v: unknown, path: FieldPath): v is string {
    if (v === undefined || v === null) return false;
    if (typeof v === "string") return true;
    this.error(path, `expected a string, got ${shape(v)}`);
    return false;
  }
  /** Warn about fields the API does not define (a strict API server rejects them). */
  knownFields(v: Record<string, unknown>, path: FieldPath, known: readonly string[]): void {
    for (const k of Object.keys(v)) if (!known.includes(k)) this.warn([...path, k], `unknown field "${k}" (expected one of: ${known.join(", ")})`);
  }
  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }
}

export function shape(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}
