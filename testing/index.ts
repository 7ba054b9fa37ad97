/**
 * Pulumi mocks for users' unit tests: our dynamic resources are checked by their providers'
 * own check(), as `pulumi preview` checks them, and get realistic outputs (ids, an AVAILABLE
 * link, resolving per-VPCE names), so programs can assert on URLs without AWS.
 *
 * ```ts
 * await pulumi.runtime.setMocks(apigwVpcMocks(), "project", "stack", false);
 * const program = require("./index");
 * const urls = await outputValue(program.urls);
 * ```
 *
 * @module pulumi-apigw-vpc/testing
 */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { perVpceHostname } from "../provider/endpointNames";
import { awsStyleId } from "./awsIds";
import { checkRegistration } from "./checks";
import { privateDomainMock } from "./privateDomains";
import * as types from "../provider/types";
import { vpcLinkArn } from "../provider/vpcLink/index";

export {
  DOMAIN_NAME_ACCESS_ASSOCIATIONS_TYPE,
  DOMAIN_NAME_MANAGEMENT_POLICY_TYPE,
  DOMAIN_NAME_RESOLUTION_TYPE,
  DOMAIN_ROUTING_RULES_TYPE,
  ENDPOINT_DNS_READINESS_TYPE,
  PRIVATE_INTEGRATION_TYPE,
  REST_API_POLICY_STATEMENTS_TYPE,
  STAGE_REDEPLOYMENT_TYPE,
  VPC_ENDPOINT_ASSOCIATION_TYPE,
  VPC_LINK_TYPE,
} from "../provider/types";
export { MOCK_ACCOUNT_ID } from "./privateDomains";
export { CHECKED_TYPES, MockCheckError } from "./checks";
export { outputValue, outputError } from "./outputs";

/** A mocked resource: its id and its output state, as `pulumi.runtime.Mocks.newResource` returns them. */
export interface MockResult {
  /** The resource's physical id; undefined lets the mocks runtime make one up. */
  id: string | undefined;
  /** Its outputs. */
  state: Record<string, unknown>;
}

/** Hooks to replace the mocked answer for some resources; return undefined to keep the default. */
export interface ApigwVpcMockOverrides {
  /** The region of a resource that names none, as AWS_REGION would be in a preview. @default "us-east-1" */
  region?: string;
  /**
   * Whether our resources' registrations go through their providers' check() first, as in
   * `pulumi preview`: bad input then fails the registration, and the resource's outputs reject
   * with a {@link MockCheckError}. @default true
   */
  check?: boolean;
  /** Answers a resource registration (any type, ours or not) instead of the built-in mocks; runs before check(). @default - the built-in mocks */
  newResource?: (args: pulumi.runtime.MockResourceArgs) => MockResult | undefined;
  /** Answers a provider function call (an invoke). @default - echo the call's inputs */
  call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> | undefined;
}

/** A stable fake id of the given length, so snapshots do not churn between runs. */
function fakeId(seed: string, length: number): string {
  return createHash("sha256")
    .update(seed)
    .digest("hex")
    .replace(/[^a-z0-9]/g, "")
    .slice(0, length);
}

const sortedUnique = (ids: unknown): string[] => [...new Set(Array.isArray(ids) ? (ids as string[]) : [])].sort();

/**
 * Pulumi mocks that check this package's resources with their providers' check() (as `pulumi
 * preview` does) and give them the outputs a real deployment would: ids, an AVAILABLE VPC link,
 * per-VPCE hostnames that resolve, integration revisions, deployment ids. Other resources get
 * their inputs back as state.
 * @param overrides - Hooks that answer first, whether to check, and the region to assume.
 * @returns Mocks for `pulumi.runtime.setMocks`.
 */
