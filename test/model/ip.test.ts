import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseCidr, parseIP } from "../../src/model/ip.js";
import { ipInBlock } from "../../src/engine/match.js";

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const text = (a: number[]) => a.join(".");
const num = (a: number[]) => ((a[0]! << 24) >>> 0) + (a[1]! << 16) + (a[2]! << 8) + a[3]!;
/** Plain 32-bit arithmetic: is `ip` inside `base/prefix`? */
const inside = (ip: number, base: number, prefix: number) => prefix === 0 || ip >>> (32 - prefix) === base >>> (32 - prefix);

test("ipBlock with except: inside cidr and outside every except (property, IPv4)", () => {
  fc.assert(
    fc.property(v4, v4, fc.integer({ min: 0, max: 32 }), fc.array(fc.tuple(v4, fc.integer({ min: 0, max: 32 })), { maxLength: 3 }), (ip, base, prefix, excepts) => {
      const expected = inside(num(ip), num(base), prefix) && !excepts.some(([b, p]) => inside(num(ip), num(b), p));
      return ipInBlock(text(ip), `${text(base)}/${prefix}`, excepts.map(([b, p]) => `${text(b)}/${p}`)) === expected;
    }),
    { numRuns: 3000 },
  );
});

test("address families never mix", () => {
  assert.equal(ipInBlock("10.0.0.1", "::/0", []), false);
  assert.equal(ipInBlock("fd00::1", "0.0.0.0/0", []), false);
  assert.equal(ipInBlock("fd00::1", "fd00::/64", ["fd00::/120"]), false);
  assert.equal(ipInBlock("fd00::1:1", "fd00::/64", ["fd00::/120"]), true);
});

test("CIDR parsing is strict and notices host bits", () => {
  assert.equal(parseCidr("10.0.0.0/33"), undefined);
  assert.equal(parseCidr("10.0.0/8"), undefined);
  assert.equal(parseCidr("010.0.0.0/8"), undefined);
  assert.equal(parseCidr("10.0.0.0"), undefined);
  assert.equal(parseCidr("10.0.0.1/8")?.hostBits, true);
  assert.equal(parseCidr("10.0.0.0/8")?.hostBits, false);
  assert.equal(parseIP("::ffff:10.0.0.1")?.family, 4);
});
