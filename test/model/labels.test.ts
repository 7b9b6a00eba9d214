import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { describe as describeExpr, matches } from "../../src/model/labels.js";
import { fromLabelSelector } from "../../src/kinds/k8s-selector.js";
import { labelsArb, selectorArb } from "../helpers/random.js";

/** The Kubernetes selector rules written out plainly, as the API documents them. */
function reference(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = k(labels, e.key);
    const value = labels[e.key];
    if (e.operator === "In" && !(has && e.values!.includes(value!))) return false;
    if (e.operator === "NotIn" && has && e.values!.includes(value!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}
const k = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

test("label selectors match as the Kubernetes API defines them (property)", () => {
  fc.assert(fc.property(selectorArb, labelsArb, (sel, labels) => matches(fromLabelSelector(sel), labels) === reference(sel, labels)), { numRuns: 2000 });
});

test("the empty selector matches everything, NotIn and DoesNotExist match a missing key", () => {
  assert.equal(matches(fromLabelSelector({}), {}), true);
  assert.equal(matches(fromLabelSelector({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }), { app: "x" }), true);
  assert.equal(matches(fromLabelSelector({ matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }), {}), true);
  assert.equal(matches(fromLabelSelector({ matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] }), {}), false);
});

test("a label named like an Object.prototype member is not present by accident", () => {
  assert.equal(matches(fromLabelSelector({ matchExpressions: [{ key: "constructor", operator: "Exists" }] }), {}), false);
});

test("selectors describe themselves in plain words", () => {
  assert.equal(describeExpr(fromLabelSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev", "test"] }] })), "app=web, env notin (dev, test)");
  assert.equal(describeExpr(fromLabelSelector({})), "all");
});
