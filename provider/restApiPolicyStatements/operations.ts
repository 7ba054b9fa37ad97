/**
 * The operations of RestApiPolicyStatements: the AWS calls, the converge loop and the redeployment.
 *
 *   check  -> no AWS call: the API id, the region, every statement field (model.ts)
 *   diff   -> no AWS call: restApiId/region replace; statements (by meaning), stages, importExisting update
 *   create -> GetRestApi; [GetStages when redeployStages]; one UpdateRestApi `replace /policy` (none if
 *             the policy already says it); after a write, GetRestApi again (the read-back); then one
 *             CreateDeployment per stage in `redeployStages` if the policy changed
 *   read   -> GetRestApi: the owned statements as the policy holds them now; a vanished API drops it
 *   update -> as create, also removing the statements no longer declared
 *   delete -> GetRestApi, one UpdateRestApi without the owned statements, the read-back, the
 *             deployments; an API already gone is success
 *
 * The policy has no version to compare and swap, so two writers can lose one another's write.
 * Each write therefore starts from a fresh read and is never resent as it was: a refusal (429,
 * 409) is followed by a new read and plan, and so is a lost answer (reset, timeout, 5xx), which
 * may have taken effect. After a write the policy is read back once {@link READ_BACK_DELAY_MS}
 * later, and written again (at most {@link MAX_REAPPLY} times) while the owned statements are
 * not as declared.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetRestApiCommand,
  GetStagesCommand,
  UpdateRestApiCommand,
  type RestApi,
} from "@aws-sdk/client-api-gateway";
import { apiGatewayClient, isNotFound } from "../clients";
import { SYSTEM_CLOCK, type Clock } from "../clock";
import { MAX_UNKNOWN_OUTCOMES, outcomeUnknown } from "../mutation";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "../retry";
import { resolveRegion } from "../validation";
import {
  checkPolicyStatementsInputs,
  diffPolicyStatements,
  foreignSids,
  ownedStatementsNow,
  parsePolicy,
  planStatements,
  POLICY_PATH,
  renderPolicy,
  REST_API_POLICY_STATEMENTS,
  type PolicyDocument,
  type PolicyStatement,
  type RestApiPolicyStatementsInputs,
  type RestApiPolicyStatementsOutputs,
} from "./model";

/** How long after a write the policy is read back: longer than another writer's read-to-write window. */
export const READ_BACK_DELAY_MS = 1000;
/** Writes after the first, when a read-back finds the owned statements overwritten. */
export const MAX_REAPPLY = 5;
/** Refusals (429, 409) of the policy write tolerated per operation, each followed by a fresh read. */
export const MAX_REFUSALS = 20;

/** The REST API, or undefined if it does not exist. */
export async function findRestApi(client: APIGatewayClient, restApiId: string): Promise<RestApi | undefined> {
  try {
    return await client.send(new GetRestApiCommand({ restApiId }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The clients of one operation: reads retried by the SDK; the policy write sent once, its retries planned here. */
interface Clients {
  reads: APIGatewayClient;
  write: APIGatewayClient;
}

async function withClients<T>(region: string, fn: (clients: Clients) => Promise<T>): Promise<T> {
  const clients = { reads: apiGatewayClient(region), write: new APIGatewayClient({ region, maxAttempts: 1 }) };
  try {
    return await fn(clients);
  } finally {
    clients.reads.destroy();
    clients.write.destroy();
  }
}

/** 429 or 409: AWS refused the write, so nothing changed. */
function refused(e: unknown): boolean {
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 429 || status === 409;
}

/** The server's Retry-After hint of a refusal, if it sent one. */
function retryAfterOf(e: unknown): Date | undefined {
  const header = (e as { $response?: { headers?: Record<string, string> } })?.$response?.headers?.["retry-after"];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) ? new Date(Date.now() + seconds * 1000) : undefined;
}

/** What one converge did: the policy it left, and whether it wrote. */
export interface ConvergeResult {
  /** The document as last read (after the writes). */
  policy: PolicyDocument;
  /** True when at least one write may have changed the policy. */
  wrote: boolean;
}

/**
 * read -> plan -> write -> (wait) read back -> plan ..., until a read needs no write. Every write
 * is planned on the read just before it, and none is resent as it was.
 *
 * Assumed(policy-read-after-write): GetRestApi answers a policy written by an UpdateRestApi that
 * has answered (or by one whose answer was lost, once the read comes later), so a read-back that
 * lacks our statements means another writer replaced the policy.
 */
export async function convergePolicy(
  clients: Clients,
  restApiId: string,
  read: () => Promise<PolicyDocument | undefined>,
  plan: (current: PolicyDocument) => PolicyDocument | undefined,
  clock: Clock = SYSTEM_CLOCK,
): Promise<ConvergeResult | undefined> {
  const sleep = (ms: number) => clock.sleep(ms);
  let wrote = false;
  let writes = 0;
  let unknown = 0;
  let refusals = 0;
  for (;;) {
    const current = await read();
    if (!current) return undefined; // the API is gone
    const next = plan(current);
    if (next === undefined) return { policy: current, wrote };
    if (writes > MAX_REAPPLY)
      throw new Error(
        `the owned statements were replaced by another writer ${writes} times in a row; the policy is still not as declared (run again)`,
      );
    try {
      await clients.write.send(
        new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: POLICY_PATH, value: renderPolicy(next) }] }),
      );
      writes++;
      wrote = true;
      await sleep(READ_BACK_DELAY_MS);
    } catch (e) {
      if (refused(e)) {
        if (++refusals > MAX_REFUSALS) throw e;
        await sleep(retryDelayMs(refusals, DEFAULT_RETRY_POLICY, retryAfterOf(e), clock.now(), clock.random));
      } else if (outcomeUnknown(e)) {
        if (++unknown > MAX_UNKNOWN_OUTCOMES) throw e;
        wrote = true; // it may have taken effect
        await sleep(Math.max(READ_BACK_DELAY_MS, retryDelayMs(unknown, DEFAULT_RETRY_POLICY, undefined, clock.now(), clock.random)));
      } else throw e;
    }
  }
}

