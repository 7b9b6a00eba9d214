// Nothing is left behind: labs alive in this process are removed on exit, SIGINT and SIGTERM.

interface Destroyable {
  destroy(): void;
}

const active = new Set<Destroyable>();
let installed = false;

function destroyAll(): void {
  for (const lab of [...active]) {
    try {
      lab.destroy();
    } catch (e) {
      process.stderr.write(`podwall lab: ${(e as Error).message}\n`);
    }
  }
}

export function track(lab: Destroyable): void {
  active.add(lab);
  if (installed) return;
  installed = true;
  process.on("exit", destroyAll);
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    process.on(signal, () => {
      process.stderr.write(`podwall lab: ${signal}: removing the lab\n`);
      destroyAll();
      process.exit(code);
    });
  }
}

export function untrack(lab: Destroyable): void {
  active.delete(lab);
}
