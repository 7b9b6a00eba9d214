// The page in a real browser: load the demo through `podwall serve`, click an edge and read
// its trace, edit a policy and see the diff, keyboard navigation, hostile names, screenshots
// (test-output/web/) in light and dark schemes.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { browserMissing, launch, OUT, serve } from "./helpers/browser.js";
import type { Browser, Served } from "./helpers/browser.js";
import { podwall } from "../helpers/cli.js";

const skip = browserMissing();
let browser: Browser;
let demo: Served;

before(async () => {
  if (skip) return;
  [browser, demo] = await Promise.all([launch(), serve(["-f", "examples/demo"])]);
});
after(async () => {
  demo?.stop();
  await browser?.close();
});

/** Open a page and collect what would betray a problem: errors, CSP violations, requests elsewhere. */
async function open(url: string, scheme: "light" | "dark" = "light"): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  return { page, problems, requests };
}

async function clickEdge(page: Page, from: string, to: string): Promise<void> {
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  const at = (await page.evaluate(`(() => {
    const pw = window.podwall;
    const id = (k) => pw.state.view.workloads.find((w) => w.key === k).id;
    const edge = pw.graph.cy.getElementById("e" + id(${JSON.stringify(from)}) + "-" + id(${JSON.stringify(to)}));
    if (edge.empty()) return null;
    const p = edge.renderedMidpoint();
    const box = pw.graph.cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  })()`)) as { x: number; y: number } | null;
  assert.ok(at, `no edge ${from} -> ${to} in the graph`);
  await page.mouse.click(at.x, at.y);
}

