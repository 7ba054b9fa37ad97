/**
 * PrivateDomainAccess: reaches private REST APIs under a private custom domain name
 * (`https://api.internal.example.com/orders`). It associates VPC endpoints with the domain,
 * optionally shares the domain with other accounts (owner side) and waits until the name
 * resolves, and outputs the URLs, a least-privilege `policy` for the domain and the statement
 * each mapped API's resource policy needs.
 */
import * as pulumi from "@pulumi/pulumi";
import { DomainNameAccessAssociations } from "../provider/domainNameAccessAssociations/index";
import { domainExecuteApiArn, domainUrl, parseDomainNameArn } from "../provider/domainNameArns";
import { DomainNameManagementPolicy } from "../provider/domainNameManagementPolicy/index";
import { DomainNameResolution, type DomainNameResolutionArgs } from "../provider/domainNameResolution/index";
import { DomainRoutingRules, type DomainRoutingRulesArgs } from "../provider/domainRoutingRules/index";
import type { Diagnosis } from "../provider/doctor/index";
import { runComponentDiagnosis, type DiagnoseMode } from "./diagnosis";
import { RestApiPolicyStatements, type PolicyStatement } from "../provider/restApiPolicyStatements/index";
import { checkedEndpointSettings, type DeclaredEndpointSettings, type EndpointSettingsArgs } from "./endpointSettings";
import { componentStatementSid, endpointInvokeStatement, endpointOnlyInvokePolicy } from "./invokePolicy";

/** An API mapped under the domain. */
export interface DomainMapping {
  /** The base path, e.g. "orders"; "" or "(none)" is the domain's root. */
  readonly basePath?: string;
  /** The PRIVATE REST API mapped there. */
  readonly restApiId: pulumi.Input<string>;
  /**
   * The stage the mapping serves: with `attachInvokePolicy`, it is redeployed once after the
   * API's statement is attached.
   * @default - no stage is redeployed
   */
  readonly stage?: pulumi.Input<string>;
}

/** Anything with the domain's ARN, such as an `aws.apigateway.DomainName`. */
export interface DomainNameRef {
  /** The private custom domain name's ARN. */
  readonly arn: pulumi.Input<string>;
}

/**
 * Arguments of {@link PrivateDomainAccess}. `ipAddressType`, `securityPolicy` and
 * `endpointAccessMode` declare the domain name's endpoint settings (set them on the DomainName
 * too): they are checked when the component is built.
 */
export interface PrivateDomainAccessArgs extends EndpointSettingsArgs {
  /** The private custom domain name: its ARN (`...:/domainnames/{name}+{domainNameId}`), or a resource with `arn`. */
  readonly domainName: pulumi.Input<string> | DomainNameRef;
  /** This account's VPC endpoints to associate with the domain. */
  readonly vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>;
  /** @default the region in the domain's ARN */
  readonly region?: pulumi.Input<string>;
  /**
   * The APIs mapped under the domain, for the URLs and the API statement.
   * @default - one URL for the domain's root
   */
  readonly mappings?: readonly DomainMapping[];
  /**
   * Owner side: accounts allowed to associate their endpoints, written to the domain's
   * `managementPolicy` (its other statements are kept).
   * @default - the managementPolicy is not touched
   */
  readonly shareWithAccounts?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Owner side: other accounts' endpoints that may invoke the domain; they join the policy and
   * the API statement, and survive `rejectOtherAccounts`.
   * @default - none
   */
  readonly otherAccountVpcEndpointIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Attach {@link PrivateDomainAccess.apiPolicyStatement} to each mapped API's resource policy,
   * beside the statements of others, and redeploy the mapping's `stage` once (a
   * RestApiPolicyStatements child per mapping).
   * @default false - the statement is only output, for you to add
   */
  readonly attachInvokePolicy?: boolean;
  /** Owner side: reject other accounts' associations whose endpoint is not declared. @default false */
  readonly rejectOtherAccounts?: pulumi.Input<boolean>;
  /**
   * Wait until the domain name resolves through these resolvers before the URLs are output.
   * @default - no wait
   */
  readonly dns?: Omit<DomainNameResolutionArgs, "hostname" | "dependsOnArns">;
  /**
   * After the associations (and the DNS wait, if any), walk the path to each mapped API through
   * this account's endpoints with the doctor, output the results as `diagnosis` and log a
   * warning naming each root cause; "strict" also fails the `up` when a path is broken.
   * Previews skip it.
   * @default false
   */
  readonly diagnose?: DiagnoseMode;
  /**
   * Owner side: the domain's routing rules (keyed by priority) and the routing mode set with them,
   * kept by a DomainRoutingRules child.
   * @default - none: the domain's rules and routing mode are left alone
   */
  readonly routingRules?: Pick<DomainRoutingRulesArgs, "rules" | "routingMode">;
}

