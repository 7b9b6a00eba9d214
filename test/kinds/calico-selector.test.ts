// Calico selector parser: every operator, precedence, "!" chains, not in / notin, quoting,
// errors with columns, and a property: printing then parsing keeps the meaning.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseSelector, printSelector, toLabelExpr, SelectorError } from "../../src/kinds/calico/selector.js";
import type { SelNode } from "../../src/kinds/calico/selector.js";
import { matches } from "../../src/model/labels.js";
import type { Labels } from "../../src/model/labels.js";

const sel = (text: string, labels: Labels) => matches(toLabelExpr(parseSelector(text)), labels);

test("equality, inequality and missing labels", () => {
  assert.equal(sel("app == 'web'", { app: "web" }), true);
  assert.equal(sel('app == "web"', { app: "db" }), false);
  assert.equal(sel("app == 'web'", {}), false);
  assert.equal(sel("app != 'web'", { app: "db" }), true);
  assert.equal(sel("app != 'web'", {}), true, "!= matches an endpoint without the label");
  assert.equal(sel("app != 'web'", { app: "web" }), false);
});

test("set membership: in, not in, notin", () => {
  assert.equal(sel("tier in {'a', 'b'}", { tier: "b" }), true);
  assert.equal(sel("tier in {'a','b'}", { tier: "c" }), false);
  assert.equal(sel("tier in {'a'}", {}), false);
  assert.equal(sel("tier not in {'a', 'b'}", { tier: "c" }), true);
  assert.equal(sel("tier not in {'a'}", {}), true, "not in matches an endpoint without the label");
  assert.equal(sel("tier notin {'a'}", { tier: "a" }), false);
  assert.equal(sel("tier in {}", { tier: "a" }), false);
});

test("has, all, string operators", () => {
  assert.equal(sel("has(app)", { app: "" }), true);
  assert.equal(sel("!has(app)", { app: "x" }), false);
  assert.equal(sel("has( app )", { app: "x" }), true);
  assert.equal(sel("all()", {}), true);
  assert.equal(sel("!all()", { a: "b" }), false);
  assert.equal(sel("", {}), true, "the empty selector is all()");
  assert.equal(sel("   ", {}), true);
  assert.equal(sel("name contains 'ngi'", { name: "nginx" }), true);
  assert.equal(sel("name starts with 'ng'", { name: "nginx" }), true);
  assert.equal(sel("name starts   with 'x'", { name: "nginx" }), false);
  assert.equal(sel("name ends with 'inx'", { name: "nginx" }), true);
  assert.equal(sel("name contains 'a'", {}), false);
  assert.equal(sel("projectcalico.org/namespace == 'prod'", { "projectcalico.org/namespace": "prod" }), true);
});

test("precedence: ! over && over ||, parentheses", () => {
  // a || b && c  is  a || (b && c)
  assert.equal(sel("a == '1' || b == '1' && c == '1'", { a: "1" }), true);
  assert.equal(sel("(a == '1' || b == '1') && c == '1'", { a: "1" }), false);
  // !a == 'x' && b  is  (!(a == 'x')) && b
  assert.equal(sel("!a == 'x' && has(b)", { b: "" }), true);
  assert.equal(sel("!(has(a) && has(b))", { a: "" }), true);
  assert.equal(sel("!!has(a)", { a: "" }), true, "!! collapses");
  assert.equal(sel("!!!has(a)", { a: "" }), false);
  assert.equal(sel("((has(a)))", { a: "" }), true);
});

test("strings: either quote, no escapes, the other quote inside", () => {
  assert.equal(sel(`msg == "it's"`, { msg: "it's" }), true);
  assert.equal(sel(`msg == 'say "hi"'`, { msg: 'say "hi"' }), true);
  assert.equal(sel("msg == 'a b'", { msg: "a b" }), true);
});

function errorAt(text: string): { column: number; message: string } {
  try {
    parseSelector(text);
  } catch (e) {
    assert.ok(e instanceof SelectorError, String(e));
    return { column: e.column, message: e.message };
  }
  assert.fail(`"${text}" parsed`);
}

