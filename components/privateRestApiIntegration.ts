/**
 * PrivateRestApiIntegration: REST API methods integrated with ALBs or NLBs through one v2 VPC
 * link (new, or an existing id), and the stage redeployed once per `up` when any changed.
 *
 * Order, enforced by dependencies:
 *   up:      link -> drain -> integrations -> redeploy (one CreateDeployment)
 *   destroy: redeploy (nothing) -> integrations deleted -> drain (one CreateDeployment) -> link deleted
 * so the stage no longer references the link when its delete starts.
 */
import * as pulumi from "@pulumi/pulumi";
import { executeApiDomain } from "../provider/endpointNames";
import { PrivateIntegration } from "../provider/privateIntegration/index";
import { StageRedeployment } from "../provider/stageRedeployment/index";
import { programRegion } from "../provider/validation";
import { VpcLink, type VpcLinkArgs } from "../provider/vpcLink/index";
import { inactiveLinkWarning } from "./privateIntegrationLink";

/** One method's private integration. */
export interface PrivateMethodIntegration {
  /** The API resource's id. @default - none, required */
  readonly resourceId: pulumi.Input<string>;
  /** GET, POST, ..., or ANY. @default - none, required */
  readonly httpMethod: pulumi.Input<string>;
  /** The ALB or NLB ARN, in the link's region. @default - none, required */
  readonly integrationTarget: pulumi.Input<string>;
  /** `http(s)://host[:port]/path` sent to the load balancer. @default - none, required */
  readonly uri: pulumi.Input<string>;
  /** The resource's path (e.g. "/orders"), used only to build `invokeUrls`. @default - the stage URL */
  readonly path?: pulumi.Input<string>;
  /** 50 ms to 300 s. @default 29000 */
  readonly timeoutInMillis?: pulumi.Input<number>;
  /** Accept an unverifiable certificate from the load balancer. @default false */
  readonly tlsInsecureSkipVerification?: pulumi.Input<boolean>;
  /** `integration.request.{header|querystring|path}.{name}` -> source. @default - none */
  readonly requestParameters?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Create the method too (with `authorizationType: "NONE"`) and delete it on destroy. AWS refuses
   * to deploy a method left without an integration, so the destroy-time redeploy needs this.
   * @default true
   */
  readonly createMethod?: pulumi.Input<boolean>;
}

/** Arguments of {@link PrivateRestApiIntegration}. */
export interface PrivateRestApiIntegrationArgs {
  /** The REST API's id. @default - none, required */
  readonly restApiId: pulumi.Input<string>;
  /** The stage redeployed after changes, and before the link is deleted. @default - none, required */
  readonly stageName: pulumi.Input<string>;
  /** A new VPC link's arguments. Give exactly one of `link` and `vpcLinkId`. @default - none */
  readonly link?: VpcLinkArgs;
  /** An existing v2 VPC link's id (read, never deleted). Give exactly one of `link` and `vpcLinkId`. @default - none */
  readonly vpcLinkId?: pulumi.Input<string>;
  /** Name -> the method's integration. At least one. @default - none, required */
  readonly methods: Record<string, PrivateMethodIntegration>;
  /** The region of the API, the link and the load balancers. @default - the `aws:region` stack config, else AWS_REGION / AWS_DEFAULT_REGION */
  readonly region?: pulumi.Input<string>;
}

/** Pure: fails fast, naming the clashing arguments. */
export function validatePrivateRestApiIntegrationArgs(args: Pick<PrivateRestApiIntegrationArgs, "link" | "vpcLinkId" | "methods">): void {
  if ((args.link === undefined) === (args.vpcLinkId === undefined)) {
    throw new Error("PrivateRestApiIntegration: give exactly one of `link` (a new VPC link) and `vpcLinkId` (an existing one)");
  }
  if (!args.methods || Object.keys(args.methods).length === 0)
    throw new Error("PrivateRestApiIntegration: `methods` must name at least one method");
}

/** Pure: `https://{api}.execute-api.{region}.amazonaws.com/{stage}{path}`. */
export function stageInvokeUrl(restApiId: string, region: string, stageName: string, path = ""): string {
  return `https://${restApiId}.${executeApiDomain(region)}/${stageName}${path === "/" ? "" : path}`;
}