/** Pure: base path -> `https://{domain}/{basePath}`; the root when there are no mappings. */
export function domainUrls(domainName: string, basePaths: readonly string[]): Record<string, string> {
  const paths = basePaths.length ? basePaths : [""];
  return Object.fromEntries(
    [...paths]
      .map((p) => (p === "(none)" ? "" : p.replace(/^\/+|\/+$/g, "")))
      .sort()
      .map((p) => [p, domainUrl(domainName, p)]),
  );
}

/**
 * Pure: the domain's `policy`: execute-api:Invoke on this domain only, allowed from the given
 * endpoints (aws:SourceVpce) and denied to every other caller.
 */
export function domainPolicyDocument(domainNameArn: string, vpcEndpointIds: readonly string[]): string {
  const parts = parseDomainNameArn(domainNameArn);
  if (!parts) throw new Error(`domainPolicyDocument: ${domainNameArn} is not a private domain name ARN`);
  const resource = domainExecuteApiArn(parts);
  const endpoints = [...new Set(vpcEndpointIds)].sort();
  return endpointOnlyInvokePolicy(resource, endpoints);
}

/**
 * Pure: the statement a mapped API's resource policy needs so the endpoints may invoke it
 * through the domain (`execute-api:/*` is the API the policy is attached to).
 */
export function apiPolicyStatement(vpcEndpointIds: readonly string[], sid = "AllowInvokeThroughPrivateDomain"): PolicyStatement {
  return endpointInvokeStatement(sid, "execute-api:/*", vpcEndpointIds);
}

function arnOf(value: PrivateDomainAccessArgs["domainName"]): pulumi.Input<string> {
  return typeof value === "object" && value !== null && "arn" in value ? (value as DomainNameRef).arn : (value as pulumi.Input<string>);
}

/**
 * Access to a private custom domain name from VPC endpoints: one access association per endpoint,
 * and on the owner's side the sharing (`managementPolicy`), the domain's policy and the statement
 * each mapped API needs; optionally a wait until the name resolves.
 */
export class PrivateDomainAccess extends pulumi.ComponentResource {
  /** base path -> `https://{domain}/{basePath}`. */
  readonly urls: pulumi.Output<Record<string, string>>;
  /** Mapped REST API id -> its URL under the domain. */
  readonly apiUrls: pulumi.Output<Record<string, string>>;
  /** The private custom domain name (`api.internal.example.com`), read from its ARN. */
  readonly domainName: pulumi.Output<string>;
  /** vpce id -> association ARN. */
  readonly associationArns: pulumi.Output<Record<string, string>>;
  /** JSON policy for the domain; set it as the domain's `policy`. */
  readonly policy: pulumi.Output<string>;
  /** The statement to add to each mapped API's resource policy. */
  readonly apiPolicyStatement: pulumi.Output<Record<string, unknown>>;
  /** One child per mapping that attaches the API's statement; empty unless `attachInvokePolicy`. */
  readonly apiPolicyStatements: RestApiPolicyStatements[] = [];
  /** The endpoints' access associations with the domain. */
  readonly associations: DomainNameAccessAssociations;
  /** Absent unless `shareWithAccounts` is set. */
  readonly managementPolicy?: DomainNameManagementPolicy;
  /** Absent unless `dns` is set. */
  readonly resolution?: DomainNameResolution;
  /** Absent unless `routingRules` is set. */
  readonly routes?: DomainRoutingRules;
  /** Mapped REST API id -> the doctor's diagnosis of its path through the domain, when `diagnose` is set (empty otherwise). */
  readonly diagnosis: pulumi.Output<Record<string, Diagnosis>>;
  /** The declared `ipAddressType`, `securityPolicy` and `endpointAccessMode` of the domain, once checked. */
  readonly endpointSettings: pulumi.Output<DeclaredEndpointSettings>;

