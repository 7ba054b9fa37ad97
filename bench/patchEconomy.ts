/**
 * 1. Patch economy: what changing k of n associated VPC endpoint ids costs in API calls and
 * patch operations, counted from the sandbox's request log.
 *
 *   ours     -> vpcEndpointAssociationProvider.update: GetRestApi, then one UpdateRestApi with
 *               exactly the set difference
 *   baseline -> full replacement, as Terraform's aws_api_gateway_rest_api: read the API, then one
 *               UpdateRestApi removing every old id and adding every new one (its most favourable
 *               form: one call; Terraform also re-reads afterwards)
 *
 * A change is one id added or removed (swapping an id for another is two changes); k changes are
 * floor(k/2) removals and ceil(k/2) additions, so the set never shrinks below n.
 */
import { APIGatewayClient, CreateRestApiCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import type { Sandbox } from "../local";
import {
  patchOperations,
  vpcEndpointAssociationProvider as provider,
  VPC_ENDPOINT_IDS_PATH,
} from "../provider/vpcEndpointAssociation/index";
import { changedSet, fmt, measureAcrossSizes, REGION, type Row, type ScenarioResult } from "./common";

const SIZES = [5, 50, 200];
const TIME_SCALE = 0.001; // far from the 10 requests/s bucket: no 429 inflates a count

interface Count {
  calls: number;
  ops: number;
}

/** The API calls and patch operations in the log since it was last cleared. */
function countSent(sandbox: Sandbox): Count {
  const log = sandbox.control.requestLog();
  const ops = log
    .filter((e) => e.operation === "UpdateRestApi")
    .reduce((sum, e) => sum + ((e.params.patchOperations as unknown[] | undefined)?.length ?? 0), 0);
  return { calls: log.length, ops };
}

async function privateApiWith(client: APIGatewayClient, ids: string[]): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name: "bench-patch", endpointConfiguration: { types: ["PRIVATE"] } }));
  const restApiId = api.id as string;
  if (ids.length) await client.send(new UpdateRestApiCommand({ restApiId, patchOperations: patchOperations({ add: ids, remove: [] }) }));
  return restApiId;
}

async function endpointIds(client: APIGatewayClient, restApiId: string): Promise<string[]> {
  const api = await client.send(new GetRestApiCommand({ restApiId }));
  return [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort();
}

/** The full-replacement baseline: remove every old id, add every new one, in one call. */
async function fullReplacement(client: APIGatewayClient, restApiId: string, olds: string[], news: string[]): Promise<void> {
  await client.send(new GetRestApiCommand({ restApiId }));
  const patch = [
    ...olds.map((value) => ({ op: "remove" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
    ...news.map((value) => ({ op: "add" as const, path: VPC_ENDPOINT_IDS_PATH, value })),
  ];
  await client.send(new UpdateRestApiCommand({ restApiId, patchOperations: patch }));
}

async function measure(sandbox: Sandbox, client: APIGatewayClient, n: number, k: number, random: () => number) {
  const { old, desired } = changedSet(n, k, random);
  const check = async (restApiId: string, who: string) => {
    const now = await endpointIds(client, restApiId);
    if (now.join() !== desired.join())
      throw new Error(`patch economy n=${n} k=${k}: ${who} left ${now.length} ids, not the ${desired.length} desired`);
  };

  const ourApi = await privateApiWith(client, []);
  const inputs = { restApiId: ourApi, region: REGION, exclusive: false };
  const created = await provider.create({ ...inputs, vpcEndpointIds: old });
  sandbox.control.clearRequestLog();
  await provider.update?.(ourApi, created.outs as never, { ...inputs, vpcEndpointIds: desired });
  const ours = countSent(sandbox);
  await check(ourApi, "our provider");

  const baseApi = await privateApiWith(client, old);
  sandbox.control.clearRequestLog();
  await fullReplacement(client, baseApi, old, desired);
  const baseline = countSent(sandbox);
  await check(baseApi, "the full replacement");
  return { n, k, ours, baseline, opsRatio: ours.ops / baseline.ops, targetRatio: k / (2 * n) };
}

export async function patchEconomy(): Promise<ScenarioResult> {
  const cases = await measureAcrossSizes(TIME_SCALE, SIZES, 8, measure);
  const rows: Row[] = cases.map((c) => ({
    figure: `n=${c.n}, k=${c.k}: calls / patch ops`,
    value: `${c.ours.calls} / ${c.ours.ops}`,
    baseline: `${c.baseline.calls} / ${c.baseline.ops}`,
    ratio: fmt.ratio(c.opsRatio),
    target: `2 / ${c.k}, ratio ≤ ${fmt.ratio(c.targetRatio)}`,
    met: c.ours.calls === 2 && c.ours.ops === c.k && c.opsRatio <= c.targetRatio + 1e-9,
  }));
  return {
    rows,
    details: { cases, timeScale: TIME_SCALE },
    notes: [
      "A change is one id added or removed; k changes = floor(k/2) removals + ceil(k/2) additions. For n=5, 10% of n rounds to k=1, so n=5 has one row.",
      "Baseline: GetRestApi + one UpdateRestApi removing all old ids and adding all new ones (Terraform's aws_api_gateway_rest_api, in its cheapest one-call form). Ratio = our ops / baseline ops.",
    ],
  };
}
