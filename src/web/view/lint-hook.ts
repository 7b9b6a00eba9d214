// Lint findings for the page. `podwall lint` (src/analysis/lint) has no registry yet; when it
// lands, run its checks here and map each finding to FindingView.

import type { LintHook } from "./session.js";

export const lintHook: LintHook | undefined = undefined;
