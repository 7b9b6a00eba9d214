// The Web Worker: all engine work happens here, off the page's thread, on the texts the page
// was given. It never fetches anything.

import { Session } from "../view/session.js";
import type { Reply, Request } from "./protocol.js";
import { lintHook } from "../view/lint-hook.js";

const session = new Session(lintHook);
const post = (r: Reply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  try {
    if (req.type === "load") {
      const t0 = performance.now();
      let last = 0;
      const r = session.load(req.files, req.profile, (done, total) => {
        const now = performance.now();
        if (now - last > 100) {
          last = now;
          post({ id: req.id, type: "progress", done, total });
        }
      });
      if (!r.ok) post({ id: req.id, type: "errors", errors: r.errors });
      else post({ id: req.id, type: "view", view: r.built.view, ms: performance.now() - t0 });
    } else if (req.type === "trace") {
      post({ id: req.id, type: "trace", traces: session.trace(req.which, req.src, req.dst, req.port) });
    } else if (req.type === "findings") {
      post({ id: req.id, type: "findings", ...session.findings(req.which) });
    } else if (req.type === "whatif") {
      post({ id: req.id, type: "whatif", result: session.whatIf(req.files) });
    }
  } catch (err) {
    post({ id: req.id, type: "failed", message: (err as Error)?.message ?? String(err) });
  }
};