export function apigwVpcMocks(overrides: ApigwVpcMockOverrides = {}): pulumi.runtime.Mocks {
  const defaultRegion = overrides.region ?? "us-east-1";
  return {
    async newResource(args): Promise<MockResult> {
      const custom = overrides.newResource?.(args);
      if (custom) return custom;
      const { __provider: _provider, creationUrn: _urn, ...raw } = args.inputs as Record<string, unknown>;
      // A read (`VpcLink.get`) is not checked: the engine reads it, it never checks it.
      const checked = overrides.check !== false && !args.id;
      const inputs = checked ? ((await checkRegistration(args.type, args.name, raw, defaultRegion)) ?? raw) : raw;
      return mockedResource(args, inputs, defaultRegion);
    },
    call(args) {
      return overrides.call?.(args) ?? (args.inputs as Record<string, unknown>);
    },
  };
}

/** The built-in answer for a registration whose inputs passed check(). */
function mockedResource(args: pulumi.runtime.MockResourceArgs, inputs: Record<string, unknown>, defaultRegion: string): MockResult {
  const region = (inputs.region as string | undefined) ?? defaultRegion;
  switch (args.type) {
    case types.VPC_ENDPOINT_ASSOCIATION_TYPE: {
      const ids = sortedUnique(inputs.vpcEndpointIds);
      return {
        id: inputs.restApiId as string,
        state: {
          ...inputs,
          region,
          exclusive: inputs.exclusive ?? false,
          vpcEndpointIds: ids,
          adoptedVpcEndpointIds: [],
          apiVpcEndpointIds: ids,
        },
      };
    }
    case types.VPC_LINK_TYPE: {
      const id = args.id || fakeId(args.name, 7); // a read (VpcLink.get) keeps its id
      return {
        id,
        state: {
          ...inputs,
          region,
          vpcLinkId: id,
          arn: vpcLinkArn(region, id),
          subnetIds: sortedUnique(inputs.subnetIds),
          securityGroupIds: sortedUnique(inputs.securityGroupIds),
          tags: inputs.tags ?? {},
          status: "AVAILABLE",
          statusMessage: "VPC link is ready to route traffic",
        },
      };
    }
    case types.ENDPOINT_DNS_READINESS_TYPE: {
      const ids = sortedUnique(inputs.vpcEndpointIds);
      const hostnames = ids.map((v) => perVpceHostname(inputs.restApiId as string, v, region));
      const now = new Date(0).toISOString();
      const records = Object.fromEntries(
        hostnames.map((h) => [h, { addresses: ["10.0.0.10", "10.0.1.10"], readyAt: now, waitedMs: 0, systemResolverAnswers: true }]),
      );
      return {
        id: inputs.restApiId as string,
        state: { ...inputs, region, hostnames, records, totalWaitMs: 0, queriedServers: [], serverSource: "mocks", redeployment: null },
      };
    }
    case types.PRIVATE_INTEGRATION_TYPE: {
      const id = `${String(inputs.restApiId)}/${String(inputs.resourceId)}/${String(inputs.httpMethod)}`;
      return {
        id,
        state: {
          type: "HTTP_PROXY",
          integrationHttpMethod: inputs.httpMethod,
          timeoutInMillis: 29000,
          tlsInsecureSkipVerification: false,
          requestParameters: {},
          createMethod: false,
          authorizationType: "NONE",
          ...inputs,
          region,
          revision: fakeId(JSON.stringify(inputs), 16),
        },
      };
    }
    case types.STAGE_REDEPLOYMENT_TYPE: {
      const when = inputs.when ?? "change";
      return {
        id: `${String(inputs.restApiId)}/${String(inputs.stageName)}/${String(when)}`,
        state: { triggers: {}, ...inputs, when, region, deploymentId: when === "change" ? fakeId(`${args.name}-deployment`, 6) : "" },
      };
    }
    case types.REST_API_POLICY_STATEMENTS_TYPE: {
      const statements = Array.isArray(inputs.statements) ? inputs.statements : [];
      const stages = sortedUnique(inputs.redeployStages);
      return {
        id: inputs.restApiId as string,
        state: {
          ...inputs,
          region,
          redeployStages: stages,
          policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
          deploymentIds: Object.fromEntries(stages.map((s) => [s, fakeId(`${args.name}-${s}`, 6)])),
        },
      };
    }
    default:
      return (
        privateDomainMock(args.type, inputs, region) ?? {
          id: args.id || awsStyleId(args.type, args.name) || `${args.name}-id`,
          state: inputs,
        }
      );
  }
}
