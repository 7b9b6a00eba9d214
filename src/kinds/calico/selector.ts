// Calico selector expressions: parser, printer and translation to the IR's LabelExpr
// (SEMANTICS §3.4). Grammar, lowest precedence first, as libcalico-go's selector/parser:
//   or   := and ("||" and)*
//   and  := op ("&&" op)*
//   op   := "!"* ( has(k) | all() | global() | k == s | k != s | k in {s,…} | k not in {s,…}
//                 | k contains s | k starts with s | k ends with s | "(" or ")" )
// An empty selector is all(). Repeated "!" collapse.

import type { LabelExpr } from "../../model/labels.js";
import { ALL, NONE, and, not, or } from "../../model/labels.js";
import { SelectorError, tokenize } from "./selector-tokens.js";
import type { Token } from "./selector-tokens.js";

export { SelectorError };

export type SelNode =
  | { op: "all" }
  | { op: "global" }
  | { op: "has"; key: string }
  | { op: "eq" | "ne" | "contains" | "startsWith" | "endsWith"; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] }
  | { op: "not"; expr: SelNode }
  | { op: "and"; exprs: SelNode[] }
  | { op: "or"; exprs: SelNode[] };

/** Parse a selector; throws SelectorError with the offset of the problem. */
export function parseSelector(text: string): SelNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const describeTok = (t: Token) => (t.kind === "eof" ? "end of selector" : t.kind === "label" ? `label "${t.value}"` : t.kind === "string" ? `string '${t.value}'` : `"${text.slice(t.at, t.at + 1)}"`);

  const parseOr = (): SelNode => {
    const parts = [parseAnd()];
    while (peek().kind === "or") {
      next();
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : { op: "or", exprs: parts };
  };
  const parseAnd = (): SelNode => {
    const parts = [parseOp()];
    while (peek().kind === "and") {
      next();
      parts.push(parseOp());
    }
    return parts.length === 1 ? parts[0]! : { op: "and", exprs: parts };
  };
  const expectString = (after: string): string => {
    const t = next();
    if (t.kind !== "string") throw new SelectorError(`expected a quoted string after ${after}, found ${describeTok(t)}`, t.at);
    return t.value!;
  };
  const parseOp = (): SelNode => {
    let negated = false;
    while (peek().kind === "not") {
      next();
      negated = !negated;
    }
    const t = next();
    let node: SelNode;
    switch (t.kind) {
      case "has":
        node = { op: "has", key: t.value! };
        break;
      case "all":
        node = { op: "all" };
        break;
      case "global":
        node = { op: "global" };
        break;
      case "lparen": {
        node = parseOr();
        const close = next();
        if (close.kind !== "rparen") throw new SelectorError(`expected ")" to close the "(" at column ${t.at + 1}, found ${describeTok(close)}`, close.at);
        break;
      }
      case "label": {
        const key = t.value!;
        const opTok = next();
        switch (opTok.kind) {
          case "eq":
          case "ne":
          case "contains":
          case "startsWith":
          case "endsWith":
            node = { op: opTok.kind, key, value: expectString(`${key} ${text.slice(opTok.at, opTok.at + 2).trim()}`) };
            break;
          case "in":
          case "notin": {
            const brace = next();
            if (brace.kind !== "lbrace") throw new SelectorError(`expected a set literal {'a', 'b'} after "${opTok.kind === "in" ? "in" : "not in"}", found ${describeTok(brace)}`, brace.at);
            const values: string[] = [];
            while (peek().kind === "string") {
              values.push(next().value!);
              if (peek().kind !== "comma") break;
              next();
            }
            const close = next();
            if (close.kind !== "rbrace") throw new SelectorError(`expected "}" or a quoted string in the set, found ${describeTok(close)}`, close.at);
            node = { op: opTok.kind, key, values };
            break;
          }
          default:
            throw new SelectorError(`expected an operator after label "${key}", found ${describeTok(opTok)}`, opTok.at);
        }
        break;
      }
      default:
        throw new SelectorError(`expected a label, has(...), all(), global(), "!" or "(", found ${describeTok(t)}`, t.at);
    }
    return negated ? { op: "not", expr: node } : node;
  };

  if (peek().kind === "eof") return { op: "all" };
  const root = parseOr();
  const rest = peek();
  if (rest.kind !== "eof") throw new SelectorError(`unexpected ${describeTok(rest)} after a complete expression (missing "&&" or "||"?)`, rest.at);
  return root;
}

