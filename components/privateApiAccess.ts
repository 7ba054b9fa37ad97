/**
 * PrivateApiAccess: associates VPC endpoints with a PRIVATE REST API, waits until every
 * per-VPCE name resolves (redeploying the stage once if AWS's advice calls for it), and
 * outputs the per-VPCE URLs and a least-privilege invoke policy.
 */
import * as pulumi from "@pulumi/pulumi";
import { EndpointDnsReadiness, type EndpointDnsReadinessArgs } from "../provider/endpointDnsReadiness/index";
import { partitionOf, perVpceHostname, perVpceUrl } from "../provider/endpointNames";
import { programRegion } from "../provider/validation";
import { VpcEndpointAssociation } from "../provider/vpcEndpointAssociation/index";
import type { Diagnosis } from "../provider/doctor/index";
import { runComponentDiagnosis, type DiagnoseMode } from "./diagnosis";
import { RestApiPolicyStatements, type PolicyStatement } from "../provider/restApiPolicyStatements/index";
import { checkedEndpointSettings, type DeclaredEndpointSettings, type EndpointSettingsArgs } from "./endpointSettings";
import { componentStatementSid, endpointInvokeStatement, endpointOnlyInvokePolicy } from "./invokePolicy";

/**
 * An `aws.apigateway.RestApi` of `@pulumi/aws`, by the outputs that tell it apart, so that these
 * types compile without that optional peer installed.
 */
export interface RestApiResource extends pulumi.CustomResource {
  /** The root resource's id: every RestApi has it, other resources do not. */
  readonly rootResourceId: pulumi.Output<string>;
  /** The ARN prefix for execute-api policies. */
  readonly executionArn: pulumi.Output<string>;
}

/**
 * Arguments of {@link PrivateApiAccess}. `ipAddressType`, `securityPolicy` and
 * `endpointAccessMode` declare the API's endpoint settings (set them on the RestApi too): they
 * are checked when the component is built, and with `diagnose` the doctor compares the API's.
 */
export interface PrivateApiAccessArgs extends EndpointSettingsArgs {
  /** The PRIVATE REST API: its id, or the `aws.apigateway.RestApi` itself. */
  readonly restApiId: pulumi.Input<string> | RestApiResource;
  /** VPC endpoint ids to associate; order and duplicates do not matter. */
  readonly vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The stage the URLs point at, and the one redeployed if names do not resolve. */
  readonly stageName: pulumi.Input<string>;
  /** @default the `aws:region` stack config, else `AWS_REGION` / `AWS_DEFAULT_REGION` */
  readonly region?: pulumi.Input<string>;
  /** Own the API's whole endpoint list. @default false */
  readonly exclusive?: pulumi.Input<boolean>;
  /** Wait until every per-VPCE name resolves before the URLs are output. @default true */
  readonly waitForDns?: boolean;
  /** Redeploy `stageName` once if names are still missing after `dns.redeployAfter`. @default true */
  readonly redeployIfUnresolved?: boolean;
  /**
   * Attach {@link PrivateApiAccess.invokeStatement} (invoke allowed from these endpoints) to the
   * API's resource policy, beside the statements of others, and redeploy `stageName` once so it
   * takes effect (a RestApiPolicyStatements child).
   * @default false - the policy is only output (`invokePolicy`), for you to attach
   */
  readonly attachInvokePolicy?: boolean;
  /** Options of the DNS wait. @default - see EndpointDnsReadiness */
  readonly dns?: Pick<
    EndpointDnsReadinessArgs,
    "consecutiveChecks" | "timeout" | "pollInterval" | "dnsServers" | "discoveryResolvers" | "redeployAfter"
  >;
  /**
   * After DNS readiness, walk the private path with the doctor (`diagnosePrivateApi`), output the
   * result as `diagnosis` and log a warning naming the root cause; "strict" also fails the `up`
   * when the path is broken. Previews skip it.
   * @default false
   */
  readonly diagnose?: DiagnoseMode;
}

/** Pure: vpce id -> `https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}`. */
export function perVpceUrls(
  restApiId: string,
  vpcEndpointIds: readonly string[],
  region: string,
  stageName: string,
): Record<string, string> {
  return Object.fromEntries([...vpcEndpointIds].sort().map((v) => [v, perVpceUrl(restApiId, v, region, stageName)]));
}

/**
 * Pure: a resource policy that allows execute-api:Invoke on this API only from the given
 * endpoints (aws:SourceVpce) and denies every other caller.
 */
export function invokePolicyDocument(restApiId: string, vpcEndpointIds: readonly string[], region: string): string {
  const resource = `arn:${partitionOf(region)}:execute-api:${region}:*:${restApiId}/*`;
  const endpoints = [...vpcEndpointIds].sort();
  return endpointOnlyInvokePolicy(resource, endpoints);
}

/**
 * Pure: the statement `attachInvokePolicy` attaches: execute-api:Invoke on any method of this API
 * (`execute-api:/*`, which AWS expands to the API's ARN), allowed from the given endpoints only.
 */
export function invokeStatement(sid: string, vpcEndpointIds: readonly string[]): PolicyStatement {
  return endpointInvokeStatement(sid, "execute-api:/*", vpcEndpointIds);
}

function restApiIdOf(value: PrivateApiAccessArgs["restApiId"]): pulumi.Input<string> {
  return pulumi.CustomResource.isInstance(value) ? (value as RestApiResource).id : (value as pulumi.Input<string>);
}

/**
 * Access to a PRIVATE REST API through VPC endpoints: associates the endpoints, waits until every
 * per-VPCE name resolves, and outputs the per-VPCE URLs and a least-privilege invoke policy.
 */
