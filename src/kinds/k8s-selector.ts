// metav1.LabelSelector → LabelExpr. NotIn and DoesNotExist also match objects without the
// key (SEMANTICS §1.3.5), which `not(...)` gives for free.

import type { LabelExpr } from "../model/labels.js";
import { and, not } from "../model/labels.js";

interface K8sSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

export function fromLabelSelector(sel: unknown): LabelExpr {
  const s = (sel ?? {}) as K8sSelector;
  const parts: LabelExpr[] = [];
  for (const [key, value] of Object.entries(s.matchLabels ?? {})) parts.push({ op: "eq", key, value: String(value) });
  for (const e of s.matchExpressions ?? []) {
    const values = (e.values ?? []).map(String);
    switch (e.operator) {
      case "In":
        parts.push({ op: "in", key: e.key, values });
        break;
      case "NotIn":
        parts.push(not({ op: "in", key: e.key, values }));
        break;
      case "Exists":
        parts.push({ op: "has", key: e.key });
        break;
      case "DoesNotExist":
        parts.push(not({ op: "has", key: e.key }));
        break;
      default:
        // Validation rejects unknown operators; fail closed if one slips through.
        parts.push({ op: "none" });
    }
  }
  return and(parts);
}
