// Requests to the worker as promises. The worker's code is in the page itself (a
// non-executing script element), started from a blob: URL, so the page and the report file
// work without a server and without any other host.

import type { Reply, Request } from "./protocol.js";

type Pending = { resolve: (r: Reply) => void; progress?: (done: number, total: number) => void };
type Body = Request extends infer R ? (R extends Request ? Omit<R, "id"> : never) : never;

export class EngineClient {
  private next = 1;
  private pending = new Map<number, Pending>();
  private worker: Worker;

  constructor(source: string) {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    this.worker = new Worker(url);
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const p = this.pending.get(e.data.id);
      if (!p) return;
      if (e.data.type === "progress") p.progress?.(e.data.done, e.data.total);
      else {
        this.pending.delete(e.data.id);
        p.resolve(e.data);
      }
    };
    this.worker.onerror = (e) => {
      for (const [id, p] of this.pending) p.resolve({ id, type: "failed", message: e.message || "the engine worker failed" });
      this.pending.clear();
    };
  }

  request(body: Body, progress?: Pending["progress"]): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, progress });
      this.worker.postMessage({ ...body, id });
    });
  }
}
