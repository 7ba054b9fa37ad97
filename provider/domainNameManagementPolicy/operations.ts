/**
 * DomainNameManagementPolicy: the owner's side of sharing a private custom domain name. It keeps
 * one statement in the domain's `managementPolicy` that lets the named accounts call
 * `apigateway:CreateAccessAssociation` on the domain, and leaves every other statement alone.
 *
 *   check  -> no AWS call: the ARN's form and region, the account ids
 *   diff   -> no AWS call: domainNameArn/region replace; the accounts update in place
 *   create -> GetDomainName (with domainNameId), then one UpdateDomainName `replace
 *             /managementPolicy` only if the policy has to change (the fewest operations: 0 or 1)
 *   read   -> GetDomainName: the accounts our statement names now; a vanished domain drops it
 *   update -> as create
 *   delete -> GetDomainName, then one UpdateDomainName without our statement (none if it is gone)
 */
import { GetDomainNameCommand, UpdateDomainNameCommand, type APIGatewayClient, type DomainName } from "@aws-sdk/client-api-gateway";
import { apiGatewayClient, isNotFound } from "../clients";
import { assertFieldEffect } from "../effects";
import { operationError } from "../errors";
import { parseDomainNameArn } from "../domainNameArns";
import {
  checkManagementPolicyInputs,
  diffManagementPolicy,
  DOMAIN_NAME_MANAGEMENT_POLICY,
  MANAGEMENT_POLICY_PATH,
  planManagementPolicy,
  sharedAccountsOf,
  type DomainNameManagementPolicyInputs,
} from "./model";

/** The resource kind in every error message. */
const KIND = DOMAIN_NAME_MANAGEMENT_POLICY.errorKind;

async function findDomain(client: APIGatewayClient, domainNameArn: string): Promise<DomainName | undefined> {
  const parts = parseDomainNameArn(domainNameArn);
  try {
    return await client.send(new GetDomainNameCommand({ domainName: parts?.domainName, domainNameId: parts?.domainNameId }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function apply(inputs: DomainNameManagementPolicyInputs, accountIds: string[], verb: string): Promise<string | undefined> {
  const client = apiGatewayClient(inputs.region);
  const parts = parseDomainNameArn(inputs.domainNameArn);
  try {
    const domain = await findDomain(client, inputs.domainNameArn);
    if (!domain) {
      if (verb === "deleting") return undefined;
      throw operationError(
        verb,
        KIND,
        inputs.domainNameArn,
        undefined,
        `the domain does not exist in ${inputs.region}, or this account does not own it`,
      );
    }
    const next = planManagementPolicy(domain.managementPolicy, inputs.domainNameArn, accountIds);
    if (next === undefined) return domain.managementPolicy ?? "";
    const updated = await client.send(
      new UpdateDomainNameCommand({
        domainName: parts?.domainName,
        domainNameId: parts?.domainNameId,
        patchOperations: [{ op: "replace", path: MANAGEMENT_POLICY_PATH, value: next }],
      }),
    );
    assertFieldEffect("UpdateDomainName", "managementPolicy accounts", [...accountIds].sort(), sharedAccountsOf(updated.managementPolicy));
    return updated.managementPolicy ?? next;
  } catch (e) {
    throw operationError(verb, KIND, inputs.domainNameArn, e);
  } finally {
    client.destroy();
  }
}

/** The operations behind {@link domainNameManagementPolicyProvider}. */
export const domainNameManagementPolicyOperations = DOMAIN_NAME_MANAGEMENT_POLICY.operations({
  check: async (_olds, news) => checkManagementPolicyInputs(news as unknown as Record<string, unknown>),
  diff: async (_id, olds, news) => diffManagementPolicy(olds, news),
  async create(inputs) {
    const managementPolicy = (await apply(inputs, inputs.accountIds, "creating")) ?? "";
    return { id: inputs.domainNameArn, outs: { ...inputs, managementPolicy } };
  },
  async update(_id, _olds, news) {
    return { outs: { ...news, managementPolicy: (await apply(news, news.accountIds, "updating")) ?? "" } };
  },
  async read(id, props) {
    const region = props?.region ?? parseDomainNameArn(id)?.region ?? "";
    const client = apiGatewayClient(region);
    try {
      const domain = await findDomain(client, id);
      if (!domain) return {};
      return {
        id,
        props: {
          domainNameArn: id,
          region,
          accountIds: sharedAccountsOf(domain.managementPolicy),
          managementPolicy: domain.managementPolicy ?? "",
        },
      };
    } catch (e) {
      throw operationError("reading", KIND, id, e);
    } finally {
      client.destroy();
    }
  },
  async delete(_id, props) {
    await apply(props, [], "deleting");
  },
});
