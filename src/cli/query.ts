// podwall query: can FROM reach TO on PORT? The verdict and its trace.

import { Command } from "commander";
import { evaluate } from "../engine/evaluate.js";
import { describeEndpoint } from "../engine/endpoint.js";
import { resolveEndpoint } from "../engine/resolve.js";
import { verdictText } from "../render/trace-text.js";
import { verdictJson } from "../render/verdict-json.js";
import { EXIT, UserError } from "./exit-codes.js";
import { loadModel, modelNotes } from "./load-model.js";
import { inputOptions, outputFormat, parsePortSpec } from "./options.js";
import type { RegisterCommand } from "./commands.js";
import { l7Options, parseL7 } from "./l7-options.js";
import { queryEveryCni } from "./query-every-cni.js";

export const registerQuery: RegisterCommand = (program, setExit) => {
  l7Options(
    inputOptions(
      program
        .command("query")
        .description("Can FROM reach TO on PORT? Prints the verdict and the rules that decided it. Exit 0 allowed, 1 denied, 2 bad input.")
        .requiredOption("--from <endpoint>", "NS/POD, NS/WORKLOAD, NS/label=value or an IP address")
        .requiredOption("--to <endpoint>", "NS/POD, NS/WORKLOAD, NS/label=value, an IP address or fqdn:NAME")
        .requiredOption("--port <port>", "destination port, PORT[/TCP|UDP|SCTP]; TCP when not said")
        .option("--resolves-to <ip>", "with --to fqdn:NAME, the address the name resolved to")
        .option("-o, --output <format>", "text or json", "text"),
    ),
  ).action((opts) => {
    const format = outputFormat(opts.output, ["text", "json"] as const, "text");
    const { port, protocol } = parsePortSpec(opts.port);
    const request = parseL7(opts);
    // --cni all: the verdict under every profile, side by side (query-every-cni.ts).
    if (opts.cni === "all") return setExit(queryEveryCni(opts, { from: opts.from, to: opts.to, resolvesTo: opts.resolvesTo, port, protocol, request, format }));
    const loaded = loadModel(opts);
    const { model } = loaded;
    const from = resolveEndpoint(model, opts.from);
    if (!from.ok) throw new UserError(`--from: ${from.error}`);
    const to = resolveEndpoint(model, opts.to, { resolvesTo: opts.resolvesTo });
    if (!to.ok) throw new UserError(`--to: ${to.error}`);
    for (const n of modelNotes(loaded)) process.stderr.write(`note: ${n}\n`);
    const verdicts = from.value.endpoints.flatMap((src) => to.value.endpoints.map((dst) => evaluate(model, { src, dst, protocol, port, selfVia: "service", ...request })));
    if (format === "json") process.stdout.write(`${JSON.stringify({ profile: model.profile.name, verdicts: verdicts.map(verdictJson) }, null, 2)}\n`);
    else {
      if (from.value.endpoints.length > 1 || to.value.endpoints.length > 1)
        process.stdout.write(`${from.value.endpoints.length} source(s) (${from.value.as}) × ${to.value.endpoints.length} destination(s) (${to.value.as}); profile ${model.profile.name}\n\n`);
      process.stdout.write(`${verdicts.map(verdictText).join("\n\n")}\n`);
      const tmpl = [...from.value.endpoints, ...to.value.endpoints].filter((e) => e.kind === "pod" && e.pod.fromTemplate);
      if (tmpl.length) process.stdout.write(`\n(${tmpl.map(describeEndpoint).join(", ")}: no live pods; the workload's pod template stands for them)\n`);
    }
    setExit(verdicts.every((v) => v.allowed) ? EXIT.ok : EXIT.denied);
  });
};

export type { Command };
