/**
 * DomainNameResolution against the sandbox's DNS server: a private domain's name resolves only
 * after an endpoint is associated and the propagation delay has passed; the wait ends then,
 * and a name that never resolves fails at the timeout with the last answer.
 */
import * as assert from "node:assert/strict";
import { CreateDomainNameAccessAssociationCommand, CreateDomainNameCommand } from "@aws-sdk/client-api-gateway";
import { endpointAddresses } from "../../local";
import { domainNameResolutionProvider as provider, type DomainNameResolutionInputs } from "../../provider/domainNameResolution/index";
import { FAST, useSandbox, v1Client, vpceIds } from "../../support/sandbox";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";

describe("DomainNameResolution against the sandbox DNS", () => {
  const ctx = useSandbox({ ...FAST, delays: { ...FAST.delays, dnsPropagationMs: 400 } });
  const inputs = (hostname: string, timeout = "10s"): DomainNameResolutionInputs => ({
    hostname,
    dnsServers: [`${ctx.sandbox.dns.host}:${ctx.sandbox.dns.port}`],
    consecutiveChecks: 2,
    timeout,
    pollInterval: "50ms",
    dependsOnArns: [],
  });

  it("waits until the associated domain resolves, to its endpoint's addresses", async () => {
    const d = await v1Client().send(
      new CreateDomainNameCommand({
        domainName: "resolves.example.com",
        certificateArn: CERT,
        endpointConfiguration: { types: ["PRIVATE"] },
      }),
    );
    const [vpce] = vpceIds(1);
    await v1Client().send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: d.domainNameArn,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: vpce,
      }),
    );
    const { outs } = await provider.create(inputs("resolves.example.com"));
    assert.deepEqual(outs?.addresses, [...endpointAddresses(vpce)].sort());
    assert.ok((outs?.waitedMs ?? 0) >= 300, `waited ${outs?.waitedMs} ms for a 400 ms propagation`);
  });

  it("fails at the timeout for a domain with no association, naming the last answer", async () => {
    ctx.sandbox.control.resetQuotas();
    await v1Client().send(
      new CreateDomainNameCommand({
        domainName: "lonely.example.com",
        certificateArn: CERT,
        endpointConfiguration: { types: ["PRIVATE"] },
      }),
    );
    await assert.rejects(
      provider.create(inputs("lonely.example.com", "300ms")),
      /^Error: creating domain name resolution \(lonely\.example\.com\): still unresolved after .* \(last answer: .*\); check the private hosted zone/,
    );
  });
});
