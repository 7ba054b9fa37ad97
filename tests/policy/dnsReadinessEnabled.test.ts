import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { dnsReadinessEnabled } from "../../policy/policies";
import { ENDPOINT_DNS_READINESS, PRIVATE_API_ACCESS, VPC_ENDPOINT_ASSOCIATION } from "../../policy/resources";
import { stackArgs, stackResource, urnOf, validateStack, type Violation } from "./harness";

/** A PrivateApiAccess as the stack shows it: the component, its association and, unless waitForDns is false, its DNS wait. */
function privateApiAccess(name: string, waitForDns: boolean, parent?: PolicyResource): PolicyResource[] {
  const component = stackResource(
    PRIVATE_API_ACCESS,
    name,
    { urls: { "vpce-0a1b2c3d": `https://abcde12345-vpce-0a1b2c3d.execute-api.us-east-1.amazonaws.com/prod` } },
    { parent },
  );
  const association = stackResource(
    VPC_ENDPOINT_ASSOCIATION,
    `${name}-association`,
    { restApiId: "abcde12345", vpcEndpointIds: ["vpce-0a1b2c3d"] },
    { parent: component },
  );
  const dns = stackResource(
    ENDPOINT_DNS_READINESS,
    `${name}-dns`,
    { hostnames: [] },
    { parent: component, propertyDependencies: { restApiId: [association] } },
  );
  return waitForDns ? [component, association, dns] : [component, association];
}

const noWait = (name: string, parent?: PolicyResource): Violation => ({
  message:
    `PrivateApiAccess '${name}' has no EndpointDnsReadiness child (waitForDns: false); ` +
    "its per-endpoint URLs may not resolve for several minutes after the association changes",
  urn: urnOf(PRIVATE_API_ACCESS, name, parent),
});

describe("policy dns-readiness-enabled", () => {
  it("is an advisory stack policy without config", () => {
    assert.equal(dnsReadinessEnabled.name, "dns-readiness-enabled");
    assert.equal(dnsReadinessEnabled.enforcementLevel, "advisory");
    assert.equal(dnsReadinessEnabled.configSchema, undefined);
  });

  it("accepts a PrivateApiAccess that waits for DNS (the default)", async () => {
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs(privateApiAccess("access", true))), []);
  });

  it("warns about a PrivateApiAccess with waitForDns: false, against the component's urn", async () => {
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs(privateApiAccess("access", false))), [noWait("access")]);
  });

  it("matches each DNS wait to its own parent, not to any component in the stack", async () => {
    const resources = [...privateApiAccess("waits", true), ...privateApiAccess("skips", false)];
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs(resources)), [noWait("skips")]);
  });

  it("finds a component nested in another component by its full urn", async () => {
    const outer = stackResource("acme:index:Service", "svc", {});
    const resources = [outer, ...privateApiAccess("access", false, outer)];
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs(resources)), [noWait("access", outer)]);
  });

  it("does not count a DNS wait that is not the component's child", async () => {
    const [component, association] = privateApiAccess("access", false);
    const stray = stackResource(ENDPOINT_DNS_READINESS, "stray-dns", { hostnames: [] });
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs([component, association, stray])), [noWait("access")]);
  });

  it("is silent on a stack without PrivateApiAccess, whatever the config", async () => {
    const alone = stackResource(VPC_ENDPOINT_ASSOCIATION, "assoc", { restApiId: "abcde12345", vpcEndpointIds: ["vpce-0a1b2c3d"] });
    assert.deepEqual(await validateStack(dnsReadinessEnabled, stackArgs([alone], { minSubnets: 3 })), []);
  });
});