/** The API's policy, or undefined if the API is gone. */
async function readPolicy(client: APIGatewayClient, restApiId: string): Promise<{ api: RestApi; policy: PolicyDocument } | undefined> {
  const api = await findRestApi(client, restApiId);
  return api ? { api, policy: parsePolicy(api.policy) } : undefined;
}

const isPrivate = (api: RestApi | undefined) => (api?.endpointConfiguration?.types ?? []).includes("PRIVATE");

/**
 * One CreateDeployment per stage. A deployment sent again after a lost answer deploys the same
 * policy again (see StageRedeployment), so the reads client may resend it; 429 waits for Retry-After.
 */
async function redeploy(client: APIGatewayClient, restApiId: string, stages: readonly string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const stageName of stages) {
    const d = await client.send(
      new CreateDeploymentCommand({ restApiId, stageName, description: "pulumi-apigw-vpc: resource policy statements changed" }),
    );
    ids[stageName] = d.id ?? "";
  }
  return ids;
}

/** Refuses stages that do not exist: CreateDeployment would create them, and nothing would delete them. */
async function checkStagesExist(client: APIGatewayClient, restApiId: string, stages: readonly string[]): Promise<void> {
  if (stages.length === 0) return;
  const existing = new Set(((await client.send(new GetStagesCommand({ restApiId }))).item ?? []).map((s) => s.stageName));
  const missing = stages.filter((s) => !existing.has(s));
  if (missing.length)
    throw new Error(`redeployStages: ${missing.map((s) => JSON.stringify(s)).join(", ")} is not a stage of REST API ${restApiId}`);
}

/** Create and update: the declared statements in place, the released ones removed, then the deployments. */
async function apply(
  inputs: RestApiPolicyStatementsInputs,
  before: RestApiPolicyStatementsOutputs | undefined,
  verb: string,
): Promise<RestApiPolicyStatementsOutputs> {
  const { restApiId, region, statements } = inputs;
  try {
    return await withClients(region, async (clients) => {
      const ownedBefore = (before?.statements ?? []).map((s) => s.Sid);
      const declared = statements.map((s) => s.Sid);
      const released = ownedBefore.filter((sid) => !declared.includes(sid));
      let first: { api: RestApi; policy: PolicyDocument } | undefined;
      const read = async () => {
        const found = await readPolicy(clients.reads, restApiId);
        if (!found) throw new Error(`REST API ${restApiId} does not exist in ${region}`);
        if (!first) {
          first = found;
          // Ownership is decided on the policy as it was before this operation wrote anything.
          const taken = foreignSids(found.policy, declared, ownedBefore);
          if (taken.length && !inputs.importExisting)
            throw new Error(
              `the policy already has a statement with Sid ${taken.map((s) => JSON.stringify(s)).join(", ")} that this resource did not create; ` +
                "choose another Sid, or set importExisting: true to take it over",
            );
          await checkStagesExist(clients.reads, restApiId, newStages(inputs, before));
        }
        return found.policy;
      };
      const result = await convergePolicy(
        clients,
        restApiId,
        read,
        (current) => planStatements({ current, desired: statements, released, restApiId }).next,
      );
      const policy = result?.policy ?? { Statement: [] };
      const stages = result?.wrote ? inputs.redeployStages : newStages(inputs, before);
      const deployed = await redeploy(clients.reads, restApiId, stages);
      const outs: RestApiPolicyStatementsOutputs = {
        restApiId,
        region,
        statements,
        redeployStages: inputs.redeployStages,
        policy: renderPolicy(policy),
        deploymentIds: { ...pick(before?.deploymentIds, inputs.redeployStages), ...deployed },
      };
      if (inputs.importExisting) outs.importExisting = true;
      return outs;
    });
  } catch (e) {
    throw REST_API_POLICY_STATEMENTS.error(verb, restApiId, e);
  }
}