/**
 * Private integrations of a REST API through an HTTP API (v2) VPC link to an ALB or NLB, with one
 * stage redeployment per `up` and a drain before the link is deleted.
 */
export class PrivateRestApiIntegration extends pulumi.ComponentResource {
  /** The stage's invoke URL. */
  readonly invokeUrl: pulumi.Output<string>;
  /** Method name -> the URL of its resource in the stage. */
  readonly invokeUrls: pulumi.Output<Record<string, string>>;
  /** The VPC link's id: the one created from `link`, or `vpcLinkId`. */
  readonly vpcLinkId: pulumi.Output<string>;
  /** PENDING, AVAILABLE, FAILED, DELETING or INACTIVE, as of the last up or refresh. */
  readonly linkStatus: pulumi.Output<string>;
  /** The child integrations, keyed as `methods` is. */
  readonly integrations: Record<string, PrivateIntegration>;
  /** The CreateDeployment made once per `up` when any integration changed. */
  readonly redeployment: StageRedeployment;

  /**
   * Creates (or reads) the link, the integrations, the redeployment and the drain as children.
   * @param name - The component's name; children are named after it.
   * @param args - The API, the stage, the link and the methods.
   * @param opts - Pulumi component options.
   * @throws Error when both or neither of `link` and `vpcLinkId` are given, or `methods` is empty.
   */
  constructor(name: string, args: PrivateRestApiIntegrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("apigw-vpc:index:PrivateRestApiIntegration", name, {}, opts);
    validatePrivateRestApiIntegrationArgs(args);
    const region = pulumi.output(args.region ?? programRegion(new pulumi.Config("aws")) ?? "");
    const regionInput = args.region ?? programRegion(new pulumi.Config("aws"));
    const link = args.link
      ? new VpcLink(`${name}-link`, { region: regionInput, ...args.link }, { parent: this })
      : VpcLink.get(`${name}-link`, args.vpcLinkId as pulumi.Input<string>, typeof regionInput === "string" ? regionInput : undefined, {
          parent: this,
        });
    const stage = { restApiId: args.restApiId, stageName: args.stageName, region: regionInput };
    const drain = new StageRedeployment(
      `${name}-drain`,
      { ...stage, when: "delete" },
      { parent: this, dependsOn: args.link ? [link] : [] },
    );
    this.integrations = Object.fromEntries(
      Object.entries(args.methods).map(([key, m]) => {
        const { path: _path, createMethod, ...rest } = m;
        const integration = new PrivateIntegration(
          `${name}-${key}`,
          {
            ...rest,
            restApiId: args.restApiId,
            vpcLinkId: link.vpcLinkId,
            createMethod: createMethod ?? true,
            region: regionInput,
          },
          { parent: this, dependsOn: [drain] },
        );
        return [key, integration];
      }),
    );
    const triggers = pulumi.all(Object.fromEntries(Object.entries(this.integrations).map(([k, i]) => [k, i.revision])));
    this.redeployment = new StageRedeployment(`${name}-redeploy`, { ...stage, when: "change", triggers }, { parent: this });
    this.vpcLinkId = link.vpcLinkId;
    this.linkStatus = link.status.apply((status) => {
      const warning = inactiveLinkWarning(name, status);
      if (warning) pulumi.log.warn(warning, link);
      return status;
    });
    this.invokeUrl = pulumi
      .all([args.restApiId, region, args.stageName, this.redeployment.deploymentId])
      .apply(([api, r, s]) => stageInvokeUrl(api, r, s));
    const paths = pulumi.all(Object.fromEntries(Object.entries(args.methods).map(([k, m]) => [k, pulumi.output(m.path ?? "")])));
    this.invokeUrls = pulumi
      .all([args.restApiId, region, args.stageName, paths, this.redeployment.deploymentId])
      .apply(([api, r, s, p]) => Object.fromEntries(Object.entries(p).map(([k, path]) => [k, stageInvokeUrl(api, r, s, path)])));
    this.registerOutputs({
      invokeUrl: this.invokeUrl,
      invokeUrls: this.invokeUrls,
      vpcLinkId: this.vpcLinkId,
      linkStatus: this.linkStatus,
    });
  }
}
