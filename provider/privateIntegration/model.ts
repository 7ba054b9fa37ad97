/** PrivateIntegration's model: args, inputs, outputs, check(), diff() and its planners. Pure: no I/O, no AWS SDK. */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { REST_API_ID, REST_API_ID_RULE } from "../ids";
import type { PatchOperation } from "../patch";
import { HTTP_METHODS, LOAD_BALANCER_ARN, STAGE_VARIABLE } from "../restNames";
import { checkId, checkRegion, Failures, UNKNOWN } from "../validation";
import { defineResource } from "../defineResource";
import { PRIVATE_INTEGRATION_TYPE } from "../types";

/** PrivateIntegration's type token, error kind, operations typing and stored provider (see defineResource.ts). */
export const PRIVATE_INTEGRATION = defineResource<PrivateIntegrationInputs, PrivateIntegrationOutputs>(
  PRIVATE_INTEGRATION_TYPE,
  "API Gateway REST private integration",
);

/** Arguments of {@link PrivateIntegration}. */
export interface PrivateIntegrationArgs {
  /** The REST API's id (10 lowercase alphanumerics). Changing it replaces the integration. @default - none, required */
  readonly restApiId: pulumi.Input<string>;
  /** The id of the API resource whose method is integrated. Changing it replaces the integration. @default - none, required */
  readonly resourceId: pulumi.Input<string>;
  /** The method (GET, POST, ..., or ANY). Changing it replaces the integration. @default - none, required */
  readonly httpMethod: pulumi.Input<string>;
  /** The v2 VPC link's id, or a stage variable such as `${stageVariables.vpcLinkV2Id}`. @default - none, required */
  readonly vpcLinkId: pulumi.Input<string>;
  /** The ARN of the Application or Network Load Balancer, in the link's region. @default - none, required */
  readonly integrationTarget: pulumi.Input<string>;
  /** `http(s)://host[:port]/path`: sets the Host header (and TLS server name) and the path sent to the load balancer. @default - none, required */
  readonly uri: pulumi.Input<string>;
  /** `HTTP_PROXY` passes requests through; `HTTP` uses mapping templates. @default "HTTP_PROXY" */
  readonly type?: pulumi.Input<"HTTP_PROXY" | "HTTP">;
  /** The method sent to the load balancer. @default - the method's own `httpMethod` */
  readonly integrationHttpMethod?: pulumi.Input<string>;
  /** 50 ms or more; above 29 s only for regional and private APIs. @default 29000 */
  readonly timeoutInMillis?: pulumi.Input<number>;
  /** Accept a self-signed or otherwise unverifiable certificate from the load balancer. Not recommended. @default false */
  readonly tlsInsecureSkipVerification?: pulumi.Input<boolean>;
  /** `integration.request.{header|querystring|path}.{name}` -> a method request parameter or a quoted static value. @default - none */
  readonly requestParameters?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Also create the method (and delete it on destroy), so the API stays deployable without it. @default false */
  readonly createMethod?: pulumi.Input<boolean>;
  /** The created method's authorization type (`createMethod` only): NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS. @default "NONE" */
  readonly authorizationType?: pulumi.Input<string>;
  /** The API's and the link's region. Changing it replaces the integration. @default - the `aws:region` stack config, else AWS_REGION / AWS_DEFAULT_REGION */
  readonly region?: pulumi.Input<string>;
}

/** The inputs after check(): defaults filled in. */
export interface PrivateIntegrationInputs {
  /** The REST API's id. */
  restApiId: string;
  /** The API resource whose method is integrated. */
  resourceId: string;
  /** The integrated method (GET, POST, ..., or ANY). */
  httpMethod: string;
  /** The v2 VPC link's id, or a stage variable that names one. */
  vpcLinkId: string;
  /** The load balancer's ARN. */
  integrationTarget: string;
  /** The URL whose host and path are sent to the load balancer. */
  uri: string;
  /** The integration type. */
  type: "HTTP_PROXY" | "HTTP";
  /** The method sent to the load balancer (the method's own when not given). */
  integrationHttpMethod: string;
  /** The integration's timeout in milliseconds (29000 when not given). */
  timeoutInMillis: number;
  /** Whether an unverifiable load balancer certificate is accepted. */
  tlsInsecureSkipVerification: boolean;
  /** Integration request parameters to their sources; empty when not given. */
  requestParameters: Record<string, string>;
  /** Whether this resource also creates (and deletes) the method. */
  createMethod: boolean;
  /** The created method's authorization type ("NONE" when not given). */
  authorizationType: string;
  /** The resolved region. */
  region: string;
}

