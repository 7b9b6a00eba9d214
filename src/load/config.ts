// .podwall.yaml: found upward from the working directory (like .eslintrc or .editorconfig),
// or named with --config. Reading and parsing live here; the meaning of the `lint` section
// is src/analysis/lint/config.ts.

import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../model/source.js";
import { parseYaml } from "./parse-yaml.js";
import { defaultConfig, parseLintConfig } from "../analysis/lint/config.js";
import type { LintConfig } from "../analysis/lint/config.js";
import type { LintCheck } from "../analysis/lint/types.js";

export const CONFIG_NAMES = [".podwall.yaml", ".podwall.yml"];

/** The nearest config file in `dir` or one of its parents, or undefined. */
export function findConfig(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(d, name);
      if (existsSync(p) && statSync(p).isFile()) return p;
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

export interface LoadedConfig {
  config: LintConfig;
  /** The file read, if any. */
  file?: string;
  diagnostics: Diagnostic[];
}

/** `explicit` (from --config) must exist; otherwise the nearest file upward from `cwd`, or the defaults. */
export function loadLintConfig(checks: readonly LintCheck[], opts: { explicit?: string; cwd: string }): LoadedConfig {
  const file = opts.explicit ?? findConfig(opts.cwd);
  if (!file) return { config: defaultConfig(), diagnostics: [] };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { config: defaultConfig(), file, diagnostics: [{ severity: "error", source: { file, line: 0, col: 0 }, message: `cannot read config: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : (e as Error).message}` }] };
  }
  const parsed = parseYaml(text, file, { maxBytes: 1024 * 1024, maxAliasCount: 100 });
  if (parsed.diagnostics.length) return { config: defaultConfig(), file, diagnostics: parsed.diagnostics };
  if (parsed.objects.length === 0) return { config: defaultConfig(), file, diagnostics: [] }; // an empty file: defaults
  if (parsed.objects.length > 1) return { config: defaultConfig(), file, diagnostics: [{ severity: "error", source: parsed.objects[1]!.locate([]), message: "the config file must hold one YAML document" }] };
  const { config, diagnostics } = parseLintConfig(parsed.objects[0]!, checks);
  return { config, file, diagnostics };
}
