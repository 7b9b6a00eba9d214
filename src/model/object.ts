// A Kubernetes object as read from a file, with a way back to where each field was written.

import type { SourceRef } from "./source.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  [k: string]: unknown;
}

export type FieldPath = (string | number)[];

export interface LocatedObject {
  object: KubeObject;
  file: string;
  /** Position of the field at `path` (relative to the object), or of its nearest ancestor. */
  locate(path: FieldPath): SourceRef;
}

/** `spec.ingress[0].ports[1].endPort` */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) out += `[${JSON.stringify(p)}]`; // label keys: `matchLabels["app.kubernetes.io/name"]`
    else out += out ? `.${p}` : p;
  }
  return out;
}

export function objectName(o: KubeObject): string {
  const md = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof md.name === "string" ? md.name : "<unnamed>";
  const ns = typeof md.namespace === "string" ? `${md.namespace}/` : "";
  return `${typeof o.kind === "string" ? o.kind : "<no kind>"} ${ns}${name}`;
}

/** An object built in memory (tests, the browser's what-if before it is parsed). */
export function unlocated(object: KubeObject, file = "<memory>"): LocatedObject {
  return { object, file, locate: () => ({ file, line: 0, col: 0 }) };
}