/** The state the provider records. */
export interface PrivateIntegrationOutputs extends PrivateIntegrationInputs {
  /** A hash of everything a deployment would capture; StageRedeployment redeploys when it changes. */
  revision: string;
}

const RESOURCE_ID = /^[a-z0-9]{1,32}$/;
const VPC_LINK_ID = /^[a-z0-9]{1,32}$/;
/** PutMethod's authorization types, as the API reference lists them. */
export const AUTHORIZATION_TYPES = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"] as const;
const REQUEST_PARAMETER = /^integration\.request\.(?:header|querystring|path)\.[A-Za-z0-9._~-]+$/;
/** API Gateway's default integration timeout, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 29_000;
// Assumed(integration-timeout-bound): AWS raised the 29 s limit for regional and private APIs without an upper bound in the API reference.
const MAX_TIMEOUT_MS = 300_000;

/** Validates and fills defaults; every failure names the field and the rule, and none calls AWS. */
export function checkPrivateIntegrationInputs(
  news: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): pulumi.dynamic.CheckResult<PrivateIntegrationInputs> {
  const f = new Failures();
  const known = (v: unknown) => v !== UNKNOWN && v !== undefined;
  checkId(f, "restApiId", news.restApiId, REST_API_ID, REST_API_ID_RULE);
  checkId(f, "resourceId", news.resourceId, RESOURCE_ID, "a resource id (lowercase letters and digits)");
  checkId(f, "httpMethod", news.httpMethod, new RegExp(`^(?:${HTTP_METHODS.join("|")})$`), `one of ${HTTP_METHODS.join(", ")}`);
  if (
    news.vpcLinkId !== UNKNOWN &&
    !(typeof news.vpcLinkId === "string" && (VPC_LINK_ID.test(news.vpcLinkId) || STAGE_VARIABLE.test(news.vpcLinkId)))
  ) {
    f.add(
      "vpcLinkId",
      `${JSON.stringify(news.vpcLinkId ?? null)} is not a v2 VPC link id (lowercase letters and digits) or a stage variable such as \${stageVariables.vpcLinkV2Id}`,
    );
  }
  const region = checkRegion(f, news.region, env);
  const target = news.integrationTarget;
  if (target === undefined || target === null || target === "") {
    f.add(
      "integrationTarget",
      'is required: a REST integration through a v2 VPC link needs the load balancer\'s ARN (AWS: "IntegrationTarget is required for VpcLinkV2")',
    );
  } else if (target !== UNKNOWN) {
    const arn = typeof target === "string" ? LOAD_BALANCER_ARN.exec(target) : null;
    if (!arn)
      f.add(
        "integrationTarget",
        `${JSON.stringify(target)} is not an Application or Network Load Balancer ARN (arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/app|net/{name}/{16 hex digits})`,
      );
    else if (region && region !== UNKNOWN && arn[2] !== region)
      f.add(
        "integrationTarget",
        `the load balancer is in ${arn[2]}, but the VPC link and the API are in ${region}: they must be in one region`,
      );
  }
  if (news.uri !== UNKNOWN && !(typeof news.uri === "string" && /^https?:\/\/[^/\s:]+(?::\d{1,5})?(?:\/\S*)?$/.test(news.uri))) {
    f.add(
      "uri",
      `${JSON.stringify(news.uri ?? null)} is not an http:// or https:// URL (it sets the Host header and the path sent to the load balancer)`,
    );
  }
  const type = news.type ?? "HTTP_PROXY";
  if (type !== UNKNOWN && type !== "HTTP_PROXY" && type !== "HTTP")
    f.add("type", `${JSON.stringify(type)} is not HTTP_PROXY or HTTP (the only types a VPC link serves)`);
  const integrationHttpMethod = news.integrationHttpMethod ?? news.httpMethod;
  if (known(news.integrationHttpMethod))
    checkId(
      f,
      "integrationHttpMethod",
      news.integrationHttpMethod,
      new RegExp(`^(?:${HTTP_METHODS.join("|")})$`),
      `one of ${HTTP_METHODS.join(", ")}`,
    );
  const timeout = news.timeoutInMillis ?? DEFAULT_TIMEOUT_MS;
  if (timeout !== UNKNOWN && !(Number.isInteger(timeout) && (timeout as number) >= 50 && (timeout as number) <= MAX_TIMEOUT_MS)) {
    f.add("timeoutInMillis", `${JSON.stringify(timeout)} is not a whole number of milliseconds from 50 to ${MAX_TIMEOUT_MS}`);
  }
  const skip = news.tlsInsecureSkipVerification ?? false;
  if (skip !== UNKNOWN && typeof skip !== "boolean") f.add("tlsInsecureSkipVerification", "must be true or false");
  const params = news.requestParameters ?? {};
  if (params !== UNKNOWN) {
    if (typeof params !== "object" || Array.isArray(params))
      f.add("requestParameters", "must be a map of integration.request.{header|querystring|path}.{name} to a string");
    else
      for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
        if (!REQUEST_PARAMETER.test(k))
          f.add(`requestParameters[${JSON.stringify(k)}]`, "the key must look like integration.request.{header|querystring|path}.{name}");
        if (v !== UNKNOWN && (typeof v !== "string" || v === ""))
          f.add(
            `requestParameters[${JSON.stringify(k)}]`,
            "the value must be a non-empty string (a method.request.* expression or a 'quoted' static value)",
          );
      }
  }
  const createMethod = news.createMethod ?? false;
  if (createMethod !== UNKNOWN && typeof createMethod !== "boolean") f.add("createMethod", "must be true or false");
  const authorizationType = news.authorizationType ?? "NONE";
  if (authorizationType !== UNKNOWN && !(AUTHORIZATION_TYPES as readonly unknown[]).includes(authorizationType))
    f.add(
      "authorizationType",
      `${JSON.stringify(authorizationType)} is not one of ${AUTHORIZATION_TYPES.join(", ")} (PutMethod's values, case as given)`,
    );
  const inputs = {
    restApiId: news.restApiId,
    resourceId: news.resourceId,
    httpMethod: news.httpMethod,
    vpcLinkId: news.vpcLinkId,
    integrationTarget: target,
    uri: news.uri,
    type,
    integrationHttpMethod,
    timeoutInMillis: timeout,
    tlsInsecureSkipVerification: skip,
    requestParameters: params,
    createMethod,
    authorizationType,
    region,
  } as PrivateIntegrationInputs;
  return f.list.length ? { inputs, failures: f.list } : { inputs };
}

