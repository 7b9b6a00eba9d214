// Every command podwall has: one register function each, in the order `--help` lists them.

import type { Command } from "commander";
import { registerQuery } from "./query.js";
import { registerMatrix } from "./matrix.js";
import { registerExplain } from "./explain.js";
import { registerValidate } from "./validate.js";
import { registerConformance } from "./conformance.js";
import { registerProfiles } from "./profiles.js";
import { registerDemo } from "./demo.js";
import { registerServe } from "./serve.js";
import { registerReport } from "./report.js";
import { registerLint } from "./lint.js";
import { registerAudit } from "./audit.js";
import { registerAssert } from "./assert.js";
import { registerReplay } from "./replay.js";
import { registerDiff } from "./diff.js";
import { registerLab } from "./lab.js";
import { registerBench } from "./bench.js";

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, setExit: SetExit) => void;

export const COMMANDS: RegisterCommand[] = [registerDemo, registerQuery, registerExplain, registerMatrix, registerValidate, registerConformance, registerProfiles, registerAudit, registerAssert, registerReplay, registerDiff, registerLint, registerServe, registerReport, registerLab, registerBench];
