// Options and argument parsers shared by commands.

import type { Command } from "commander";
import type { Protocol } from "../model/ir.js";
import { UserError } from "./exit-codes.js";
import { DEFAULT_LIMITS } from "../load/parse-yaml.js";

/** Commander reducer for a repeatable string option. */
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** -f/--file (repeatable), --cni, --max-bytes. */
export function inputOptions(cmd: Command): Command {
  return cmd
    .option("-f, --file <path>", "YAML/JSON file or folder (repeatable; - for stdin)", collect)
    .option("--cni <profile>", "CNI profile whose choices apply (see podwall profiles)", "generic")
    .option("--max-bytes <n>", "largest YAML/JSON file accepted, in bytes", String(DEFAULT_LIMITS.maxBytes))
    .option("--max-parse-seconds <s>", "time allowed to parse one file", String(DEFAULT_LIMITS.maxParseMs! / 1000));
}

export interface PortSpec {
  protocol: Protocol;
  port: number;
}

/** `5432`, `5432/TCP`, `53/udp`. */
export function parsePortSpec(text: string): PortSpec {
  const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  if (!m) throw new UserError(`--port "${text}": expected PORT or PORT/PROTOCOL, such as 5432/TCP or 53/UDP`);
  const port = Number(m[1]);
  if (port < 1 || port > 65535) throw new UserError(`--port "${text}": port must be 1-65535`);
  return { port, protocol: (m[2]?.toUpperCase() ?? "TCP") as Protocol };
}

export const portList = (v: string, prev: PortSpec[] = []) => [...prev, parsePortSpec(v)];

export function outputFormat<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  const v = (value ?? fallback) as T;
  if (!allowed.includes(v)) throw new UserError(`-o "${value}": expected one of ${allowed.join(", ")}`);
  return v;
}