test("serve: loopback, strict CSP, the page loads the demo and requests nothing else", { skip }, async () => {
  assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const res = await fetch(demo.url);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[^']+'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const { page, problems, requests } = await open(demo.url);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true");
  assert.match((await page.textContent("#summary")) ?? "", /8 pods in 5 workloads/);
  assert.deepEqual(requests.filter((u) => u !== demo.url && !u.startsWith("blob:") && !u.startsWith("data:")), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("click an edge: its trace names the rules with file:line", { skip }, async () => {
  for (const scheme of ["light", "dark"] as const) {
    const { page, problems } = await open(demo.url, scheme);
    await clickEdge(page, "shop/frontend", "shop/backend");
    await page.waitForSelector("#trace article.trace");
    const text = (await page.textContent("#trace")) ?? "";
    assert.match(text, /ALLOWED/);
    assert.match(text, /shop\/frontend-[\w-]+ → shop\/backend-[\w-]+ TCP\/8080/);
    assert.match(text, /examples\/demo\/policies\.yaml:\d+:\d+/);
    await page.screenshot({ path: join(OUT, `demo-graph-${scheme}.png`) });
    await page.click("#tab-matrix");
    await page.screenshot({ path: join(OUT, `demo-matrix-${scheme}.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("what-if: edit a policy and see the flows it blocks, with their trace", { skip }, async () => {
  const { page, problems } = await open(demo.url);
  await page.click("#tab-whatif");
  await page.selectOption("#whatif-file", { label: "examples/demo/policies.yaml" });
  const text = await page.inputValue("#whatif-editor");
  const edited = text.replace(/(name: backend-egress[\s\S]*?)port: 5432/, "$1port: 5433");
  assert.notEqual(edited, text);
  await page.fill("#whatif-editor", edited);
  await page.click("#whatif-apply");
  await page.waitForSelector(".diff.blocked li button");
  const blocked = (await page.textContent(".diff.blocked")) ?? "";
  assert.match(blocked, /shop\/backend → shop\/db TCP\/5432/);
  assert.match((await page.textContent("#whatif-status")) ?? "", /newly blocked/);
  await page.screenshot({ path: join(OUT, "demo-whatif.png") });
  await page.click(".diff.blocked li button");
  await page.waitForSelector("#trace article.trace");
  assert.match((await page.textContent("#trace")) ?? "", /DENIED/);
  // The graph now draws the blocked flow, dotted.
  await page.click("#tab-graph");
  assert.ok(await page.evaluate(() => (window as unknown as { podwall: { graph: { cy: any } } }).podwall.graph.cy.edges(".diff-blocked").length > 0));
  await page.screenshot({ path: join(OUT, "demo-whatif-graph.png") });
  // Bad YAML: the errors are listed with file:line, nothing is applied.
  await page.click("#tab-whatif");
  await page.fill("#whatif-editor", "kind: [");
  await page.click("#whatif-apply");
  await page.waitForSelector("#whatif-results .errors li");
  assert.match((await page.textContent("#whatif-results")) ?? "", /policies\.yaml:\d+/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("findings: lint results, each shown in the graph on request", { skip }, async () => {
  const { page, problems } = await open(demo.url);
  await page.click("#tab-findings");
  await page.waitForSelector("#panel-findings .finding");
  assert.match((await page.textContent("#panel-findings")) ?? "", /egress-blocks-dns/);
  await page.screenshot({ path: join(OUT, "demo-findings.png") });
  await page.click("#panel-findings .finding:has-text('egress-blocks-dns') button");
  assert.equal(await page.isVisible("#panel-graph"), true);
  assert.notEqual(await page.inputValue("#filter-namespace"), "");
  assert.deepEqual(problems, []);
  await page.close();
});

test("keyboard: tabs with arrows, matrix cells with arrows and Enter, down to a trace", { skip }, async () => {
  const { page } = await open(demo.url);
  await page.focus("#tab-graph");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "tab-matrix");
  assert.equal(await page.isVisible("#panel-matrix"), true);
  for (let i = 0; i < 6 && !(await page.evaluate(() => !!document.activeElement?.closest("td"))); i++) await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest("td")), "Tab reaches the matrix cells");
  // namespaces: kube-system, monitoring, shop → go to shop × shop
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  assert.match((await page.textContent(".crumbs")) ?? "", /shop → shop/);
  await page.keyboard.press("Enter"); // first workload pair
  await page.keyboard.press("Enter"); // first pod pair: its trace
  await page.waitForSelector("#trace article.trace");
  await page.keyboard.press("Escape");
  await page.close();
});

test("hostile names, annotations and comments stay text: nothing executes", { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "podwall-hostile-"));
  const file = join(dir, "<img src=x onerror=window.__pwned=1>.yaml");
  writeFileSync(
    file,
    `# </script><script>window.__pwned=7</script><!--
apiVersion: v1
kind: Namespace
metadata:
  name: evil
  annotations: {note: "\\"><img src=x onerror=window.__pwned=4>"}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: evil
  labels: {app: web}
  annotations: {x: "</script><script>window.__pwned=6</script>"}
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: "<img src=x onerror=window.__pwned=8>", controller: true, uid: "1"}]
spec:
  containers: [{name: c, image: x, ports: [{containerPort: 80}]}]
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, namespace: evil, labels: {app: db}}
spec:
  containers: [{name: c, image: x, ports: [{containerPort: 80}]}]
status: {podIP: 10.0.0.2}
`,
  );
  const html = join(dir, "report.html");
  const r = podwall(["report", "--html", html, "-f", dir]);
  assert.equal(r.code, 0, r.stderr);
  const { page, problems } = await open(`file://${html}`);
  assert.equal(await page.evaluate(() => document.body.dataset.ready), "true");
  await page.click("#flow-list button");
  await page.waitForSelector("#trace article.trace");
  assert.match((await page.textContent("#trace")) ?? "", /<img src=x onerror=window.__pwned=1>\.yaml|evil\//);
  assert.match((await page.textContent("#flow-list")) ?? "", /evil\/<img src=x onerror=window.__pwned=8>/);
  // Invalid what-if input with hostile text: its errors are shown as text too.
  await page.click("#tab-whatif");
  await page.fill("#whatif-editor", `apiVersion: v1\nkind: Namespace\nmetadata: {name: "<img src=x onerror=window.__pwned=9>"}\n`);
  await page.click("#whatif-apply");
  await page.waitForSelector("#whatif-results .errors li");
  assert.match((await page.textContent("#whatif-results")) ?? "", /<img src=x onerror=window\.__pwned=9>/);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator("#app img").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
