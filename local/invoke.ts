/**
 * The invoke plane: an HTTP request to a private API through a VPC endpoint, answered as AWS
 * answers it. The rules, in the order a request meets them (README "The invoke plane"):
 * 1. the endpoint exists and is available (else no connection);
 * 2. its security groups admit the caller on TCP 443 (else no HTTP answer: the connection times out);
 *    a SigV4 Authorization header is checked against the identities the sandbox knows (else 403 with AWS's signature errors);
 *    a valid one makes the caller that identity, no header (or a non-SigV4 one) an anonymous caller;
 * 3. the API is PRIVATE, its execute-api endpoint enabled, and a per-VPCE name's endpoint associated (else 403 Forbidden);
 *    in STRICT endpoint access mode the Host (and the TLS server name) must be one of the API's names (local/invokeStrict.ts);
 * 4. the stage is deployed (else 403 Forbidden);
 * 5. the endpoint's policy allows execute-api:Invoke on the method ARN for the caller (else 403 AccessDeniedException);
 * 6. an AWS_IAM method has a signed caller (else 403 Missing Authentication Token);
 * 7. the deployment's resource policy allows it: for the signed caller on an AWS_IAM method, with the caller's IAM policy;
 *    for anyone else as an anonymous caller (else 403, explicit deny and no allow worded apart);
 * 8. a deployed method serves the path (else 403 Missing Authentication Token);
 * 9. the integration answers: MOCK from its integration responses, a private one through its v2 link.
 * A private custom domain name (local/invokeDomain.ts) applies rules 1-2, its own domain rules, then 3-8 to the mapped stage.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  combineIamAndResourceDecisions,
  evaluatePolicy,
  executeApiArn,
  type AccessDecision,
  type AccessRequest,
  type RequestContext,
} from "../provider/accessPolicy";
import { admits, DEFAULT_ENDPOINT_POLICY_JSON } from "./ec2Access";
import type { Ec2Model } from "./ec2";
import type { RequestLogEntry } from "./http";
import { identifyCaller, principalContext, type SandboxIdentity, type SignedCaller } from "./invokeIdentity";
import { jsonAnswer, mockAnswer, privateAnswer, selectMethod, type InvokeAnswer, type PrivateIntegrationDeps } from "./invokeIntegration";
import { privateApiHostnames, strictRefusal } from "./invokeStrict";
import { stageAndPath, type InvokeTarget } from "./invokeTarget";
import type { RestApiModel, RestApiRecord, StageRecord } from "./restApis";
import type { RestIntegrationModel } from "./restIntegrations";

/** Sandbox-only header: the caller's source address (default: an address inside the endpoint's VPC). */
export const SOURCE_IP_HEADER = "x-apigw-sandbox-source-ip";
/** Sandbox-only header: the endpoint a private DNS name resolves to for the caller (its VPC's endpoint with private DNS). */
export const SOURCE_VPCE_HEADER = "x-apigw-sandbox-vpce";
/** Sandbox-only header: the caller's security groups, comma-separated, for rules that name a group. */
export const SOURCE_GROUPS_HEADER = "x-apigw-sandbox-source-sg";

/** What the invoke plane reads. */
export interface InvokeDeps extends PrivateIntegrationDeps {
  restApis: RestApiModel;
  restIntegrations: RestIntegrationModel;
  ec2: Ec2Model;
  /** Access key id -> the IAM identity whose signatures the invoke plane accepts. */
  identities: ReadonlyMap<string, SandboxIdentity>;
}

/** No HTTP answer ("refused"), or an answer. */
export type InvokeOutcome = { kind: "no-answer"; reason: string } | { kind: "answer"; answer: InvokeAnswer; reason: string };

/** 403 `{"message":"Forbidden"}`, with the rule that decided it. */
export const forbidden = (reason: string): InvokeOutcome => ({
  kind: "answer",
  answer: jsonAnswer(403, { message: "Forbidden" }, "ForbiddenException"),
  reason,
});

