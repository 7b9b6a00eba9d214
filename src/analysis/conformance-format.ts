// The conformance case format (test/conformance/README.md): a cluster, the policies in force,
// and expected verdicts as matrices and/or a list of checks. Pure: parsing only.

import type { LocatedObject } from "../model/object.js";
import type { Protocol } from "../model/ir.js";

export interface ExpectedCell {
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  expect: "allow" | "deny";
  resolvesTo?: string;
  http?: { method?: string; path?: string; host?: string; headers?: Record<string, string> };
  dnsName?: string;
  mtls?: "mutual" | "plaintext";
  /** Where it was written: `probes[0] row x/a` or `checks[3]`. */
  where: string;
}

export interface ConformanceCase {
  name: string;
  source: string;
  file: string;
  cni?: string;
  clusterPath?: string;
  clusterObjects: LocatedObject[];
  policies: LocatedObject[];
  cells: ExpectedCell[];
}

type Body = Omit<ConformanceCase, "file" | "clusterObjects">;
export type BodyResult = { ok: true; value: Body } | { ok: false; error: string; name?: string };

const PROTOS = ["TCP", "UDP", "SCTP"];

export function parseMatrix(text: string, protocol: Protocol, port: number, where: string): { cells: ExpectedCell[] } | { error: string } {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  const header = lines.find((l) => l.startsWith("#"));
  if (!header) return { error: `${where}: the matrix needs a header line starting with #` };
  const cols = header.slice(1).trim().split(/\s+/);
  const cells: ExpectedCell[] = [];
  for (const line of lines) {
    if (line.startsWith("#")) continue;
    const parts = line.split(/\s+/);
    const row = parts[0]!;
    const marks = parts.slice(1);
    if (marks.length !== cols.length) return { error: `${where}: row ${row} has ${marks.length} cells, the header has ${cols.length}` };
    marks.forEach((m, j) => {
      if (m !== "." && m !== "X") throw new Error(`${where}: row ${row}: cell "${m}" must be . (allowed) or X (denied)`);
      cells.push({ from: row, to: cols[j]!, protocol, port, expect: m === "." ? "allow" : "deny", where: `${where} row ${row}` });
    });
  }
  return { cells };
}

export function parseCaseDocument(doc: LocatedObject): BodyResult {
  const o = doc.object as Record<string, unknown>;
  const name = typeof o.name === "string" ? o.name : undefined;
  if (!name) return { ok: false, error: "missing `name`" };
  const fail = (error: string): BodyResult => ({ ok: false, error, name });
  if (o.cluster !== undefined && typeof o.cluster !== "string") return fail("`cluster` must be a path");
  if (o.cni !== undefined && typeof o.cni !== "string") return fail("`cni` must be a profile name");
  const policies = o.policies ?? [];
  if (!Array.isArray(policies)) return fail("`policies` must be a list");
  const cells: ExpectedCell[] = [];
  try {
    const probes = o.probes ?? [];
    if (!Array.isArray(probes)) return fail("`probes` must be a list");
    for (const [i, p] of probes.entries()) {
      const pr = p as Record<string, unknown>;
      if (!PROTOS.includes(pr.protocol as string) || typeof pr.port !== "number" || typeof pr.matrix !== "string")
        return fail(`probes[${i}]: needs protocol (TCP, UDP or SCTP), port and matrix`);
      const m = parseMatrix(pr.matrix, pr.protocol as Protocol, pr.port, `probes[${i}]`);
      if ("error" in m) return fail(m.error);
      cells.push(...m.cells);
    }
    const checks = o.checks ?? [];
    if (!Array.isArray(checks)) return fail("`checks` must be a list");
    for (const [i, c] of checks.entries()) {
      const ch = c as Record<string, unknown>;
      if (typeof ch.from !== "string" || typeof ch.to !== "string") return fail(`checks[${i}]: needs from and to`);
      const protocol = (ch.protocol ?? "TCP") as string;
      if (!PROTOS.includes(protocol)) return fail(`checks[${i}]: protocol must be TCP, UDP or SCTP`);
      if (typeof ch.port !== "number") return fail(`checks[${i}]: needs a numeric port`);
      if (ch.expect !== "allow" && ch.expect !== "deny") return fail(`checks[${i}]: expect must be allow or deny`);
      cells.push({
        from: ch.from,
        to: ch.to,
        protocol: protocol as Protocol,
        port: ch.port,
        expect: ch.expect,
        resolvesTo: typeof ch.resolvesTo === "string" ? ch.resolvesTo : undefined,
        http: ch.http as ExpectedCell["http"],
        dnsName: typeof ch.dnsName === "string" ? ch.dnsName : undefined,
        mtls: ch.mtls === "mutual" || ch.mtls === "plaintext" ? ch.mtls : undefined,
        where: `checks[${i}]`,
      });
    }
  } catch (e) {
    return fail((e as Error).message);
  }
  if (cells.length === 0) return fail("the case has no probes and no checks");
  const policyObjects: LocatedObject[] = policies.map((p, i) => ({
    object: p as LocatedObject["object"],
    file: doc.file,
    locate: (path) => doc.locate(["policies", i, ...path]),
  }));
  return {
    ok: true,
    value: { name, source: typeof o.source === "string" ? o.source : "", cni: o.cni as string | undefined, clusterPath: o.cluster as string | undefined, policies: policyObjects, cells },
  };
}
