/** Which security-group rules admit a caller on TCP 443 (pure). */
import * as assert from "node:assert/strict";
import { admission, cidrContains, covers443 } from "../../../../provider/doctor/checks/network";
import type { IngressRule } from "../../../../provider/doctor/snapshot";

const rule = (r: Partial<IngressRule>): IngressRule => ({
  ipProtocol: "tcp",
  fromPort: 443,
  toPort: 443,
  cidrs: [],
  ipv6Cidrs: [],
  groupIds: [],
  prefixListIds: [],
  ...r,
});

describe("security-group admission (pure)", () => {
  it("port ranges, every protocol, and other protocols", () => {
    assert.equal(covers443(rule({ fromPort: 0, toPort: 65535 })), true);
    assert.equal(covers443(rule({ ipProtocol: "-1", fromPort: undefined, toPort: undefined })), true);
    assert.equal(covers443(rule({ fromPort: 80, toPort: 80 })), false);
    assert.equal(covers443(rule({ ipProtocol: "udp" })), false);
  });

  it("CIDR containment in both families", () => {
    assert.equal(cidrContains("10.0.0.0/16", "10.0.200.1"), true);
    assert.equal(cidrContains("10.0.0.0/16", "10.1.0.1"), false);
    assert.equal(cidrContains("2001:db8::/32", "2001:db8::5"), true);
    assert.equal(cidrContains("10.0.0.0/16", "2001:db8::5"), false);
  });

  it("a caller, a VPC, group references and nothing", () => {
    const rules = [rule({ cidrs: ["10.0.1.0/24"] }), rule({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })];
    assert.deepEqual(admission(rules, "10.0.1.9", []), { kind: "admitted", sources: ["10.0.1.0/24"] });
    assert.deepEqual(admission(rules, "10.0.2.9", []), { kind: "refused" });
    assert.deepEqual(admission(rules, undefined, ["10.0.0.0/16"]), { kind: "admitted", sources: ["10.0.1.0/24"] });
    assert.deepEqual(admission(rules, undefined, ["172.16.0.0/16"]), { kind: "refused" });
    assert.deepEqual(admission([rule({ groupIds: ["sg-0aaaaaaaaaaaaaaaa"] })], "10.0.1.9", []), {
      kind: "maybe",
      sources: ["sg-0aaaaaaaaaaaaaaaa"],
    });
  });
});