/** Decides and answers one invocation. */
export async function invoke(
  deps: InvokeDeps,
  target: InvokeTarget,
  req: IncomingMessage,
  pathname: string,
  body: string,
): Promise<InvokeOutcome> {
  const { region, vpcEndpointId } = target;
  // The public execute-api endpoint reaches no private API.
  if (!vpcEndpointId) return forbidden("a private DNS name without an endpoint resolves to the public endpoint");
  const through = throughEndpoint(deps, region, vpcEndpointId, req, target.form === "private-dns");
  if ("outcome" in through) return through.outcome;
  const gate = await withCaller(deps, through, req, body);
  if ("outcome" in gate) return gate.outcome;
  if (!target.restApiId) return forbidden("no API named (x-apigw-api-id)");
  const api = privateApi(deps, region, target.restApiId);
  if ("outcome" in api) return api.outcome;
  if (target.form === "per-vpce-host" && !(api.record.endpointConfiguration.vpcEndpointIds ?? []).includes(vpcEndpointId))
    return forbidden(`endpoint ${vpcEndpointId} is not associated with the API`);
  const strict = strictRefusal(
    req,
    api.record.endpointAccessMode,
    privateApiHostnames(api.record.id, vpcEndpointId, region),
    `API ${api.record.id}`,
  );
  if (strict) return strict;
  const where = stageAndPath(pathname);
  return invokeStage(deps, gate, api.record, where?.stage ?? "", where?.path ?? "/", req, body);
}

/** The endpoint a request came through, with the caller's address; what the API rules need. */
export interface Passage {
  /** The region of the request. */
  region: string;
  /** The endpoint it came through. */
  vpcEndpointId: string;
  /** That endpoint as EC2 holds it (undefined for an id EC2 does not know). */
  endpoint: ReturnType<typeof findEndpoint>;
  /** The caller's address. */
  sourceIp: string | undefined;
  /** The IAM identity that signed the request; undefined for an anonymous caller. */
  caller?: SignedCaller;
}

/**
 * Rule 2's identity part: the caller a SigV4 signature names, or anonymous.
 * @returns The passage with its caller, or the 403 of a signature AWS would not accept.
 */
export async function withCaller(
  deps: InvokeDeps,
  passage: Passage,
  req: IncomingMessage,
  body: string,
): Promise<Passage | { outcome: InvokeOutcome }> {
  const request = { method: (req.method ?? "GET").toUpperCase(), url: req.url ?? "/", headers: req.headers, body };
  const identified = await identifyCaller(deps.identities, request, passage.region);
  if ("refusal" in identified)
    return {
      outcome: {
        kind: "answer",
        answer: jsonAnswer(403, { message: identified.refusal.message }, identified.refusal.errorType),
        reason: `signature refused: ${identified.refusal.errorType}`,
      },
    };
  return identified.caller ? { ...passage, caller: identified.caller } : passage;
}

/**
 * Rules 1-2 (and private DNS): the endpoint exists, is available and admits the caller on TCP 443.
 * @returns The passage, or the outcome that ends the request.
 */
export function throughEndpoint(
  deps: InvokeDeps,
  region: string,
  vpcEndpointId: string,
  req: IncomingMessage,
  needsPrivateDns = false,
): Passage | { outcome: InvokeOutcome } {
  const endpoint = findEndpoint(deps.ec2, region, vpcEndpointId);
  if (needsPrivateDns && endpoint && !endpoint.privateDnsEnabled)
    return { outcome: forbidden(`private DNS is off on ${vpcEndpointId}: the name resolves to the public endpoint`) };
  // Assumed(unknown-endpoint-open): an endpoint id EC2 does not know is an available endpoint with the default policy and no security-group rule.
  if (endpoint && endpoint.state !== "available")
    return { outcome: { kind: "no-answer", reason: `endpoint ${vpcEndpointId} is ${endpoint.state}` } };
  const sourceIp = header(req, SOURCE_IP_HEADER) ?? (endpoint ? addressInside(endpoint.vpcCidr) : undefined);
  if (endpoint) {
    const caller = { address: sourceIp ?? "", groupIds: (header(req, SOURCE_GROUPS_HEADER) ?? "").split(",").filter(Boolean) };
    if (!admits(endpoint.groups, caller, 443))
      return { outcome: { kind: "no-answer", reason: `no security group of ${vpcEndpointId} admits ${caller.address} on TCP 443` } };
  }
  return { region, vpcEndpointId, endpoint, sourceIp };
}

