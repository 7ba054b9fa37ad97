/**
 * The sandbox against AWS's own service models (botocore's apigateway, apigatewayv2 and ec2, from
 * the AWS CLI that scripts/aws-cli.sh pins). Every operation in the sandbox's routing tables is
 * routed as its model says, and is driven through the real SDK client (support/conformanceSteps.ts):
 * the raw answer's members, types, enums and required members must match the model's output
 * shape, and every error code must be one the model declares for the operation or a common error
 * of the protocol (listed below).
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import * as apigateway from "@aws-sdk/client-api-gateway";
import * as apigatewayv2 from "@aws-sdk/client-apigatewayv2";
import * as ec2 from "@aws-sdk/client-ec2";
import { EC2_ACTIONS } from "../../local/ec2Wire";
import { ROUTES } from "../../local/http";
import { loadServiceModel, type ServiceModel, type ServiceName } from "../../support/awsModels";
import { CONFORMANCE_STEPS, CONSUMER_ACCOUNT, CONSUMER_KEY, type ConformanceStep, type StepState } from "../../support/conformanceSteps";
import { createNetwork } from "../../support/network";
import { FAST, TEST_ACCESS_KEY_ID, useSandbox } from "../../support/sandbox";
import { checkEc2Answer, checkRestJsonAnswer, errorCodeProblem, parseXml, type ModelQuirks } from "../../support/shapeConformance";

/**
 * Errors any API Gateway operation may answer: the "Common Errors" of AWS's API references
 * (signing, authorization, throttling and server faults), which no operation lists itself.
 */
const REST_JSON_COMMON = new Set([
  "AccessDeniedException",
  "IncompleteSignature",
  "InternalFailure",
  "InvalidAction",
  "InvalidClientTokenId",
  "NotAuthorized",
  "OptInRequired",
  "RequestExpired",
  "ServiceUnavailable",
  "ThrottlingException",
  "ValidationError",
]);

/**
 * EC2's model declares no errors per operation: its codes are listed on "Error codes for the
 * Amazon EC2 API" (common client and server errors, and the resource errors the sandbox answers).
 * A code not here fails the test until it is checked against that page and added.
 */
const EC2_DOCUMENTED = new Set([
  // common client errors
  "AuthFailure",
  "DryRunOperation",
  "IdempotentParameterMismatch",
  "IncorrectState",
  "InvalidAction",
  "InvalidParameter",
  "InvalidParameterCombination",
  "InvalidParameterValue",
  "MissingParameter",
  "UnknownParameter",
  "UnsupportedOperation",
  // server errors
  "InternalError",
  "RequestLimitExceeded",
  "ServiceUnavailable",
  "Unavailable",
  // resource errors
  "CannotDelete",
  "DependencyViolation",
  "DuplicateSubnetsInSameZone",
  "InvalidGroup.Duplicate",
  "InvalidGroup.NotFound",
  "InvalidGroup.Reserved",
  "InvalidID",
  "InvalidPermission.Duplicate",
  "InvalidPermission.NotFound",
  "InvalidServiceName",
  "InvalidSubnet.Conflict",
  "InvalidSubnet.Range",
  "InvalidSubnetID.NotFound",
  "InvalidTagKey.Malformed",
  "InvalidVpcEndpointId.NotFound",
  "InvalidVpcID.NotFound",
  "InvalidVpcRange",
  "VPCIdNotSpecified",
]);

/** Where EC2 is known to answer otherwise than its model: endpoint states in camelCase ("available"). */
const EC2_QUIRKS: ModelQuirks = { camelCaseEnums: new Set(["State"]) };

