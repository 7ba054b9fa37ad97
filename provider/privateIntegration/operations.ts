/**
 * PrivateIntegration: a REST API method's integration with an ALB or NLB through an API Gateway
 * v2 VPC link (`connectionType: VPC_LINK`, `connectionId`, `integrationTarget`).
 *
 *   check  -> no AWS call: ids, the load balancer ARN and its region, uri, timeout, request parameters
 *   diff   -> no AWS call: restApiId, resourceId, httpMethod or region replace; the rest updates in place
 *   create -> [createMethod: GetMethod, PutMethod unless the method is already there without an
 *             integration], GetIntegration, PutIntegration unless the integration already matches
 *             (a create whose answer was lost)
 *   read   -> GetIntegration (NotFound: no id, the engine drops the resource)
 *   update -> GetIntegration, then one UpdateIntegration with the fewest patch operations from
 *             what AWS holds to the inputs; nothing to change sends nothing
 *   delete -> createMethod: DeleteMethod (it takes the integration with it); else DeleteIntegration.
 *             NotFound is success
 *
 * The change reaches callers only after a new deployment of the stage: StageRedeployment
 * (provider/stageRedeployment/) deploys once per `up` for every integration that changed,
 * keyed on the `revision` output of each.
 */
import {
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateIntegrationCommand,
  type APIGatewayClient,
  type Integration,
} from "@aws-sdk/client-api-gateway";
import { isNotFound, withApiGateway } from "../clients";
import { IneffectiveChangeError } from "../effects";
import { operationError, withOperation } from "../errors";
import {
  checkPrivateIntegrationInputs,
  DEFAULT_TIMEOUT_MS,
  desiredIntegration,
  diffPrivateIntegration,
  integrationId,
  integrationRevision,
  planIntegrationPatch,
  PRIVATE_INTEGRATION,
  withLinkHint,
  type PrivateIntegrationInputs,
  type PrivateIntegrationOutputs,
} from "./model";

/** The resource kind in every error message. */
const KIND = PRIVATE_INTEGRATION.errorKind;

const keyOf = (i: PrivateIntegrationInputs) => ({ restApiId: i.restApiId, resourceId: i.resourceId, httpMethod: i.httpMethod });