/** Rule 3 for the API: it exists, is PRIVATE and its execute-api endpoint is enabled. */
export function privateApi(deps: InvokeDeps, region: string, restApiId: string): { record: RestApiRecord } | { outcome: InvokeOutcome } {
  let record: RestApiRecord;
  try {
    record = deps.restApis.get(region, restApiId);
  } catch {
    return { outcome: forbidden(`no API ${restApiId}`) };
  }
  if (!record.endpointConfiguration.types.includes("PRIVATE"))
    return { outcome: forbidden("the API is not PRIVATE: a VPC endpoint reaches private APIs only") };
  // Assumed(invoke-forbidden-cases): disabled default endpoint, an unassociated per-VPCE name and an undeployed stage answer 403 "Forbidden".
  if (record.disableExecuteApiEndpoint) return { outcome: forbidden("the API's execute-api endpoint is disabled") };
  return { record };
}

/** The policy context of a request through an endpoint, with the principal keys of a signed caller. */
export function requestContext(passage: Passage, caller?: SignedCaller): RequestContext {
  return {
    ...principalContext(caller),
    "aws:SourceVpce": passage.vpcEndpointId,
    "aws:SourceVpc": passage.endpoint?.vpcId,
    "aws:VpcSourceIp": passage.sourceIp,
    // IAM: aws:SourceIp is not in the request context of a request made through a VPC endpoint.
  };
}

/** Rules 4-8: the stage, the endpoint policy, the deployed resource policy, the method and its integration. */
export async function invokeStage(
  deps: InvokeDeps,
  passage: Passage,
  api: RestApiRecord,
  stageName: string,
  path: string,
  req: IncomingMessage,
  body: string,
): Promise<InvokeOutcome> {
  const { region, endpoint } = passage;
  let stage: StageRecord;
  try {
    stage = deps.restApis.getStage(region, api.id, stageName);
  } catch {
    return forbidden(`no stage ${stageName}`);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const arn = executeApiArn({ region, accountId: api.accountId, restApiId: api.id, stage: stage.stageName, method, path });
  const { caller } = passage;
  const who = caller?.callerArn ?? "anonymous";
  const forCaller = (c: SignedCaller | undefined): AccessRequest => ({
    action: "execute-api:Invoke",
    resource: arn,
    context: requestContext(passage, c),
    principal: c?.principalArn,
  });
  const endpointDecision = evaluatePolicy(endpoint?.policyDocument ?? DEFAULT_ENDPOINT_POLICY_JSON, forCaller(caller)).decision;
  if (endpointDecision !== "allow") {
    // Assumed(endpoint-policy-denial-message): IAM's wording for a denial by a VPC endpoint policy.
    const why =
      endpointDecision === "explicit-deny"
        ? "with an explicit deny in a VPC endpoint policy"
        : "because no VPC endpoint policy allows the execute-api:Invoke action";
    return denied(
      `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${arn} ${why}`,
      `endpoint policy: ${endpointDecision}`,
    );
  }
  const tree = deps.restIntegrations.deployedTree(region, api.id, stage.deploymentId);
  const selected = tree && selectMethod(tree, path, method);
  const iamMethod = selected?.method.authorizationType === "AWS_IAM";
  if (iamMethod && !caller) return missingToken(`${method} ${path} needs a SigV4-signed request (AWS_IAM)`);
  // API Gateway authenticates the caller only for AWS_IAM methods: for any other the resource policy sees an anonymous caller.
  const resourceCaller = iamMethod ? caller : undefined;
  const decision = resourcePolicyDecision(deps, region, api, stage.deploymentId, forCaller(resourceCaller), resourceCaller);
  const denier = resourceCaller?.callerArn ?? "anonymous";
  if (decision === "explicit-deny")
    return denied(
      `User: ${denier} is not authorized to perform: execute-api:Invoke on resource: ${arn} with an explicit deny`,
      "resource policy: explicit deny",
    );
  if (decision !== "allow")
    return denied(`User: ${denier} is not authorized to perform: execute-api:Invoke on resource: ${arn}`, "resource policy: no allow");
  if (!selected?.method.integration) return missingToken(`no method ${method} ${path}`);
  const integration = selected.method.integration;
  if (integration.type === "MOCK") return { kind: "answer", answer: mockAnswer(integration), reason: "MOCK integration" };
  if (integration.connectionType === "VPC_LINK") {
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === "string"));
    const answer = await privateAnswer(deps, region, integration, stage.variables ?? {}, { method, path, headers, body });
    return { kind: "answer", answer, reason: "private integration" };
  }
  // Assumed(internet-integration-500): the sandbox reaches no internet endpoint, so such integrations answer 500.
  return {
    kind: "answer",
    answer: jsonAnswer(500, { message: "Internal server error" }),
    reason: "the sandbox does not call internet integrations",
  };
}

