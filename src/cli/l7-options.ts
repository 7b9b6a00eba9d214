// The L7 attributes of `podwall query`: an HTTP request (--http, --host, --header) or a DNS
// query name (--dns-name), checked against L7 rules after the connection is allowed.

import type { Command } from "commander";
import type { Flow } from "../engine/endpoint.js";
import { UserError } from "./exit-codes.js";
import { collect } from "./options.js";

export function l7Options(cmd: Command): Command {
  return cmd
    .option("--http <request>", 'an HTTP request on the connection: "METHOD PATH", such as "GET /api/v1/orders" (path / when left out)')
    .option("--host <host>", "with --http, the request's Host (:authority)")
    .option("--header <name:value>", "with --http, a request header (repeatable)", collect)
    .option("--dns-name <name>", "a DNS query for this name (to a DNS server, usually UDP/53)");
}

export interface L7Opts {
  http?: string;
  host?: string;
  header?: string[];
  dnsName?: string;
}

const METHOD = /^[A-Za-z]+$/;
const DNS_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;

/** The request fields of a Flow, or a UserError that says what is wrong. */
export function parseL7(opts: L7Opts): Pick<Flow, "http" | "dnsName"> {
  const out: Pick<Flow, "http" | "dnsName"> = {};
  if (opts.http === undefined && (opts.host !== undefined || opts.header?.length)) throw new UserError("--host and --header describe an HTTP request: give --http too");
  if (opts.http !== undefined) {
    const parts = opts.http.trim().split(/\s+/);
    const [method, path = "/", ...rest] = parts;
    if (!method || !METHOD.test(method) || rest.length) throw new UserError(`--http "${opts.http}": expected "METHOD PATH", such as "GET /api/v1/orders"`);
    if (!path.startsWith("/") && path !== "*") throw new UserError(`--http "${opts.http}": the path must start with /`);
    const headers: Record<string, string> = {};
    for (const h of opts.header ?? []) {
      const i = h.indexOf(":");
      if (i <= 0) throw new UserError(`--header "${h}": expected NAME:VALUE, such as x-team:web`);
      headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    out.http = { method: method.toUpperCase(), path, ...(opts.host !== undefined ? { host: opts.host } : {}), ...(Object.keys(headers).length ? { headers } : {}) };
  }
  if (opts.dnsName !== undefined) {
    if (!DNS_NAME.test(opts.dnsName) || opts.dnsName.length > 255) throw new UserError(`--dns-name "${opts.dnsName}" is not a DNS name`);
    out.dnsName = opts.dnsName;
  }
  return out;
}
