// Messages between the page and its Web Worker. The page sends the input texts once; the
// worker answers with views, traces and what-if diffs. Every request carries an id.

import type { InputFile } from "../view/session.js";
import type { FindingView, TraceView, ViewData, WhatIfView } from "../view/types.js";

export type Request =
  | { id: number; type: "load"; files: InputFile[]; profile: string }
  | { id: number; type: "trace"; which: "base" | "edited"; src: string; dst: string; port?: string }
  | { id: number; type: "whatif"; files: InputFile[] }
  | { id: number; type: "findings"; which: "base" | "edited" };

export type Reply =
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "view"; view: ViewData; ms: number }
  | { id: number; type: "errors"; errors: string[] }
  | { id: number; type: "trace"; traces: TraceView[] }
  | { id: number; type: "whatif"; result: WhatIfView }
  | { id: number; type: "findings"; available: boolean; findings: FindingView[] }
  | { id: number; type: "failed"; message: string };

/** What the page is given: the input files as text, embedded in the page as JSON. */
export interface PageData {
  title: string;
  profile: string;
  files: InputFile[];
}