/** One HTTP exchange as the wire carried it. */
interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Sendable = { send(command: unknown): Promise<Record<string, unknown>> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's middleware types differ per client; the recorder is generic
type Stack = { middlewareStack: { addRelativeTo(mw: any, options: any): void } };

/** Keeps the raw answer of every request the client sends, before the SDK parses it. */
function recording<T extends Stack>(client: T, sink: Exchange[]): T {
  const middleware = (next: (a: unknown) => Promise<{ response: Record<string, unknown> }>) => async (args: unknown) => {
    const out = await next(args);
    const response = out.response as { statusCode: number; headers: Record<string, string>; body?: AsyncIterable<Uint8Array> };
    const chunks: Buffer[] = [];
    if (response.body) for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    sink.push({ status: response.statusCode, headers: response.headers, body: body.toString("utf8") });
    response.body = Readable.from([body]);
    return out;
  };
  client.middlewareStack.addRelativeTo(middleware, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "conformanceRecorder",
  });
  return client;
}

const PACKAGES: Record<ServiceName, Record<string, unknown>> = { apigateway, apigatewayv2, ec2 };

/** The code of an error answer: API Gateway's x-amzn-errortype header, EC2's <Code>. */
function errorCode(service: ServiceName, exchange: Exchange): string {
  if (service !== "ec2") return (exchange.headers["x-amzn-errortype"] ?? "").split(":")[0];
  const code = parseXml(exchange.body)
    .children.find((c) => c.name === "Errors")
    ?.children[0]?.children.find((c) => c.name === "Code");
  return code?.text ?? "";
}

/** A sample path of the model's request URI: each label becomes one segment. */
const samplePath = (requestUri: string) => requestUri.split("?")[0].replace(/\{[^}]+\}/g, "x1");

