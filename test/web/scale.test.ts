// The page on a generated 5,000-pod cluster: time to first render and to a what-if, in the
// browser. Slow (tens of seconds on two cores), so it runs only with PODWALL_WEB_SCALE=1;
// the figures go to test-output/web/scale.json and the README.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { browserMissing, launch, OUT } from "./helpers/browser.js";
import { podwall } from "../helpers/cli.js";
import { syntheticClusterYaml } from "./helpers/synthetic.js";

const enabled = process.env.PODWALL_WEB_SCALE === "1";
const skip = !enabled ? "set PODWALL_WEB_SCALE=1 to measure the page on 5,000 pods" : browserMissing();

test("5,000 pods: first render and a what-if stay responsive", { skip, timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-scale-"));
  writeFileSync(join(dir, "cluster.yaml"), syntheticClusterYaml({ namespaces: 50, workloadsPerNamespace: 20, replicas: 5 }));
  const html = join(dir, "scale.html");
  let t = Date.now();
  const r = podwall(["report", "--html", html, "-f", dir], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const reportMs = Date.now() - t;
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    t = Date.now();
    await page.goto(`file://${html}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 300_000 });
    const firstRenderMs = Date.now() - t;
    const inPage = Number(await page.evaluate(() => document.body.dataset.firstRenderMs));
    assert.match((await page.textContent("#summary")) ?? "", /5001 pods/);
    // The page stays interactive: a namespace filter redraws at workload level.
    t = Date.now();
    await page.selectOption("#filter-namespace", "team-007");
    await page.waitForFunction(() => /workload/.test(document.getElementById("graph-note")?.textContent ?? "") && !/more than/.test(document.getElementById("graph-note")?.textContent ?? ""));
    const filterMs = Date.now() - t;
    await page.screenshot({ path: join(OUT, "scale-namespace.png") });
    console.log(JSON.stringify({ reportMs, firstRenderMs, inPage, filterMs }));
    // What-if: a new policy that opens team-007's ingress to every pod in the cluster.
    await page.click("#tab-whatif");
    await page.selectOption("#whatif-file", "");
    await page.fill("#whatif-editor", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open-to-all, namespace: team-007}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {}}]\n");
    t = Date.now();
    await page.click("#whatif-apply");
    await page.waitForSelector(".diff.allowed li button", { timeout: 120_000 });
    const whatIfMs = Date.now() - t;
    const status = (await page.textContent("#whatif-status")) ?? "";
    assert.match(status, /[1-9]\d* flow\(s\) newly allowed/);
    const figures = { pods: 5001, workloads: 1001, reportMs, firstRenderMs, firstRenderInPageMs: inPage, namespaceFilterMs: filterMs, whatIfMs, whatIfStatus: status };
    writeFileSync(join(OUT, "scale.json"), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(JSON.stringify(figures));
  } finally {
    await browser.close();
  }
});
