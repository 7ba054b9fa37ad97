/**
 * 7. Private domain associations: what changing k of n VPC endpoints associated with a private
 * custom domain name costs in API calls, counted from the sandbox's request log.
 *
 *   ours     -> domainNameAccessAssociationsProvider.update: one GetDomainNameAccessAssociations,
 *               then one Create or Delete per changed endpoint
 *   baseline -> one resource per association, every field forcing replacement (Terraform's
 *               aws_api_gateway_domain_name_access_association, @pulumi/aws's
 *               DomainNameAccessAssociation) over the endpoint list by position (`count`): a plan
 *               reads each of the n resources, then every position whose endpoint moved is
 *               replaced (delete, then create)
 *
 * The baseline keyed by endpoint id (`for_each`) is in the details: n reads plus k mutations.
 * A change is one endpoint added or removed; k changes are floor(k/2) removals and ceil(k/2)
 * additions, as in patchEconomy.
 */
import {
  APIGatewayClient,
  CreateDomainNameAccessAssociationCommand,
  CreateDomainNameCommand,
  DeleteDomainNameAccessAssociationCommand,
} from "@aws-sdk/client-api-gateway";
import type { Sandbox } from "../local";
import {
  domainNameAccessAssociationsProvider as provider,
  listAccessAssociations,
  associationsOf,
  type DomainNameAccessAssociationsOutputs,
} from "../provider/domainNameAccessAssociations/index";
import { changedSet, fmt, measureAcrossSizes, REGION, type Row, type ScenarioResult } from "./common";

const SIZES = [5, 20, 50];
const TIME_SCALE = 0.001;
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";

let domains = 0;
async function privateDomain(client: APIGatewayClient): Promise<string> {
  const d = await client.send(
    new CreateDomainNameCommand({
      domainName: `bench${++domains}.internal.example.com`,
      certificateArn: CERT,
      endpointConfiguration: { types: ["PRIVATE"] },
    }),
  );
  return d.domainNameArn as string;
}

/** The by-position baseline: read each resource, then replace every position whose endpoint changed. */
async function byPosition(client: APIGatewayClient, domainNameArn: string, olds: string[], news: string[]): Promise<void> {
  const arns: Record<string, string> = {};
  for (let i = 0; i < olds.length; i++) Object.assign(arns, associationsOf(await listAccessAssociations(client, "SELF"), domainNameArn));
  const moved = Array.from({ length: Math.max(olds.length, news.length) }, (_, i) => i).filter((i) => olds[i] !== news[i]);
  // Every destroy before any create: an endpoint that only moved position is re-created, and
  // creating it while its old position still holds it would conflict.
  for (const i of moved)
    if (olds[i] !== undefined)
      await client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arns[olds[i]] }));
  for (const i of moved)
    if (news[i] !== undefined)
      await client.send(
        new CreateDomainNameAccessAssociationCommand({
          domainNameArn,
          accessAssociationSourceType: "VPCE",
          accessAssociationSource: news[i],
        }),
      );
}

async function removeAll(client: APIGatewayClient, domainNameArn: string): Promise<void> {
  for (const a of Object.values(associationsOf(await listAccessAssociations(client, "SELF"), domainNameArn))) {
    await client.send(new DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: a }));
  }
}

async function measure(sandbox: Sandbox, client: APIGatewayClient, n: number, k: number, random: () => number) {
  const { old, desired } = changedSet(n, k, random);
  const check = async (arn: string, who: string) => {
    const now = Object.keys(associationsOf(await listAccessAssociations(client, "SELF"), arn)).sort();
    if (now.join() !== desired.join())
      throw new Error(`domain associations n=${n} k=${k}: ${who} left ${now.length} associations, not the ${desired.length} desired`);
  };
  const count = () => sandbox.control.requestLog().length;

  const ours = await privateDomain(client);
  const inputs = { domainNameArn: ours, region: REGION, rejectOtherAccounts: false, otherAccountVpcEndpointIds: [] };
  const created = await provider.create({ ...inputs, vpcEndpointIds: old });
  sandbox.control.clearRequestLog();
  await provider.update?.(ours, created.outs as DomainNameAccessAssociationsOutputs, { ...inputs, vpcEndpointIds: desired });
  const ourCalls = count();
  await check(ours, "our provider");
  await removeAll(client, ours); // so the account quota (100) never binds the baseline

  const base = await privateDomain(client);
  for (const v of old)
    await client.send(
      new CreateDomainNameAccessAssociationCommand({
        domainNameArn: base,
        accessAssociationSourceType: "VPCE",
        accessAssociationSource: v,
      }),
    );
  sandbox.control.clearRequestLog();
  await byPosition(client, base, old, desired);
  const baselineCalls = count();
  const replaced = sandbox.control.requestLog({ operation: "CreateDomainNameAccessAssociation" }).length;
  await check(base, "the by-position baseline");
  await removeAll(client, base);
  return {
    n,
    k,
    ours: ourCalls,
    baseline: baselineCalls,
    baselineReplacements: replaced,
    byEndpointId: n + k,
    ratio: ourCalls / baselineCalls,
  };
}

export async function domainAssociations(): Promise<ScenarioResult> {
  const cases = await measureAcrossSizes(TIME_SCALE, SIZES, 21, measure);
  const rows: Row[] = cases.map((c) => ({
    figure: `n=${c.n}, k=${c.k}: private domain associations, API calls`,
    value: String(c.ours),
    baseline: `${c.baseline} (by id: ${c.byEndpointId})`,
    ratio: fmt.ratio(c.ratio),
    target: `k + 1 = ${c.k + 1}`,
    met: c.ours === c.k + 1,
  }));
  return {
    rows,
    details: { cases, timeScale: TIME_SCALE },
    notes: [
      "Baseline: one resource per association, every field forcing replacement, over the endpoint list by position (count): n reads at plan, then delete + create for every position whose endpoint moved. Keyed by endpoint id (for_each) it would be n reads + k mutations (details.byEndpointId).",
      "Ours reads once (one GetDomainNameAccessAssociations page holds up to 500, above the 100-association quota) and never refreshes per association.",
    ],
  };
}
