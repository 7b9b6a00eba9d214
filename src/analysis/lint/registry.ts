// Every lint check, in the order reports list them. Adding a check is adding it here.

import type { LintCheck } from "./types.js";
import { missingDefaultDeny } from "./missing-default-deny.js";
import { egressBlocksDns } from "./egress-blocks-dns.js";
import { dnsUdpOnly } from "./dns-udp-only.js";
import { ingressOnly } from "./ingress-only.js";
import { broadIpblock } from "./broad-ipblock.js";
import { allowAllRule } from "./allow-all-rule.js";
import { policySelectsNothing } from "./policy-selects-nothing.js";
import { peerSelectsNothing } from "./peer-selects-nothing.js";
import { redundantRule } from "./redundant-rule.js";
import { namedPortUnresolved } from "./named-port-unresolved.js";
import { cidrHostBits } from "./cidr-host-bits.js";
import { exceptOutsideCidr } from "./except-outside-cidr.js";
import { metadataApiReachable } from "./metadata-api-reachable.js";
import { unrestrictedInternetEgress } from "./unrestricted-internet-egress.js";
import { systemNamespaceReachable } from "./system-namespace-reachable.js";
import { cniDoesNotEnforce } from "./cni-does-not-enforce.js";
import { adminPriorityConflict } from "./admin-priority-conflict.js";
import { hostnetworkNotPoliced } from "./hostnetwork-not-policed.js";
import { mtlsNotStrict } from "./mtls-not-strict.js";
import { mtlsFieldWithoutStrict } from "./mtls-field-without-strict.js";

export const CHECKS: readonly LintCheck[] = [
  missingDefaultDeny,
  egressBlocksDns,
  dnsUdpOnly,
  ingressOnly,
  broadIpblock,
  allowAllRule,
  policySelectsNothing,
  peerSelectsNothing,
  redundantRule,
  namedPortUnresolved,
  cidrHostBits,
  exceptOutsideCidr,
  metadataApiReachable,
  unrestrictedInternetEgress,
  systemNamespaceReachable,
  cniDoesNotEnforce,
  adminPriorityConflict,
  hostnetworkNotPoliced,
  mtlsNotStrict,
  mtlsFieldWithoutStrict,
];

export function findCheck(id: string): LintCheck | undefined {
  return CHECKS.find((c) => c.id === id);
}
