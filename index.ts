/**
 * The stack program: private access to a REST API through VPC endpoints, with DNS readiness
 * and per-VPCE URLs, optionally under a private custom domain name, plus an optional HTTP API
 * VPC link. Driven by stack config (see
 * Pulumi.yaml); runs against AWS or, with AWS_ENDPOINT_URL_* set, against the local sandbox.
 */
import * as pulumi from "@pulumi/pulumi";
import { PrivateApiAccess } from "./components/privateApiAccess";
import { PrivateDomainAccess } from "./components/privateDomainAccess";
import { PrivateIntegrationLink } from "./components/privateIntegrationLink";
import { StageRedeployment } from "./provider/stageRedeployment/index";

const config = new pulumi.Config();

const access = new PrivateApiAccess("private-api", {
  restApiId: config.require("restApiId"),
  vpcEndpointIds: config.requireObject<string[]>("vpcEndpointIds"),
  stageName: config.get("stageName") ?? "prod",
  exclusive: config.getBoolean("exclusive") ?? false,
  waitForDns: config.getBoolean("waitForDns") ?? true,
  dns: {
    timeout: config.get("dnsTimeout"),
    redeployAfter: config.get("redeployAfter"),
  },
});

const subnetIds = config.getObject<string[]>("vpcLinkSubnetIds") ?? [];
const link = subnetIds.length
  ? new PrivateIntegrationLink("integration-link", {
      name: config.get("vpcLinkName") || `${pulumi.getProject()}-${pulumi.getStack()}`,
      subnetIds,
      securityGroupIds: config.getObject<string[]>("vpcLinkSecurityGroupIds") ?? [],
      tags: config.getObject<Record<string, string>>("vpcLinkTags"),
    })
  : undefined;

// Optional: the REST API's endpoints also reach it under a private custom domain name.
const privateDomainArn = config.get("privateDomainArn");
const shareWith = config.getObject<string[]>("privateDomainShareWithAccounts") ?? [];
const domainDnsServers = config.getObject<string[]>("privateDomainDnsServers") ?? [];
const domainEndpointIds = config.getObject<string[]>("privateDomainVpcEndpointIds") ?? [];
const domain = privateDomainArn
  ? new PrivateDomainAccess("private-domain", {
      domainName: privateDomainArn,
      vpcEndpointIds: domainEndpointIds.length ? domainEndpointIds : config.requireObject<string[]>("vpcEndpointIds"),
      mappings: [{ basePath: config.get("privateDomainBasePath") ?? "", restApiId: config.require("restApiId") }],
      shareWithAccounts: shareWith.length ? shareWith : undefined,
      dns: domainDnsServers.length ? { dnsServers: domainDnsServers, timeout: config.get("dnsTimeout") } : undefined,
    })
  : undefined;

// Optional, and the only @pulumi/aws resource: it needs the aws provider plugin, so it is
// loaded (and the plugin required) only when switched on. A stage serves the policy of its
// deployment ("If you update the resource policy, you'll need to deploy the API"), so the stage
// is redeployed after the policy is attached and whenever it changes.
if (config.getBoolean("attachInvokePolicy")) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws: typeof import("@pulumi/aws") = require("@pulumi/aws");
  const restApiId = config.require("restApiId");
  const policy = new aws.apigateway.RestApiPolicy("invoke-policy", { restApiId, policy: access.invokePolicy });
  new StageRedeployment(
    "invoke-policy-deployment",
    {
      restApiId,
      stageName: config.get("stageName") ?? "prod",
      triggers: { invokePolicy: access.invokePolicy },
      description: "pulumi-apigw-vpc: the invoke policy changed",
    },
    { dependsOn: [policy] },
  );
}

export const urls = access.urls;
export const hostnames = access.hostnames;
export const invokePolicy = access.invokePolicy;
export const dnsReadiness = access.dnsReadiness?.records;
export const dnsTotalWaitMs = access.dnsReadiness?.totalWaitMs;
export const vpcLinkId = link?.vpcLinkId;
export const privateDomainUrls = domain?.urls;
export const privateDomainPolicy = domain?.policy;
export const privateDomainApiPolicyStatement = domain?.apiPolicyStatement;
export const privateDomainAssociationArns = domain?.associationArns;
export const vpcLinkStatus = link?.status;