/**
 * The deployed resource policy's decision; for a signed caller of an AWS_IAM method, combined with
 * the caller's IAM policy as API Gateway's outcome tables combine them.
 */
function resourcePolicyDecision(
  deps: InvokeDeps,
  region: string,
  api: RestApiRecord,
  deploymentId: string,
  request: AccessRequest,
  caller: SignedCaller | undefined,
): AccessDecision {
  const policy = deps.restApis.deployedPolicy(region, api.id, deploymentId);
  const resource = policy ? evaluatePolicy(policy, request).decision : "implicit-deny";
  if (!caller) return resource;
  const identity = caller.identityPolicy ? evaluatePolicy(caller.identityPolicy, request).decision : "implicit-deny";
  return combineIamAndResourceDecisions(identity, resource, caller.accountId === api.accountId);
}

/** 403 Missing Authentication Token: API Gateway's answer to an unknown method and to an unsigned AWS_IAM one. */
const missingToken = (reason: string): InvokeOutcome => ({
  kind: "answer",
  answer: jsonAnswer(403, { message: "Missing Authentication Token" }, "MissingAuthenticationTokenException"),
  reason,
});

/** 403 AccessDeniedException with IAM's message. */
export const denied = (message: string, reason: string): InvokeOutcome => ({
  kind: "answer",
  answer: jsonAnswer(403, { Message: message }, "AccessDeniedException"),
  reason,
});

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value ? value : undefined;
}

/** The endpoint with what the rules need, from whichever account holds it in the region. */
function findEndpoint(ec2: Ec2Model, region: string, vpcEndpointId: string) {
  const all = ec2.all(region);
  const endpoint = all.vpcEndpoints.find((e) => e.vpcEndpointId === vpcEndpointId);
  if (!endpoint) return undefined;
  const vpc = all.vpcs.find((v) => v.vpcId === endpoint.vpcId);
  return {
    ...endpoint,
    vpcCidr: vpc?.cidrBlock ?? "10.0.0.0/16",
    groups: all.securityGroups.filter((g) => endpoint.groupIds.includes(g.groupId)),
  };
}

/**
 * The default caller: the tenth address of the VPC's block.
 * Assumed(default-caller-address): a caller without the sandbox header is inside the endpoint's VPC, at that address.
 */
function addressInside(cidr: string): string {
  const [base] = cidr.split("/");
  const octets = base.split(".").map(Number);
  octets[3] += 10;
  return octets.join(".");
}

/** Serves one request of the invoke plane: the answer, or a connection held without one and then dropped. */
export async function serveInvoke(
  deps: InvokeDeps & { log: RequestLogEntry[]; refusedHoldMs: () => number },
  target: InvokeTarget,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  body: string,
): Promise<void> {
  const entry: RequestLogEntry = {
    operation: "Invoke",
    region: target.region,
    params: { restApiId: target.restApiId, vpcEndpointId: target.vpcEndpointId, method: req.method, path: pathname },
    status: 0,
    time: Date.now(),
  };
  deps.log.push(entry);
  respond(deps, entry, await invoke(deps, target, req, pathname, body), req, res);
}

/** Writes an outcome and its rule into the log entry, and answers it (or holds the connection, then drops it). */
export function respond(
  deps: { refusedHoldMs: () => number },
  entry: RequestLogEntry,
  outcome: InvokeOutcome,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  entry.params.reason = outcome.reason;
  if (outcome.kind === "no-answer") {
    // As on AWS the caller gets no answer: its connection times out. Held, then dropped.
    entry.errorType = "ConnectionTimeout";
    setTimeout(() => req.socket.destroy(), deps.refusedHoldMs()).unref();
    return;
  }
  const { answer } = outcome;
  entry.status = answer.status;
  if (answer.headers["x-amzn-errortype"]) entry.errorType = answer.headers["x-amzn-errortype"];
  res.writeHead(answer.status, { "x-amzn-requestid": randomUUID(), ...answer.headers });
  res.end(answer.body);
}