  /**
   * Creates the associations and, as asked, the sharing and the DNS wait as children.
   * @param name - The component's name; children are named after it.
   * @param args - The domain, the endpoints and the owner-side options.
   * @param opts - Pulumi component options.
   */
  constructor(name: string, args: PrivateDomainAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("apigw-vpc:index:PrivateDomainAccess", name, {}, opts);
    // Checked first: bad settings fail before any child (and so any AWS call) exists.
    this.endpointSettings = checkedEndpointSettings(`PrivateDomainAccess ${name}`, args);
    const arn = arnOf(args.domainName);
    if (args.shareWithAccounts) {
      this.managementPolicy = new DomainNameManagementPolicy(
        `${name}-share`,
        { domainNameArn: arn, accountIds: args.shareWithAccounts, region: args.region },
        { parent: this },
      );
    }
    this.associations = new DomainNameAccessAssociations(
      name,
      {
        domainNameArn: arn,
        vpcEndpointIds: args.vpcEndpointIds,
        region: args.region,
        rejectOtherAccounts: args.rejectOtherAccounts,
        otherAccountVpcEndpointIds: args.otherAccountVpcEndpointIds,
      },
      { parent: this, dependsOn: this.managementPolicy ? [this.managementPolicy] : [] },
    );
    const a = this.associations;
    if (args.dns) {
      this.resolution = new DomainNameResolution(
        `${name}-dns`,
        { ...args.dns, hostname: a.domainName, dependsOnArns: a.associationArns.apply((m) => Object.values(m).sort()) },
        { parent: this, dependsOn: [a] },
      );
    }
    const ready = this.resolution ? this.resolution.addresses : pulumi.output([] as string[]);
    const basePaths = (args.mappings ?? []).map((m) => m.basePath ?? "");
    const endpoints = pulumi
      .all([a.vpcEndpointIds, a.otherAccountVpcEndpointIds])
      .apply(([own, other]) => [...new Set([...own, ...other])].sort());
    this.domainName = a.domainName;
    this.associationArns = a.associationArns;
    this.urls = pulumi.all([a.domainName, ready]).apply(([d]) => domainUrls(d, basePaths));
    const mapped = pulumi.all((args.mappings ?? []).map((m) => pulumi.all([m.restApiId, m.basePath ?? ""])));
    this.apiUrls = pulumi
      .all([a.domainName, mapped, ready])
      .apply(([d, ms]) => Object.fromEntries(ms.map(([api, path]) => [api, domainUrl(d, path)])));
    this.policy = pulumi.all([a.domainNameArn, endpoints]).apply(([d, ids]) => domainPolicyDocument(d, ids));
    this.apiPolicyStatement = endpoints.apply((ids): Record<string, unknown> => apiPolicyStatement(ids));
    if (args.attachInvokePolicy) {
      (args.mappings ?? []).forEach((m, i) => {
        // One Sid per mapping and component instance, so that stacks sharing an API never clash.
        const sid = componentStatementSid("ApigwVpcDomainInvoke", pulumi.getProject(), pulumi.getStack(), `${name}-${i}`);
        this.apiPolicyStatements.push(
          new RestApiPolicyStatements(
            `${name}-api-policy-${i}`,
            {
              restApiId: m.restApiId,
              region: a.region,
              statements: [endpoints.apply((ids) => apiPolicyStatement(ids, sid))],
              redeployStages: m.stage === undefined ? [] : [m.stage],
            },
            { parent: this, dependsOn: [a] },
          ),
        );
      });
    }
    // The rules route to the mapped APIs once their statements (if attached) are in place.
    if (args.routingRules) {
      this.routes = new DomainRoutingRules(
        `${name}-routes`,
        { ...args.routingRules, domainNameArn: arn, region: args.region },
        { parent: this, dependsOn: [a, ...this.apiPolicyStatements] },
      );
    }
    // Diagnose only once the attached API statements (if any) are in place and redeployed.
    this.diagnosis = pulumi
      .all([a.domainNameArn, a.vpcEndpointIds, args.region, mapped, ready, pulumi.all(this.apiPolicyStatements.map((p) => p.id))])
      .apply(([arn, vpcEndpointIds, region, ms]) =>
        diagnoseMappings(
          this,
          args.diagnose,
          name,
          arn,
          vpcEndpointIds,
          region,
          ms.map(([api]) => api),
        ),
      );
    this.registerOutputs({
      endpointSettings: this.endpointSettings,
      diagnosis: this.diagnosis,
      urls: this.urls,
      apiUrls: this.apiUrls,
      domainName: this.domainName,
      associationArns: this.associationArns,
      policy: this.policy,
      apiPolicyStatement: this.apiPolicyStatement,
    });
  }
}

/** Runs the doctor for each mapped API through the domain; the APIs' ids key the results. */
async function diagnoseMappings(
  resource: pulumi.Resource,
  mode: DiagnoseMode | undefined,
  name: string,
  domainNameArn: string,
  vpcEndpointIds: string[],
  region: string | undefined,
  restApiIds: string[],
): Promise<Record<string, Diagnosis>> {
  const parts = parseDomainNameArn(domainNameArn);
  if (!mode || !parts) return {};
  const results: Record<string, Diagnosis> = {};
  for (const restApiId of [...new Set(restApiIds)]) {
    const options = {
      region: region ?? parts.region,
      restApiId,
      vpcEndpointIds,
      domainName: parts.domainName,
      domainNameId: parts.domainNameId,
    };
    const diagnosis = await runComponentDiagnosis({ resource, mode, subject: `PrivateDomainAccess ${name} (${restApiId})`, options });
    if (diagnosis) results[restApiId] = diagnosis;
  }
  return results;
}