const quoted = (v: string) => (v.includes("'") ? `"${v}"` : `'${v}'`);

/** Canonical text for a selector; parseSelector(printSelector(n)) means the same as n. */
export function printSelector(n: SelNode): string {
  switch (n.op) {
    case "all":
      return "all()";
    case "global":
      return "global()";
    case "has":
      return `has(${n.key})`;
    case "eq":
      return `${n.key} == ${quoted(n.value)}`;
    case "ne":
      return `${n.key} != ${quoted(n.value)}`;
    case "contains":
      return `${n.key} contains ${quoted(n.value)}`;
    case "startsWith":
      return `${n.key} starts with ${quoted(n.value)}`;
    case "endsWith":
      return `${n.key} ends with ${quoted(n.value)}`;
    case "in":
      return `${n.key} in {${n.values.map(quoted).join(", ")}}`;
    case "notin":
      return `${n.key} not in {${n.values.map(quoted).join(", ")}}`;
    case "not":
      return `!${isAtom(n.expr) ? printSelector(n.expr) : `(${printSelector(n.expr)})`}`;
    case "and":
      return n.exprs.map((e) => (e.op === "or" ? `(${printSelector(e)})` : printSelector(e))).join(" && ");
    case "or":
      return n.exprs.map(printSelector).join(" || ");
  }
}

const isAtom = (n: SelNode) => n.op !== "and" && n.op !== "or";

export interface ToLabelExprOptions {
  /** What `global()` means where the selector is used (true inside endpoint labels). */
  global?: LabelExpr;
  /** What `all()` means (ALL unless a scope says otherwise). */
  all?: LabelExpr;
  /** Label keys to read under another name (e.g. projectcalico.org/name on namespaces). */
  rename?: Record<string, string>;
}

/** Into the IR's label language. `!=` and `not in` match objects without the key (§3.4). */
export function toLabelExpr(n: SelNode, opts: ToLabelExprOptions = {}): LabelExpr {
  const key = (k: string) => opts.rename?.[k] ?? k;
  switch (n.op) {
    case "all":
      return opts.all ?? ALL;
    case "global":
      return opts.global ?? ALL;
    case "has":
      return { op: "has", key: key(n.key) };
    case "eq":
      return { op: "eq", key: key(n.key), value: n.value };
    case "ne":
      return not({ op: "eq", key: key(n.key), value: n.value });
    case "contains":
    case "startsWith":
    case "endsWith":
      return { op: n.op, key: key(n.key), value: n.value };
    case "in":
      return n.values.length ? { op: "in", key: key(n.key), values: n.values } : NONE;
    case "notin":
      return n.values.length ? not({ op: "in", key: key(n.key), values: n.values }) : ALL;
    case "not":
      return not(toLabelExpr(n.expr, opts));
    case "and":
      return and(n.exprs.map((e) => toLabelExpr(e, opts)));
    case "or":
      return or(n.exprs.map((e) => toLabelExpr(e, opts)));
  }
}

/** A message that shows where in the selector the problem is, caret under the column. */
export function selectorErrorMessage(text: string, e: SelectorError): string {
  const line = text.replace(/[\r\n\t]/g, " ");
  return `invalid selector at column ${e.column}: ${e.message}\n    ${line}\n    ${" ".repeat(e.at)}^`;
}
