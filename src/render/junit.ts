// JUnit XML, generic: test suites of test cases that pass, fail or are skipped. Lint maps
// checks to suites and findings to failing cases; `assert` maps intents to cases. CI systems
// (GitLab, Jenkins, GitHub test reporters) read this format.

export interface JUnitCase {
  name: string;
  classname?: string;
  /** Seconds. */
  time?: number;
  failure?: { message: string; type?: string; text?: string };
  /** Why it was skipped (for lint: the suppression's reason). */
  skipped?: string;
  systemOut?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  time?: number;
  properties?: Record<string, string>;
}

const esc = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "") // not allowed in XML 1.0
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function renderJUnit(suites: readonly JUnitSuite[], name = "podwall"): string {
  const total = (f: (c: JUnitCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(f).length, 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${esc(name)}" tests="${total(() => true)}" failures="${total((c) => !!c.failure)}" errors="0" skipped="${total((c) => !c.failure && c.skipped !== undefined)}">`);
  for (const s of suites) {
    const failures = s.cases.filter((c) => c.failure).length;
    const skipped = s.cases.filter((c) => !c.failure && c.skipped !== undefined).length;
    out.push(`  <testsuite name="${esc(s.name)}" tests="${s.cases.length}" failures="${failures}" errors="0" skipped="${skipped}"${s.time !== undefined ? ` time="${s.time}"` : ""}>`);
    if (s.properties && Object.keys(s.properties).length) {
      out.push("    <properties>");
      for (const [k, v] of Object.entries(s.properties)) out.push(`      <property name="${esc(k)}" value="${esc(v)}"/>`);
      out.push("    </properties>");
    }
    for (const c of s.cases) {
      const attrs = `name="${esc(c.name)}" classname="${esc(c.classname ?? s.name)}"${c.time !== undefined ? ` time="${c.time}"` : ""}`;
      const body: string[] = [];
      if (c.failure) body.push(`      <failure message="${esc(c.failure.message)}"${c.failure.type ? ` type="${esc(c.failure.type)}"` : ""}>${esc(c.failure.text ?? c.failure.message)}</failure>`);
      else if (c.skipped !== undefined) body.push(`      <skipped message="${esc(c.skipped)}"/>`);
      if (c.systemOut) body.push(`      <system-out>${esc(c.systemOut)}</system-out>`);
      out.push(body.length ? `    <testcase ${attrs}>\n${body.join("\n")}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n");
}
