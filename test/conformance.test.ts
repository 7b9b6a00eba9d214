// Every conformance case under test/conformance passes through `podwall conformance`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { podwall, ROOT } from "./helpers/cli.js";

const dir = join(ROOT, "test/conformance");
const suites = readdirSync(dir).filter((d) => d !== "clusters" && statSync(join(dir, d)).isDirectory());

for (const suite of suites) {
  test(`conformance: ${suite}`, () => {
    const r = podwall(["conformance", join(dir, suite)], { timeoutMs: 120_000 });
    const last = r.stdout.trim().split("\n").at(-1) ?? "";
    assert.match(last, /^\d+ passed, 0 failed$/, r.stdout.split("\n").filter((l) => !l.startsWith("PASS")).join("\n"));
    assert.equal(r.code, 0);
    const passed = Number(last.split(" ")[0]);
    assert.ok(passed > 0, "the suite ran no case");
  });
}
