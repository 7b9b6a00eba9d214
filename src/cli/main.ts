// podwall's command line: one file per command; this file only wires them and turns
// errors into messages and exit codes.

import { Command, CommanderError } from "commander";
import { EXIT, UserError } from "./exit-codes.js";
import { COMMANDS } from "./commands.js";

export async function main(argv: string[]): Promise<number> {
  const program = new Command("podwall")
    .description("Who can talk to whom in a Kubernetes cluster, on which port, and why.")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code: number = EXIT.ok;
  for (const register of COMMANDS) register(program, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.ok;
      return EXIT.badInput; // commander already printed the message
    }
    if (e instanceof UserError) {
      process.stderr.write(`podwall: ${e.message}\n`);
      return e.code;
    }
    process.stderr.write(`podwall: internal error (a bug, please report it): ${(e as Error)?.message ?? e}\n`);
    if (process.env.PODWALL_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    return EXIT.internal;
  }
}
