/**
 * Test and bench support for shared resource policies: a deployable PRIVATE API whose policy
 * already holds other teams' statements, and the Sids of a policy in order.
 */
import { CreateDeploymentCommand, GetRestApiCommand, UpdateRestApiCommand } from "@aws-sdk/client-api-gateway";
import { parsePolicy } from "../provider/restApiPolicyStatements/model";
import { createRestApi, makeDeployable, TEST_REGION, v1Client } from "./sandbox";

/** A statement of another team: a Deny of the admin paths, which must keep its place. */
export function foreignStatement(Sid: string): Record<string, unknown> {
  return { Sid, Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/admin/*" };
}

/** The Sids of the API's policy, in order ("-" for a statement without one). */
export async function policySids(restApiId: string, region = TEST_REGION): Promise<string[]> {
  const api = await v1Client(region).send(new GetRestApiCommand({ restApiId }));
  return parsePolicy(api.policy).Statement.map((s) => (typeof s.Sid === "string" ? s.Sid : "-"));
}

/** Replaces the API's whole policy ("" when `statements` is empty), as another tool would. */
export async function setPolicy(restApiId: string, statements: Record<string, unknown>[], region = TEST_REGION): Promise<void> {
  const value = statements.length ? JSON.stringify({ Version: "2012-10-17", Statement: statements }) : "";
  await v1Client(region).send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: "replace", path: "/policy", value }] }));
}

/** A deployable PRIVATE API with the stage "prod" and the policy [ForeignA, ForeignB]; returns its id. */
export async function sharedPolicyApi(opts: { vpcEndpointIds?: string[] } = {}): Promise<string> {
  const api = await createRestApi({ vpcEndpointIds: opts.vpcEndpointIds });
  await makeDeployable(api);
  await setPolicy(api, [foreignStatement("ForeignA"), foreignStatement("ForeignB")]);
  await v1Client().send(new CreateDeploymentCommand({ restApiId: api, stageName: "prod" }));
  return api;
}