describe("sandbox conformance with AWS's service models", () => {
  const ctx = useSandbox({ ...FAST, accounts: { [TEST_ACCESS_KEY_ID]: "123456789012", [CONSUMER_KEY]: CONSUMER_ACCOUNT } });
  let models: Record<ServiceName, ServiceModel>;
  const served = (): [ServiceName, string][] => [
    ...ROUTES.map((r): [ServiceName, string] => [r.pattern.source.startsWith("^\\/v2\\/") ? "apigatewayv2" : "apigateway", r.operation]),
    ...EC2_ACTIONS.map((a): [ServiceName, string] => ["ec2", a]),
  ];
  before(() => {
    models = { apigateway: loadServiceModel("apigateway"), apigatewayv2: loadServiceModel("apigatewayv2"), ec2: loadServiceModel("ec2") };
  });

  it("serves only operations of the models, on the method and path each model gives", () => {
    const problems: string[] = [];
    for (const route of ROUTES) {
      const service = route.pattern.source.startsWith("^\\/v2\\/") ? "apigatewayv2" : "apigateway";
      const op = models[service].operations[route.operation];
      if (!op) {
        problems.push(`${route.operation} is not an operation of ${service}`);
        continue;
      }
      const path = samplePath(op.http.requestUri);
      const first = ROUTES.find((r) => r.method === op.http.method && r.pattern.test(path));
      if (first !== route)
        problems.push(
          `${service} ${op.http.method} ${op.http.requestUri} reaches ${first?.operation ?? "no route"}, not ${route.operation}`,
        );
    }
    for (const action of EC2_ACTIONS) if (!models.ec2.operations[action]) problems.push(`${action} is not an operation of ec2`);
    assert.deepEqual(problems, []);
  });

  it("has a request builder that succeeds for every served operation", () => {
    const covered = new Set(CONFORMANCE_STEPS.filter((st) => !st.expectError).map((st) => `${st.service}:${st.operation}`));
    const missing = served().filter(([service, op]) => !covered.has(`${service}:${op}`));
    assert.deepEqual(missing, [], "add a step for each to support/conformanceSteps.ts");
  });

  it("answers every served operation in its model's output shape, with only the errors the model allows", async () => {
    ctx.sandbox.control.setTimeScale(0);
    const exchanges: Exchange[] = [];
    const clients = (asConsumer: boolean): Record<ServiceName, Sendable> => {
      const credentials = asConsumer ? { accessKeyId: CONSUMER_KEY, secretAccessKey: "consumer-secret" } : undefined;
      const options = { region: "us-east-1", maxAttempts: 1, ...(credentials ? { credentials } : {}) };
      return {
        apigateway: recording(new apigateway.APIGatewayClient(options), exchanges) as unknown as Sendable,
        apigatewayv2: recording(new apigatewayv2.ApiGatewayV2Client(options), exchanges) as unknown as Sendable,
        ec2: recording(new ec2.EC2Client(options), exchanges) as unknown as Sendable,
      };
    };
    const owner = clients(false);
    const consumer = clients(true);
    const state: StepState = {};
    const problems: string[] = [];
    for (const step of CONFORMANCE_STEPS) problems.push(...(await runStep(step, step.asConsumer ? consumer : owner, state, exchanges)));
    assert.deepEqual(problems, []);
  });

  /** Sends one step and returns its problems: the answer against the model, and the outcome against the step's expectation. */
  async function runStep(step: ConformanceStep, clients: Record<ServiceName, Sendable>, state: StepState, exchanges: Exchange[]) {
    if (step.waitMs) await new Promise((r) => setTimeout(r, step.waitMs));
    const Command = PACKAGES[step.service][`${step.operation}Command`] as new (input: object) => unknown;
    const label = `${step.operation}${step.expectError ? ` (${step.expectError})` : ""}`;
    if (!Command) return [`${label}: the SDK has no ${step.operation}Command`];
    exchanges.length = 0;
    const outcome = await clients[step.service].send(new Command(step.input(state))).then(
      (output) => ({ output }),
      (error: Error) => ({ error }),
    );
    const exchange = exchanges[0];
    if (!exchange) return [`${label}: no answer (${"error" in outcome ? outcome.error.message : ""})`];
    const model = models[step.service];
    if (exchange.status >= 300) {
      const code = errorCode(step.service, exchange);
      const common = step.service === "ec2" ? EC2_DOCUMENTED : REST_JSON_COMMON;
      const problem =
        step.service === "ec2"
          ? common.has(code)
            ? undefined
            : `${step.operation} answered ${code}, not an EC2 code listed here`
          : errorCodeProblem(model, step.operation, code, common);
      const expectation =
        step.expectError === code ? [] : [`${label}: answered ${exchange.status} ${code}: ${exchange.body.slice(0, 200)}`];
      return [...(problem ? [problem] : []), ...expectation];
    }
    const shapeProblems =
      step.service === "ec2"
        ? checkEc2Answer(model, step.operation, exchange.body, EC2_QUIRKS)
        : checkRestJsonAnswer(model, step.operation, exchange.body);
    if (step.expectError) return [...shapeProblems, `${label}: succeeded`];
    if ("error" in outcome) return [...shapeProblems, `${label}: the SDK could not read the answer: ${outcome.error.message}`];
    step.keep?.(outcome.output, state);
    return shapeProblems;
  }

  it("catches a member renamed in a real answer", async () => {
    const exchanges: Exchange[] = [];
    const v2 = recording(new apigatewayv2.ApiGatewayV2Client({ region: "us-east-1", maxAttempts: 1 }), exchanges);
    const { subnetIds } = await createNetwork();
    await v2.send(new apigatewayv2.CreateVpcLinkCommand({ Name: "renamed", SubnetIds: subnetIds }));
    const answer = JSON.parse(exchanges[0].body) as Record<string, unknown>;
    assert.deepEqual(checkRestJsonAnswer(models.apigatewayv2, "CreateVpcLink", JSON.stringify(answer)), []);
    const { vpcLinkStatus, ...rest } = answer;
    assert.deepEqual(checkRestJsonAnswer(models.apigatewayv2, "CreateVpcLink", JSON.stringify({ ...rest, status: vpcLinkStatus })), [
      "CreateVpcLink $.status: not a member of CreateVpcLinkResponse",
    ]);
  });
});