export class PrivateApiAccess extends pulumi.ComponentResource {
  /** vpce id -> per-VPCE base URL of the stage. */
  readonly urls: pulumi.Output<Record<string, string>>;
  /** The per-VPCE hostnames (`{api}-{vpce}.execute-api.{region}.amazonaws.com`), one per endpoint. */
  readonly hostnames: pulumi.Output<string[]>;
  /** The associated VPC endpoint ids, sorted. */
  readonly vpcEndpointIds: pulumi.Output<string[]>;
  /** JSON resource policy that owns the whole document (Allow these endpoints, Deny the rest); or set `attachInvokePolicy` to share the policy. */
  readonly invokePolicy: pulumi.Output<string>;
  /** The child that associates the endpoints with the API. */
  readonly association: VpcEndpointAssociation;
  /** Absent when `waitForDns` is false. */
  readonly dnsReadiness?: EndpointDnsReadiness;
  /** The doctor's diagnosis of the path, when `diagnose` is set (undefined in previews and otherwise). */
  readonly diagnosis: pulumi.Output<Diagnosis | undefined>;
  /** The declared `ipAddressType`, `securityPolicy` and `endpointAccessMode`, once checked. */
  readonly endpointSettings: pulumi.Output<DeclaredEndpointSettings>;
  /** The statement that allows these endpoints to invoke the API (attached when `attachInvokePolicy`). */
  readonly invokeStatement: pulumi.Output<Record<string, unknown>>;
  /** The child that attaches {@link PrivateApiAccess.invokeStatement}; absent unless `attachInvokePolicy`. */
  readonly policyStatements?: RestApiPolicyStatements;

  /**
   * Creates the association and (unless `waitForDns` is false) the DNS wait as children.
   * @param name - The component's name; children are named after it.
   * @param args - The API, its stage and the VPC endpoints.
   * @param opts - Pulumi component options.
   */
  constructor(name: string, args: PrivateApiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("apigw-vpc:index:PrivateApiAccess", name, {}, opts);
    // Checked first: bad settings fail before any child (and so any AWS call) exists.
    this.endpointSettings = checkedEndpointSettings(`PrivateApiAccess ${name}`, args);
    this.association = new VpcEndpointAssociation(
      name,
      {
        restApiId: restApiIdOf(args.restApiId),
        vpcEndpointIds: args.vpcEndpointIds,
        region: args.region ?? programRegion(new pulumi.Config("aws")),
        exclusive: args.exclusive,
      },
      { parent: this },
    );
    const a = this.association;
    if (args.waitForDns ?? true) {
      this.dnsReadiness = new EndpointDnsReadiness(
        `${name}-dns`,
        {
          ...args.dns,
          restApiId: a.restApiId,
          vpcEndpointIds: a.vpcEndpointIds,
          region: a.region,
          redeployStage: (args.redeployIfUnresolved ?? true) ? args.stageName : undefined,
        },
        { parent: this, dependsOn: [a] },
      );
    }
    // Gate the URLs on readiness when waiting, so consumers only see names that resolve.
    const ready = this.dnsReadiness ? this.dnsReadiness.hostnames : pulumi.output([] as string[]);
    this.vpcEndpointIds = a.vpcEndpointIds;
    this.urls = pulumi
      .all([a.restApiId, a.vpcEndpointIds, a.region, args.stageName, ready])
      .apply(([api, ids, r, stage]) => perVpceUrls(api, ids, r, stage));
    this.hostnames = pulumi
      .all([a.restApiId, a.vpcEndpointIds, a.region, ready])
      .apply(([api, ids, r]) => ids.map((v) => perVpceHostname(api, v, r)));
    this.invokePolicy = pulumi.all([a.restApiId, a.vpcEndpointIds, a.region]).apply(([api, ids, r]) => invokePolicyDocument(api, ids, r));
    const sid = componentStatementSid("ApigwVpcInvoke", pulumi.getProject(), pulumi.getStack(), name);
    const statement = a.vpcEndpointIds.apply((ids) => invokeStatement(sid, ids));
    this.invokeStatement = statement.apply((s): Record<string, unknown> => s);
    if (args.attachInvokePolicy) {
      this.policyStatements = new RestApiPolicyStatements(
        `${name}-policy`,
        { restApiId: a.restApiId, region: a.region, statements: [statement], redeployStages: [args.stageName] },
        { parent: this, dependsOn: [a] },
      );
    }
    // Diagnose only once the invoke statement (when attached) is in place and redeployed.
    const attached = this.policyStatements ? this.policyStatements.id : pulumi.output("");
    this.diagnosis = pulumi
      .all([a.restApiId, a.vpcEndpointIds, a.region, args.stageName, ready, attached, this.endpointSettings])
      .apply(([restApiId, vpcEndpointIds, region, stageName, , , settings]) =>
        runComponentDiagnosis({
          resource: this,
          mode: args.diagnose,
          subject: `PrivateApiAccess ${name}`,
          options: {
            region,
            restApiId,
            vpcEndpointIds,
            stageName,
            expectSecurityPolicy: settings.securityPolicy,
            expectEndpointAccessMode: settings.endpointAccessMode,
          },
        }),
      );
    this.registerOutputs({
      endpointSettings: this.endpointSettings,
      diagnosis: this.diagnosis,
      urls: this.urls,
      hostnames: this.hostnames,
      vpcEndpointIds: this.vpcEndpointIds,
      invokePolicy: this.invokePolicy,
      invokeStatement: this.invokeStatement,
    });
  }
}