test("errors point at the column inside the selector", () => {
  assert.equal(errorAt("app = 'web'").column, 5);
  assert.equal(errorAt("app == web").column, 8);
  assert.match(errorAt("app == web").message, /quoted string/);
  assert.equal(errorAt("app == 'web").column, 8);
  assert.match(errorAt("app == 'web").message, /unterminated/);
  assert.equal(errorAt("has(app) &&").column, 12);
  assert.equal(errorAt("has(app) & has(b)").column, 10);
  assert.equal(errorAt("(has(a) || has(b)").column, 18);
  assert.equal(errorAt("has(a) has(b)").column, 8);
  assert.equal(errorAt("tier in {'a' 'b'}").column, 14);
  assert.equal(errorAt("tier in 'a'").column, 9);
  assert.equal(errorAt("app is 'x'").column, 5);
  assert.equal(errorAt("has()").column, 5);
  assert.equal(errorAt("#x").column, 1);
});

// Random selectors over a few keys and values, evaluated on random label maps.
const keys = ["a", "b", "x.io/c"];
const values = ["", "1", "2", "it's", "a b"];
const key = fc.constantFrom(...keys);
const value = fc.constantFrom(...values);
const node: fc.Arbitrary<SelNode> = fc.letrec<{ n: SelNode }>((tie) => ({
  n: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<SelNode>({ op: "all" }),
    key.map((k): SelNode => ({ op: "has", key: k })),
    fc.tuple(fc.constantFrom("eq", "ne", "contains", "startsWith", "endsWith") as fc.Arbitrary<"eq" | "ne" | "contains" | "startsWith" | "endsWith">, key, value).map(([op, k, v]): SelNode => ({ op, key: k, value: v })),
    fc.tuple(fc.constantFrom("in", "notin") as fc.Arbitrary<"in" | "notin">, key, fc.array(value, { maxLength: 3 })).map(([op, k, vs]): SelNode => ({ op, key: k, values: vs })),
    tie("n").map((e): SelNode => ({ op: "not", expr: e })),
    fc.array(tie("n"), { minLength: 2, maxLength: 3 }).map((es): SelNode => ({ op: "and", exprs: es })),
    fc.array(tie("n"), { minLength: 2, maxLength: 3 }).map((es): SelNode => ({ op: "or", exprs: es })),
  ),
})).n;
const labelMap = fc.dictionary(key, value, { maxKeys: 3 });

/** A direct evaluation of the tree, independent of toLabelExpr. */
function evalNode(n: SelNode, l: Record<string, string>): boolean {
  const has = (k: string) => Object.hasOwn(l, k);
  switch (n.op) {
    case "all":
    case "global":
      return true;
    case "has":
      return has(n.key);
    case "eq":
      return has(n.key) && l[n.key] === n.value;
    case "ne":
      return !(has(n.key) && l[n.key] === n.value);
    case "contains":
      return has(n.key) && l[n.key]!.includes(n.value);
    case "startsWith":
      return has(n.key) && l[n.key]!.startsWith(n.value);
    case "endsWith":
      return has(n.key) && l[n.key]!.endsWith(n.value);
    case "in":
      return has(n.key) && n.values.includes(l[n.key]!);
    case "notin":
      return !(has(n.key) && n.values.includes(l[n.key]!));
    case "not":
      return !evalNode(n.expr, l);
    case "and":
      return n.exprs.every((e) => evalNode(e, l));
    case "or":
      return n.exprs.some((e) => evalNode(e, l));
  }
}

test("property: parse(print(expr)) means the same as expr on random label maps", () => {
  fc.assert(
    fc.property(node, fc.array(labelMap, { minLength: 1, maxLength: 5 }), (n, maps) => {
      const text = printSelector(n);
      const back = toLabelExpr(parseSelector(text));
      for (const l of maps) assert.equal(matches(back, l), evalNode(n, l), `${text} on ${JSON.stringify(l)}`);
    }),
    { numRuns: 300 },
  );
});
