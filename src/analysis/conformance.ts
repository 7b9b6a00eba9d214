// Run a conformance case through the engine: every expected cell against the verdict, with
// the engine's own explanation for each difference.

import { compileObjects, kindFor } from "../kinds/registry.js";
import { objectName } from "../model/object.js";
import { formatDiagnostic } from "../model/source.js";
import { findProfile } from "../model/profiles.js";
import { createModel } from "../engine/model.js";
import type { PolicyModel } from "../engine/model.js";
import { evaluate } from "../engine/evaluate.js";
import { resolveEndpoint } from "../engine/resolve.js";
import type { Endpoint } from "../engine/endpoint.js";
import type { Verdict } from "../engine/verdict.js";
import type { ConformanceCase, ExpectedCell } from "./conformance-format.js";

export interface CellResult {
  cell: ExpectedCell;
  got: "allow" | "deny";
  /** The flow's mTLS status, when the cell expects one. */
  gotMtls?: "mutual" | "plaintext";
  verdict: Verdict;
}

export interface CaseResult {
  name: string;
  file: string;
  passed: boolean;
  /** Why the case could not be run at all (load error, unsupported feature). */
  error?: string;
  cells: number;
  failures: CellResult[];
}

export function buildCaseModel(c: ConformanceCase): { model: PolicyModel } | { error: string } {
  const profile = findProfile(c.cni ?? "generic");
  if (!profile) return { error: `unknown CNI profile "${c.cni}"` };
  const compiled = compileObjects([...c.clusterObjects, ...c.policies]);
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) return { error: `invalid input: ${errors.map(formatDiagnostic).join("; ")}` };
  const unsupportedPolicies = c.policies.filter((p) => !kindFor(p.object));
  if (unsupportedPolicies.length) return { error: `unsupported policy kind(s): ${unsupportedPolicies.map((p) => `${String(p.object.apiVersion)} ${objectName(p.object)}`).join(", ")}` };
  return { model: createModel(compiled.cluster, compiled.policies, profile) };
}

/** The two ends a cell names, each a single endpoint, or why not. */
export function cellEndpoints(model: PolicyModel, cell: ExpectedCell): { ok: true; src: Endpoint; dst: Endpoint } | { ok: false; error: string } {
  const from = resolveEndpoint(model, cell.from);
  const to = resolveEndpoint(model, cell.to, { resolvesTo: cell.resolvesTo });
  if (!from.ok || !to.ok) return { ok: false, error: `${cell.where}: ${!from.ok ? from.error : (to as { error: string }).error}` };
  if (from.value.endpoints.length !== 1 || to.value.endpoints.length !== 1) return { ok: false, error: `${cell.where}: ${cell.from} -> ${cell.to} must name single endpoints` };
  return { ok: true, src: from.value.endpoints[0]!, dst: to.value.endpoints[0]! };
}

export function runCase(c: ConformanceCase): CaseResult {
  const base = { name: c.name, file: c.file, cells: c.cells.length };
  const built = buildCaseModel(c);
  if ("error" in built) return { ...base, passed: false, error: built.error, failures: [] };
  const { model } = built;
  const failures: CellResult[] = [];
  for (const cell of c.cells) {
    const ends = cellEndpoints(model, cell);
    if (!ends.ok) return { ...base, passed: false, error: ends.error, failures: [] };
    const verdict = evaluate(model, { src: ends.src, dst: ends.dst, protocol: cell.protocol, port: cell.port, selfVia: "service", ...(cell.http ? { http: cell.http } : {}), ...(cell.dnsName !== undefined ? { dnsName: cell.dnsName } : {}) });
    const got = verdict.allowed ? "allow" : "deny";
    // `mtls:` expects the flow's transport too; no mesh in the input means plaintext.
    const gotMtls = verdict.mesh?.mtls.status ?? "plaintext";
    if (got !== cell.expect || (cell.mtls && gotMtls !== cell.mtls)) failures.push({ cell, got, verdict, ...(cell.mtls ? { gotMtls } : {}) });
  }
  return { ...base, passed: failures.length === 0, failures };
}