const IDENTITY = ["restApiId", "resourceId", "httpMethod", "region"] as const;

/** Pure: what AWS cannot change (the method's identity, the region) replaces; everything else is patched. */
export function diffPrivateIntegration(
  olds: Partial<PrivateIntegrationOutputs>,
  news: PrivateIntegrationInputs,
): pulumi.dynamic.DiffResult {
  const replaces = IDENTITY.filter((k) => olds[k] !== undefined && olds[k] !== news[k]);
  const changed = (Object.keys(news) as (keyof PrivateIntegrationInputs)[]).some(
    (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
  );
  // Create the new integration before deleting the old one only when they sit on different methods.
  return { changes: changed || replaces.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
}

/** Pure: the integration AWS should hold, in PutIntegration's shape. */
export function desiredIntegration(i: PrivateIntegrationInputs) {
  return {
    /** HTTP_PROXY or HTTP. */
    type: i.type,
    /** The method sent to the load balancer. */
    integrationHttpMethod: i.integrationHttpMethod,
    /** The URL whose host and path reach the load balancer. */
    uri: i.uri,
    /** Always VPC_LINK. */
    connectionType: "VPC_LINK" as const,
    /** The v2 VPC link's id (or a stage variable naming it). */
    connectionId: i.vpcLinkId,
    /** The load balancer's ARN. */
    integrationTarget: i.integrationTarget,
    /** Milliseconds before API Gateway gives up on the load balancer. */
    timeoutInMillis: i.timeoutInMillis,
    /** TLS settings towards the load balancer. */
    tlsConfig: {
      /** Accept an unverifiable certificate. */
      insecureSkipVerification: i.tlsInsecureSkipVerification,
    },
    /** Integration request parameters to their sources. */
    requestParameters: i.requestParameters,
  };
}

/** Pure: a stable hash of what a deployment captures from this integration. */
export function integrationRevision(i: PrivateIntegrationInputs): string {
  const d = desiredIntegration(i);
  const sorted = { ...d, requestParameters: Object.fromEntries(Object.entries(d.requestParameters).sort()) };
  return createHash("sha256")
    .update(JSON.stringify([i.restApiId, i.resourceId, i.httpMethod, sorted]))
    .digest("hex")
    .slice(0, 16);
}

const escapePath = (name: string) => name.replace(/~/g, "~0").replace(/\//g, "~1");

/** The fields of GetIntegration's answer the patch planner compares (the SDK's `Integration` fits). */
export interface CurrentIntegration {
  /** HTTP_PROXY, HTTP, ... */
  type?: string;
  /** The method sent to the backend. */
  httpMethod?: string;
  /** The backend URL. */
  uri?: string;
  /** VPC_LINK or INTERNET. */
  connectionType?: string;
  /** The VPC link's id. */
  connectionId?: string;
  /** The load balancer's ARN. */
  integrationTarget?: string;
  /** Milliseconds before API Gateway gives up. */
  timeoutInMillis?: number;
  /** TLS settings towards the backend. */
  tlsConfig?: {
    /** Accept an unverifiable certificate. */
    insecureSkipVerification?: boolean;
  };
  /** Integration request parameters to their sources. */
  requestParameters?: Record<string, string>;
}

/** Pure: the fewest UpdateIntegration operations from what AWS holds to the inputs. */
export function planIntegrationPatch(current: CurrentIntegration, i: PrivateIntegrationInputs): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const replace = (path: string, now: unknown, want: string | number | boolean) => {
    if (now !== want) ops.push({ op: "replace", path, value: String(want) });
  };
  replace("/type", current.type, i.type);
  replace("/httpMethod", current.httpMethod, i.integrationHttpMethod);
  replace("/uri", current.uri, i.uri);
  replace("/connectionType", current.connectionType, "VPC_LINK");
  replace("/connectionId", current.connectionId, i.vpcLinkId);
  // Assumed(integration-target-patch-path): the November 2025 field is patched at /integrationTarget, as every field at its JSON name.
  replace("/integrationTarget", current.integrationTarget, i.integrationTarget);
  replace("/timeoutInMillis", current.timeoutInMillis ?? DEFAULT_TIMEOUT_MS, i.timeoutInMillis);
  replace("/tlsConfig/insecureSkipVerification", current.tlsConfig?.insecureSkipVerification ?? false, i.tlsInsecureSkipVerification);
  const now = current.requestParameters ?? {};
  for (const [k, v] of Object.entries(i.requestParameters)) {
    if (!(k in now)) ops.push({ op: "add", path: `/requestParameters/${escapePath(k)}`, value: v });
    else if (now[k] !== v) ops.push({ op: "replace", path: `/requestParameters/${escapePath(k)}`, value: v });
  }
  for (const k of Object.keys(now))
    if (!(k in i.requestParameters)) ops.push({ op: "remove", path: `/requestParameters/${escapePath(k)}` });
  return ops;
}

/**
 * Pure: AWS's answer when `vpcLinkId` names a legacy v1 link (NLB only) instead of a v2 one
 * gets the fix appended; other errors pass unchanged.
 */
export function withLinkHint(e: unknown): unknown {
  if (!(e instanceof Error) || !/NLB ARN is malformed/i.test(e.message)) return e;
  e.message +=
    " (vpcLinkId names a legacy v1 VPC link, which reaches only Network Load Balancers; use an apigatewayv2 VPC link, such as VpcLink, for an ALB)";
  return e;
}

/** The integration id in state and in errors: `{restApiId}/{resourceId}/{httpMethod}`. */
export const integrationId = (i: Pick<PrivateIntegrationInputs, "restApiId" | "resourceId" | "httpMethod">) =>
  `${i.restApiId}/${i.resourceId}/${i.httpMethod}`;
