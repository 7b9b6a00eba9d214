// Read -f paths (files, folders recursively, `-` for stdin) into located objects.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import type { LocatedObject } from "../model/object.js";
import type { Diagnostic } from "../model/source.js";
import { DEFAULT_LIMITS, parseYaml } from "./parse-yaml.js";
import type { ParseLimits } from "./parse-yaml.js";
import { streamJsonList } from "./stream-json.js";

export interface LoadResult {
  objects: LocatedObject[];
  diagnostics: Diagnostic[];
  files: string[];
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Files under a folder, sorted so that output is stable. */
export function listFiles(path: string, exts: Set<string> = EXTENSIONS): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const p = join(path, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p, exts));
    else if (exts.has(extname(entry.name).toLowerCase())) out.push(p);
  }
  return out;
}

export function readStdin(): string {
  return readFileSync(0, "utf8");
}

export function loadInputs(paths: string[], limits: ParseLimits = DEFAULT_LIMITS): LoadResult {
  const result: LoadResult = { objects: [], diagnostics: [], files: [] };
  for (const path of paths) {
    if (path === "-") {
      add(result, readStdin(), "<stdin>", limits);
      continue;
    }
    let files: string[];
    try {
      files = listFiles(path);
    } catch (e) {
      result.diagnostics.push({ severity: "error", source: { file: path, line: 0, col: 0 }, message: `cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (e as Error).message}` });
      continue;
    }
    for (const file of files) {
      let size: number;
      try {
        size = statSync(file).size;
      } catch (e) {
        result.diagnostics.push({ severity: "error", source: { file, line: 0, col: 0 }, message: `cannot read: ${(e as Error).message}` });
        continue;
      }
      if (size > limits.maxBytes && extname(file).toLowerCase() === ".json") {
        // A kubectl dump beyond the YAML limit: read item by item (stream-json.ts).
        const streamed = streamJsonList(file);
        result.files.push(file);
        for (const o of streamed.objects) result.objects.push(o);
        result.diagnostics.push(...streamed.diagnostics);
        continue;
      }
      if (size > limits.maxBytes) {
        // Refuse before reading: a huge file must not exhaust memory.
        result.diagnostics.push({ severity: "error", source: { file, line: 1, col: 1 }, message: `file is ${size} bytes, more than the limit of ${limits.maxBytes} (raise it with --max-bytes)` });
        continue;
      }
      add(result, readFileSync(file, "utf8"), file, limits);
    }
  }
  return result;
}

/** Texts already in memory (files read from git, a page's inputs), parsed under the same limits. */
export function loadTexts(files: readonly { name: string; text: string }[], limits: ParseLimits = DEFAULT_LIMITS): LoadResult {
  const result: LoadResult = { objects: [], diagnostics: [], files: [] };
  for (const f of files) add(result, f.text, f.name, limits);
  return result;
}

function add(result: LoadResult, text: string, file: string, limits: ParseLimits): void {
  result.files.push(file);
  const parsed = parseYaml(text, file, limits);
  result.objects.push(...parsed.objects);
  result.diagnostics.push(...parsed.diagnostics);
}