/** The integration on the method, or undefined if the method has none (or is gone). */
export async function findIntegration(client: APIGatewayClient, i: PrivateIntegrationInputs): Promise<Integration | undefined> {
  try {
    return await client.send(new GetIntegrationCommand(keyOf(i)));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** PutMethod for `createMethod`, unless an earlier attempt (whose answer was lost) already made it. */
async function ensureMethod(client: APIGatewayClient, i: PrivateIntegrationInputs, verb: string, id: string): Promise<void> {
  const method = await withOperation(verb, KIND, id, async () => {
    try {
      return await client.send(new GetMethodCommand(keyOf(i)));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  });
  // An integration equal to ours is our own earlier attempt whose answer was lost.
  if (method?.methodIntegration && planIntegrationPatch(method.methodIntegration, i).length) {
    throw operationError(
      verb,
      KIND,
      id,
      undefined,
      "the method already exists with another integration; manage that method with createMethod: false",
    );
  }
  if (!method)
    await withOperation(verb, KIND, id, () => client.send(new PutMethodCommand({ ...keyOf(i), authorizationType: i.authorizationType })));
}

/** Brings AWS's integration to the inputs with at most one UpdateIntegration; re-plans once if AWS moved under us. */
async function patchTo(client: APIGatewayClient, i: PrivateIntegrationInputs, verb: string, id: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await withOperation(verb, KIND, id, () => findIntegration(client, i));
    if (!current) throw operationError(verb, KIND, id, undefined, "the integration no longer exists; run `pulumi refresh` to drop it");
    const ops = planIntegrationPatch(current, i);
    if (!ops.length) return;
    try {
      const answered = await client.send(new UpdateIntegrationCommand({ ...keyOf(i), patchOperations: ops })).catch((e) => {
        throw withLinkHint(e);
      });
      assertIntegrationEffect("UpdateIntegration", answered, i);
      return;
    } catch (e) {
      // A retried patch whose first answer was lost may meet its own result (a second "add"): re-read once.
      if (attempt >= 2 || (e as { name?: string }).name !== "BadRequestException") throw operationError(verb, KIND, id, e);
    }
  }
}

/** The integration in a mutation's answer must need no further patch, else the change was not applied. */
function assertIntegrationEffect(call: string, answered: Integration, i: PrivateIntegrationInputs): void {
  const left = planIntegrationPatch(answered, i).map((op) => op.path);
  if (left.length)
    throw new IneffectiveChangeError(`${call} succeeded, but its answer still differs at ${left.join(", ")}: the change was not applied`);
}

function outputsOf(i: PrivateIntegrationInputs): PrivateIntegrationOutputs {
  return { ...i, revision: integrationRevision(i) };
}

/** The operations behind {@link privateIntegrationProvider}; tests may call either. */
export const privateIntegrationOperations = PRIVATE_INTEGRATION.operations({
  async check(_olds, news) {
    return checkPrivateIntegrationInputs(news as unknown as Record<string, unknown>);
  },

  async diff(_id, olds, news) {
    return diffPrivateIntegration(olds, news);
  },

  async create(inputs) {
    const id = integrationId(inputs);
    return withApiGateway(inputs.region, async (client) => {
      if (inputs.createMethod) await ensureMethod(client, inputs, "creating", id);
      const current = await withOperation("creating", KIND, id, () => findIntegration(client, inputs));
      // Assumed(put-integration-takes-over): as Terraform, an integration already on the method is taken over (PutIntegration replaces it).
      if (!current || current.connectionType !== "VPC_LINK" || planIntegrationPatch(current, inputs).length) {
        const answered = await withOperation("creating", KIND, id, () =>
          client.send(new PutIntegrationCommand({ ...keyOf(inputs), ...desiredIntegration(inputs) })).catch((e) => {
            throw withLinkHint(e);
          }),
        );
        await withOperation("creating", KIND, id, async () => assertIntegrationEffect("PutIntegration", answered, inputs));
      }
      return { id, outs: outputsOf(inputs) };
    });
  },

  async read(id, props) {
    if (!props?.region) throw operationError("reading", KIND, id, undefined, "no region in the state");
    return withApiGateway(props.region, async (client) => {
      const current = await withOperation("reading", KIND, id, () => findIntegration(client, props));
      if (!current) return {}; // gone: the engine drops it
      const seen: PrivateIntegrationInputs = {
        ...props,
        type: (current.type as "HTTP_PROXY" | "HTTP") ?? props.type,
        integrationHttpMethod: current.httpMethod ?? props.integrationHttpMethod,
        uri: current.uri ?? "",
        vpcLinkId: current.connectionId ?? "",
        integrationTarget: current.integrationTarget ?? "",
        timeoutInMillis: current.timeoutInMillis ?? DEFAULT_TIMEOUT_MS,
        tlsInsecureSkipVerification: current.tlsConfig?.insecureSkipVerification ?? false,
        requestParameters: current.requestParameters ?? {},
      };
      return { id, props: outputsOf(seen), inputs: outputsOf(seen) };
    });
  },

  async update(id, _olds, news) {
    return withApiGateway(news.region, async (client) => {
      await patchTo(client, news, "updating", id);
      return { outs: outputsOf(news) };
    });
  },

  async delete(id, props) {
    return withApiGateway(props.region, async (client) => {
      await withOperation("deleting", KIND, id, async () => {
        try {
          await client.send(props.createMethod ? new DeleteMethodCommand(keyOf(props)) : new DeleteIntegrationCommand(keyOf(props)));
        } catch (e) {
          if (!isNotFound(e)) throw e; // already gone (with its method or its API)
        }
      });
    });
  },
});
