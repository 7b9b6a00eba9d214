// Label expressions: the one selector language of the IR. Kubernetes label selectors,
// Calico selector expressions and Cilium endpoint selectors all compile to this tree, so
// the engine (and the identity grouping) has a single thing to evaluate.

export type Labels = Readonly<Record<string, string>>;

export type LabelExpr =
  | { op: "all" }
  | { op: "none" }
  | { op: "eq"; key: string; value: string } // key present and equal
  | { op: "in"; key: string; values: string[] } // key present and value in the set
  | { op: "has"; key: string }
  | { op: "contains" | "startsWith" | "endsWith"; key: string; value: string }
  | { op: "not"; expr: LabelExpr }
  | { op: "and"; exprs: LabelExpr[] }
  | { op: "or"; exprs: LabelExpr[] };

export const ALL: LabelExpr = { op: "all" };
export const NONE: LabelExpr = { op: "none" };

export function and(exprs: LabelExpr[]): LabelExpr {
  const kept = exprs.filter((e) => e.op !== "all");
  if (kept.some((e) => e.op === "none")) return NONE;
  if (kept.length === 0) return ALL;
  if (kept.length === 1) return kept[0]!;
  return { op: "and", exprs: kept };
}

export function or(exprs: LabelExpr[]): LabelExpr {
  const kept = exprs.filter((e) => e.op !== "none");
  if (kept.some((e) => e.op === "all")) return ALL;
  if (kept.length === 0) return NONE;
  if (kept.length === 1) return kept[0]!;
  return { op: "or", exprs: kept };
}

export function not(expr: LabelExpr): LabelExpr {
  if (expr.op === "all") return NONE;
  if (expr.op === "none") return ALL;
  if (expr.op === "not") return expr.expr;
  return { op: "not", expr };
}

export function matches(expr: LabelExpr, labels: Labels): boolean {
  switch (expr.op) {
    case "all":
      return true;
    case "none":
      return false;
    case "eq":
      return Object.hasOwn(labels, expr.key) && labels[expr.key] === expr.value;
    case "in":
      return Object.hasOwn(labels, expr.key) && expr.values.includes(labels[expr.key]!);
    case "has":
      return Object.hasOwn(labels, expr.key);
    case "contains":
      return Object.hasOwn(labels, expr.key) && labels[expr.key]!.includes(expr.value);
    case "startsWith":
      return Object.hasOwn(labels, expr.key) && labels[expr.key]!.startsWith(expr.value);
    case "endsWith":
      return Object.hasOwn(labels, expr.key) && labels[expr.key]!.endsWith(expr.value);
    case "not":
      return !matches(expr.expr, labels);
    case "and":
      return expr.exprs.every((e) => matches(e, labels));
    case "or":
      return expr.exprs.some((e) => matches(e, labels));
  }
}

/** Every label key an expression looks at: identities are built from these keys only. */
export function keysOf(expr: LabelExpr, into: Set<string> = new Set()): Set<string> {
  switch (expr.op) {
    case "all":
    case "none":
      break;
    case "not":
      keysOf(expr.expr, into);
      break;
    case "and":
    case "or":
      for (const e of expr.exprs) keysOf(e, into);
      break;
    default:
      into.add(expr.key);
  }
  return into;
}

const quote = (v: string) => (/^[A-Za-z0-9_.\-/]*$/.test(v) && v !== "" ? v : JSON.stringify(v));

/** Plain words for a trace: `app=web, tier in (a, b)`; `all` for the empty selector. */
export function describe(expr: LabelExpr): string {
  switch (expr.op) {
    case "all":
      return "all";
    case "none":
      return "nothing";
    case "eq":
      return `${expr.key}=${quote(expr.value)}`;
    case "in":
      return `${expr.key} in (${expr.values.map(quote).join(", ")})`;
    case "has":
      return `has ${expr.key}`;
    case "contains":
      return `${expr.key} contains ${quote(expr.value)}`;
    case "startsWith":
      return `${expr.key} starts with ${quote(expr.value)}`;
    case "endsWith":
      return `${expr.key} ends with ${quote(expr.value)}`;
    case "not":
      if (expr.expr.op === "eq") return `${expr.expr.key}!=${quote(expr.expr.value)}`;
      if (expr.expr.op === "in") return `${expr.expr.key} notin (${expr.expr.values.map(quote).join(", ")})`;
      if (expr.expr.op === "has") return `!${expr.expr.key}`;
      return `not (${describe(expr.expr)})`;
    case "and":
      return expr.exprs.map((e) => (e.op === "or" ? `(${describe(e)})` : describe(e))).join(", ");
    case "or":
      return expr.exprs.map((e) => (e.op === "and" ? `(${describe(e)})` : describe(e))).join(" or ");
  }
}