/** Stages declared now that were not before: deployed even when the policy did not change. */
function newStages(inputs: RestApiPolicyStatementsInputs, before: RestApiPolicyStatementsOutputs | undefined): string[] {
  return before ? inputs.redeployStages.filter((s) => !(before.redeployStages ?? []).includes(s)) : inputs.redeployStages;
}

const pick = (m: Record<string, string> | undefined, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => keys.includes(k)));

/**
 * Delete: the owned statements removed, every other statement kept. When none is left the policy
 * is cleared ("").
 *
 * Assumed(private-api-policy-clearable): UpdateRestApi accepts `replace /policy` with "" on a
 * PRIVATE API (Terraform's aws_api_gateway_rest_api_policy deletes so). AWS documents that a
 * PRIVATE API cannot be deployed without a policy, so the stages are then not redeployed: they
 * keep serving the policy of their last deployment until the API gets a policy and a deployment.
 */
async function remove(props: RestApiPolicyStatementsOutputs, region: string): Promise<void> {
  const restApiId = props.restApiId;
  const owned = (props.statements ?? []).map((s) => s.Sid);
  await withClients(region, async (clients) => {
    let api: RestApi | undefined;
    const read = async () => {
      const found = await readPolicy(clients.reads, restApiId);
      api = found?.api;
      return found?.policy;
    };
    const result = await convergePolicy(
      clients,
      restApiId,
      read,
      (current) => planStatements({ current, desired: [], released: owned, restApiId }).next,
    );
    if (!result?.wrote) return;
    const cleared = result.policy.Statement.length === 0 && isPrivate(api);
    if (!cleared) await redeploy(clients.reads, restApiId, props.redeployStages ?? []);
  });
}

/** The operations behind restApiPolicyStatementsProvider; tests may call either. */
export const restApiPolicyStatementsOperations = REST_API_POLICY_STATEMENTS.operations({
  async check(_olds, news) {
    return checkPolicyStatementsInputs(news as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffPolicyStatements(olds, news);
  },

  async create(inputs) {
    return { id: inputs.restApiId, outs: await apply(inputs, undefined, "creating") };
  },

  async update(_id, olds, news) {
    return { outs: await apply(news, olds, "updating") };
  },

  async read(id, props) {
    const region = resolveRegion(props?.region);
    if (!region)
      throw REST_API_POLICY_STATEMENTS.error("reading", id, undefined, "no region in the state, AWS_REGION or AWS_DEFAULT_REGION");
    const restApiId = props?.restApiId ?? id.split("/")[0];
    const client = apiGatewayClient(region);
    try {
      const found = await readPolicy(client, restApiId);
      if (!found) return {};
      // An import (no props) names its Sids after the API id: "{restApiId}/{Sid},{Sid}".
      const recorded: PolicyStatement[] =
        props?.statements ??
        (id.split("/")[1] ?? "")
          .split(",")
          .filter(Boolean)
          .map((Sid) => ({ Sid }) as PolicyStatement);
      const outs: RestApiPolicyStatementsOutputs = {
        restApiId,
        region,
        statements: ownedStatementsNow(found.policy, recorded, restApiId),
        redeployStages: props?.redeployStages ?? [],
        policy: renderPolicy(found.policy),
        deploymentIds: props?.deploymentIds ?? {},
        ...(props?.importExisting ? { importExisting: true } : {}),
      };
      return { id, props: outs };
    } catch (e) {
      throw REST_API_POLICY_STATEMENTS.error("reading", id, e);
    } finally {
      client.destroy();
    }
  },

  async delete(id, props) {
    const region = resolveRegion(props.region);
    if (!region)
      throw REST_API_POLICY_STATEMENTS.error("deleting", id, undefined, "no region in the state, AWS_REGION or AWS_DEFAULT_REGION");
    try {
      await remove(props, region);
    } catch (e) {
      throw REST_API_POLICY_STATEMENTS.error("deleting", props.restApiId ?? id, e);
    }
  },
});
