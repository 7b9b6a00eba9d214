// The shape of a lint check and of what it finds (DESIGN.md "The shapes that repeat").
// A check is one module in this folder; checks reason on the engine's model, not on YAML.

import type { PolicyModel } from "../../engine/model.js";
import type { LocatedObject } from "../../model/object.js";
import type { SourceRef } from "../../model/source.js";
import type { LintConfig } from "./config.js";

export type LintSeverity = "error" | "warning" | "info";

/** The object a finding is about, as `kubectl` names it. */
export interface FindingObject {
  kind: string;
  namespace?: string;
  name: string;
}

export interface RelatedLocation {
  message: string;
  source: SourceRef;
}

export interface Finding {
  checkId: string;
  severity: LintSeverity;
  /** One or two sentences a newcomer understands. */
  message: string;
  object: FindingObject;
  /** Where to look (and usually where to fix): the rule, the policy, or the object's line. */
  source: SourceRef;
  /** Field path inside the object, when the finding is about one field. */
  path?: string;
  /** How to fix it; a YAML snippet where one fits. */
  fix?: string;
  /** Other places that explain the finding (the pods concerned, the rule that allows it). */
  related?: RelatedLocation[];
  /** Set by the runner when a config suppression matches. */
  suppressed?: { reason: string };
}

/** What a check returns before the runner applies severities and suppressions. */
export type RawFinding = Omit<Finding, "checkId" | "severity" | "suppressed">;

export interface LintContext {
  model: PolicyModel;
  config: LintConfig;
  /** The objects as written, for checks about how a value is spelled (host bits). */
  objects: readonly LocatedObject[];
  /** A numeric threshold of this check, from the config or its default. */
  option(key: string): number;
  /** Tell the user something about this run (a check skipped on a large input, …). */
  note(text: string): void;
}

export interface CheckOption {
  default: number;
  help: string;
}

export interface LintCheck {
  /** Stable, kebab-case: `egress-blocks-dns`. */
  id: string;
  severity: LintSeverity;
  /** One line. */
  title: string;
  /** Why it matters and how to fix it (shown in SARIF rules and `--help`-like listings). */
  help: string;
  /** Thresholds the config may set under `lint.checks.<id>`. */
  options?: Record<string, CheckOption>;
  run(ctx: LintContext): RawFinding[];
}

export function formatObject(o: FindingObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
