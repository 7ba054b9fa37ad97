/** Mocked answers for the private custom domain resources (see apigwVpcMocks). */
import { createHash } from "node:crypto";
import { accessAssociationArn, domainNameArn, parseDomainNameArn } from "../provider/domainNameArns";
import { planManagementPolicy } from "../provider/domainNameManagementPolicy/index";
import {
  DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE,
  DOMAIN_NAME_MANAGEMENT_POLICY_TYPE,
  DOMAIN_NAME_RESOLUTION_TYPE,
  DOMAIN_ROUTING_RULES_TYPE,
} from "../provider/types";

/** @pulumi/aws's custom domain name: a PRIVATE one gets its domainNameId and full ARN, so our resources can use it. */
export const AWS_DOMAIN_NAME_TYPE = "aws:apigateway/domainName:DomainName";
/** The account of mocked ARNs. */
export const MOCK_ACCOUNT_ID = "123456789012";

const sortedUnique = (ids: unknown): string[] => [...new Set(Array.isArray(ids) ? (ids as string[]) : [])].sort();

/** The realistic state of one of our private domain resources, or undefined for other types. */
export function privateDomainMock(
  type: string,
  inputs: Record<string, unknown>,
  defaultRegion: string,
): { id: string; state: Record<string, unknown> } | undefined {
  const arn = inputs.domainNameArn as string | undefined;
  const parts = arn ? parseDomainNameArn(arn) : undefined;
  const region = (inputs.region as string | undefined) ?? parts?.region ?? defaultRegion;
  switch (type) {
    case DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE: {
      const ids = sortedUnique(inputs.vpcEndpointIds);
      const associationArns = Object.fromEntries(
        ids.map((v) => [
          v,
          parts ? accessAssociationArn(region, parts.accountId, parts.domainName, parts.domainNameId, v) : `${arn}/vpcesource/${v}`,
        ]),
      );
      return {
        id: arn ?? "",
        state: {
          ...inputs,
          region,
          vpcEndpointIds: ids,
          otherAccountVpcEndpointIds: sortedUnique(inputs.otherAccountVpcEndpointIds),
          rejectOtherAccounts: inputs.rejectOtherAccounts ?? false,
          domainName: parts?.domainName ?? "",
          domainNameId: parts?.domainNameId ?? "",
          associationArns,
          adoptedVpcEndpointIds: [],
          rejectedAssociationArns: [],
        },
      };
    }
    case DOMAIN_NAME_MANAGEMENT_POLICY_TYPE: {
      const accountIds = sortedUnique(inputs.accountIds);
      return {
        id: arn ?? "",
        state: { ...inputs, region, accountIds, managementPolicy: arn ? (planManagementPolicy(undefined, arn, accountIds) ?? "") : "" },
      };
    }
    case AWS_DOMAIN_NAME_TYPE: {
      const types = ([] as unknown[]).concat((inputs.endpointConfiguration as { types?: unknown } | undefined)?.types ?? []);
      if (!types.includes("PRIVATE")) return undefined;
      const name = inputs.domainName as string;
      const domainNameId = createHash("sha256").update(name).digest("hex").slice(0, 10);
      return {
        id: `${name}/${domainNameId}`,
        state: { ...inputs, domainNameId, arn: domainNameArn(region, MOCK_ACCOUNT_ID, name, domainNameId) },
      };
    }
    case DOMAIN_ROUTING_RULES_TYPE: {
      // A routing rule id per declared priority, stable for the same domain and priority.
      const rules = Array.isArray(inputs.rules) ? (inputs.rules as { priority?: unknown }[]) : [];
      const ruleIds = Object.fromEntries(
        rules.map((r) => [
          String(r.priority),
          createHash("sha256")
            .update(`${arn}:${String(r.priority)}`)
            .digest("hex")
            .slice(0, 6),
        ]),
      );
      return {
        id: arn ?? "",
        state: {
          ...inputs,
          region,
          routingMode: inputs.routingMode ?? "ROUTING_RULE_THEN_BASE_PATH_MAPPING",
          domainName: parts?.domainName ?? "",
          domainNameId: parts?.domainNameId ?? "",
          ruleIds,
          adoptedPriorities: [],
          previousRoutingMode: "BASE_PATH_MAPPING_ONLY",
        },
      };
    }
    case DOMAIN_NAME_RESOLUTION_TYPE:
      return {
        id: inputs.hostname as string,
        state: { ...inputs, addresses: ["10.0.0.10", "10.0.1.10"], waitedMs: 0, readyAt: new Date(0).toISOString() },
      };
    default:
      return undefined;
  }
}
