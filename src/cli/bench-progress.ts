// Progress for long work: one rewritten line on stderr when stderr is a terminal, nothing
// otherwise (CI logs and pipes stay clean).

import type { Progress } from "../engine/fast-matrix.js";

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (phase, done, total) => {
    const t = Date.now();
    if (done < total && t - last < 100) return;
    last = t;
    stream.write(`\r\u001b[K${phase} ${done}/${total}${done === total ? "\n" : ""}`);
  };
}
