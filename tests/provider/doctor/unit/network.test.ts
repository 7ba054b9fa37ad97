/** Which security-group rules admit a caller on TCP 443 (pure), through the shared admission rule. */
import * as assert from "node:assert/strict";
import { admission } from "../../../../provider/doctor/checks/network";
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
  it("a caller: port ranges, every protocol, other ports and protocols, both families", () => {
    assert.deepEqual(admission([rule({ fromPort: 0, toPort: 65535, cidrs: ["10.0.0.0/8"] })], "10.1.2.3", []), {
      kind: "admitted",
      sources: ["10.0.0.0/8"],
    });
    assert.deepEqual(
      admission([rule({ ipProtocol: "-1", fromPort: undefined, toPort: undefined, cidrs: ["0.0.0.0/0"] })], "10.1.2.3", []),
      { kind: "admitted", sources: ["0.0.0.0/0"] },
    );
    assert.deepEqual(admission([rule({ fromPort: 80, toPort: 80, cidrs: ["0.0.0.0/0"] })], "10.1.2.3", []), { kind: "refused" });
    assert.deepEqual(admission([rule({ ipProtocol: "udp", cidrs: ["0.0.0.0/0"] })], "10.1.2.3", []), { kind: "refused" });
    assert.deepEqual(admission([rule({ ipv6Cidrs: ["2001:db8::/32"] })], "2001:db8::5", []), {
      kind: "admitted",
      sources: ["2001:db8::/32"],
    });
    assert.deepEqual(admission([rule({ cidrs: ["10.0.0.0/16"] })], "2001:db8::5", []), { kind: "refused" });
  });

  it("no caller given: some address of the VPC", () => {
    const rules = [rule({ cidrs: ["10.0.1.0/24"] }), rule({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })];
    assert.deepEqual(admission(rules, undefined, ["10.0.0.0/16"]), { kind: "admitted", sources: ["10.0.1.0/24"] });
    assert.deepEqual(admission([rule({ cidrs: ["0.0.0.0/0"] })], undefined, ["10.0.0.0/16"]), { kind: "admitted", sources: ["0.0.0.0/0"] });
    assert.deepEqual(admission(rules, undefined, ["172.16.0.0/16"]), { kind: "refused" });
  });

  it("group references and prefix lists on 443 are maybe; on another port, nothing", () => {
    assert.deepEqual(admission([rule({ groupIds: ["sg-0aaaaaaaaaaaaaaaa"] })], "10.0.1.9", []), {
      kind: "maybe",
      sources: ["sg-0aaaaaaaaaaaaaaaa"],
    });
    assert.deepEqual(admission([rule({ prefixListIds: ["pl-0123"] })], undefined, ["10.0.0.0/16"]), {
      kind: "maybe",
      sources: ["pl-0123"],
    });
    assert.deepEqual(admission([rule({ fromPort: 22, toPort: 22, groupIds: ["sg-0aaaaaaaaaaaaaaaa"] })], "10.0.1.9", []), {
      kind: "refused",
    });
  });
});
