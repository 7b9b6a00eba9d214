// podwall profiles: the CNI profiles and what each setting does.

import { PROFILES } from "../model/profiles.js";
import { FEATURE_HELP, SETTING_HELP } from "../model/profile.js";
import type { ProfileFeatures, ProfileSettings } from "../model/profile.js";
import { table } from "../render/table.js";
import { UserError } from "./exit-codes.js";
import { outputFormat } from "./options.js";
import type { RegisterCommand } from "./commands.js";

export const registerProfiles: RegisterCommand = (program) => {
  program
    .command("profiles")
    .description("List the CNI profiles (--cni) and what each of their settings does")
    .argument("[name]", "show one profile")
    .option("-o, --output <format>", "text or json", "text")
    .action((name: string | undefined, opts) => {
      const format = outputFormat(opts.output, ["text", "json"] as const, "text");
      const chosen = name ? PROFILES.filter((p) => p.name === name) : PROFILES;
      if (name && !chosen.length) throw new UserError(`unknown profile "${name}"; known: ${PROFILES.map((p) => p.name).join(", ")}`);
      if (format === "json") {
        process.stdout.write(`${JSON.stringify(chosen, null, 2)}\n`);
        return;
      }
      const out: string[] = [];
      for (const p of chosen) {
        out.push(`${p.name} — ${p.title}`, `  ${p.description}`, `  enforces: ${p.enforces.join(", ")}`);
        const rows = (Object.keys(p.settings) as (keyof ProfileSettings)[]).map((k) => [`  ${k}`, String(p.settings[k]), SETTING_HELP[k]]);
        const feats = (Object.keys(p.features) as (keyof ProfileFeatures)[]).map((k) => [`  ${k}`, p.features[k] ? "enforced" : "not enforced", FEATURE_HELP[k]]);
        out.push(table([...rows, ...feats]), `  sources: ${p.sources.join("; ")}`, "");
      }
      process.stdout.write(`${out.join("\n")}\n`);
    });
};
