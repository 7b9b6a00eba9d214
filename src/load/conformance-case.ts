// Read a conformance case file (shared format, test/conformance/README.md) and its cluster.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { LocatedObject } from "../model/object.js";
import { parseYaml } from "./parse-yaml.js";
import { parseCaseDocument } from "../analysis/conformance-format.js";
import type { ConformanceCase } from "../analysis/conformance-format.js";
import { listFiles } from "./inputs.js";

export type CaseLoad = { ok: true; case: ConformanceCase } | { ok: false; file: string; name: string; error: string };

export function caseFiles(paths: string[]): string[] {
  return paths.flatMap((p) => listFiles(p, new Set([".yaml", ".yml"])));
}

export function loadCase(file: string): CaseLoad {
  const fail = (error: string, name = file): CaseLoad => ({ ok: false, file, name, error });
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return fail(`cannot read: ${(e as Error).message}`);
  }
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.length) return fail(parsed.diagnostics.map((d) => `${d.source?.line ?? 0}:${d.source?.col ?? 0} ${d.message}`).join("; "));
  if (parsed.objects.length !== 1) return fail("a case file holds exactly one YAML document");
  const doc = parsed.objects[0]!;
  const body = parseCaseDocument(doc);
  if (!body.ok) return fail(body.error, body.name ?? file);
  let clusterObjects: LocatedObject[] = [];
  if (body.value.clusterPath) {
    const cpath = resolve(dirname(file), body.value.clusterPath);
    let ctext: string;
    try {
      ctext = readFileSync(cpath, "utf8");
    } catch (e) {
      return fail(`cluster ${body.value.clusterPath}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, body.value.name);
    }
    const cp = parseYaml(ctext, cpath);
    if (cp.diagnostics.length) return fail(`cluster ${body.value.clusterPath}: ${cp.diagnostics[0]!.message}`, body.value.name);
    clusterObjects = cp.objects;
  }
  return { ok: true, case: { ...body.value, file, clusterObjects } };
}
