// The assert file: a YAML list of intents, each with its position for messages.
//
//   - name: web reaches the api            # optional
//     from: app/web                        # see src/analysis/endpoint-spec.ts
//     to: pay/app=api
//     port: 8443                           # 8443, "53/UDP", or a list of them
//     expect: allow                        # allow | deny
//     match: all                           # all (default): every pair; any: at least one
//
// A mapping with an `assertions:` list is accepted too.

import { readFileSync } from "node:fs";
import { isMap, isSeq } from "yaml";
import type { Node as YamlNode } from "yaml";
import { documentValue, yamlDocuments } from "./parse-yaml.js";
import type { Protocol } from "../model/ir.js";
import type { Diagnostic, SourceRef } from "../model/source.js";
import type { Intent } from "../analysis/assert.js";

/** An intent (src/analysis/assert.ts) and where it was written. */
export interface AssertionSpec extends Intent {
  source: SourceRef;
}

export interface AssertionFile {
  assertions: AssertionSpec[];
  diagnostics: Diagnostic[];
}

const KEYS = new Set(["name", "from", "to", "port", "ports", "expect", "match"]);

function parsePort(v: unknown): { protocol: Protocol; port: number } | undefined {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(String(v).trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  if (port < 1 || port > 65535) return undefined;
  return { port, protocol: (m[2]?.toUpperCase() ?? "TCP") as Protocol };
}

export function parseAssertions(text: string, file: string): AssertionFile {
  const diagnostics: Diagnostic[] = [];
  const error = (source: SourceRef, message: string) => diagnostics.push({ severity: "error", source, message });
  // The same reader as the inputs: size limit, parse deadline, aliases resolved up to the limit.
  const read = yamlDocuments(text, file);
  if ("error" in read) return { assertions: [], diagnostics: [read.error] };
  const at = (offset: number | undefined): SourceRef => read.at(offset ?? 0);
  const doc = read.docs[0];
  const got = doc ? documentValue(doc, read.at) : { value: null };
  if ("diagnostics" in got) diagnostics.push(...got.diagnostics);
  // The message yaml's parseDocument gave, which this file used before.
  if (read.docs.length > 1) error(at(read.docs[1]!.range[0]), "the assert file must hold one YAML document (a list of assertions); this is a second one");
  if (diagnostics.length) return { assertions: [], diagnostics };
  let list = (doc?.contents ?? null) as YamlNode | null;
  let values = "value" in got ? got.value : undefined;
  if (isMap(list)) {
    list = (list.get("assertions", true) as YamlNode | undefined) ?? null;
    values = (values as Record<string, unknown>).assertions;
  }
  if (!isSeq(list)) {
    error(at(0), "expected a list of assertions (or a mapping with an `assertions:` list)");
    return { assertions: [], diagnostics };
  }
  const assertions: AssertionSpec[] = [];
  list.items.forEach((item, i) => {
    const node = item as YamlNode;
    const source = at(node?.range?.[0]);
    if (!isMap(node)) return error(source, `assertion ${i + 1}: expected a mapping with from, to, port and expect`);
    const v = (values as unknown[])[i] as Record<string, unknown>;
    const keyAt = (k: string) => {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === k);
      return at((pair?.value as YamlNode | undefined)?.range?.[0] ?? node.range?.[0]);
    };
    let ok = true;
    const bad = (k: string, msg: string) => {
      ok = false;
      error(keyAt(k), `assertion ${i + 1}: ${msg}`);
    };
    for (const k of Object.keys(v)) if (!KEYS.has(k)) bad(k, `unknown field "${k}" (known: ${[...KEYS].join(", ")})`);
    for (const k of ["from", "to"]) if (typeof v[k] !== "string" || !(v[k] as string).trim()) bad(k, `"${k}" must be a text such as ns/pod, ns/workload, ns/key=value, ns, a CIDR or internet`);
    const rawPorts = v.port ?? v.ports;
    const portList = Array.isArray(rawPorts) ? rawPorts : rawPorts === undefined ? [] : [rawPorts];
    const ports = portList.map(parsePort);
    if (!portList.length) bad("port", `"port" is required: 8080, "53/UDP" or a list`);
    else if (ports.some((p) => !p)) bad(v.port !== undefined ? "port" : "ports", `"port" must be PORT or PORT/PROTOCOL (1-65535; TCP, UDP or SCTP), got ${JSON.stringify(rawPorts)}`);
    if (v.expect !== "allow" && v.expect !== "deny") bad("expect", `"expect" must be allow or deny, got ${JSON.stringify(v.expect)}`);
    if (v.match !== undefined && v.match !== "all" && v.match !== "any") bad("match", `"match" must be all or any, got ${JSON.stringify(v.match)}`);
    if (!ok) return;
    const name = typeof v.name === "string" ? v.name : `${v.from} -> ${v.to} ${portList.join(",")} ${v.expect}`;
    assertions.push({ name, from: String(v.from).trim(), to: String(v.to).trim(), ports: ports as AssertionSpec["ports"], expect: v.expect as "allow" | "deny", match: (v.match as "all" | "any") ?? "all", source });
  });
  return { assertions, diagnostics };
}

export function readAssertions(path: string): AssertionFile {
  let text: string;
  try {
    text = path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { assertions: [], diagnostics: [{ severity: "error", source: { file: path, line: 0, col: 0 }, message: `cannot read: ${code === "ENOENT" ? "no such file" : (e as Error).message}` }] };
  }
  return parseAssertions(text, path);
}
