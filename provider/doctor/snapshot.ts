/**
 * What the doctor's reads saw, as plain data (pure). The checks are functions of a snapshot, so
 * they are tested without AWS; provider/doctor/reads.ts fills one from AWS.
 */
import type { RoutingRuleSpec } from "../routingRules";
import type { ProbeAnswer } from "../dnsProbe";
import type { ProbeOutcome } from "./probeAnswer";

/** The outcome of one read: found, missing (AWS answered not found), or unreadable (any other failure). */
export type Read<T> =
  | {
      /** AWS answered with the value. */
      kind: "found";
      /** The value. */
      value: T;
    }
  | {
      /** AWS answered that it does not exist (404, NotFound). */
      kind: "missing";
      /** AWS's message. */
      message: string;
    }
  | {
      /** The read failed otherwise: access denied, throttled, a network error. */
      kind: "unreadable";
      /** The error's name and message. */
      message: string;
    };

/** The REST API as GetRestApi shows it. */
export interface ApiView {
  /** The API's id. */
  id: string;
  /** Its name. */
  name?: string;
  /** EDGE, REGIONAL or PRIVATE. */
  endpointTypes: string[];
  /** The endpoints associated with it. */
  vpcEndpointIds: string[];
  /** Its current resource policy (JSON), if any. */
  policy?: string;
  /** ipv4 or dualstack. */
  ipAddressType?: string;
  /** TLS_1_0, TLS_1_2 or an enhanced SecurityPolicy_*. */
  securityPolicy?: string;
  /** STRICT or BASIC (enhanced policies only). */
  endpointAccessMode?: string;
}

/** A stage as GetStage(s) shows it. */
export interface StageView {
  /** The stage's name. */
  stageName: string;
  /** The deployment it serves, if any. */
  deploymentId?: string;
}

/** One ingress rule of a security group, as DescribeSecurityGroups' IpPermissions shows it. */
export interface IngressRule {
  /** "tcp", "udp", "icmp", or "-1" for every protocol. */
  ipProtocol: string;
  /** The first port (absent for "-1"). */
  fromPort?: number;
  /** The last port (absent for "-1"). */
  toPort?: number;
  /** IPv4 CIDR sources. */
  cidrs: string[];
  /** IPv6 CIDR sources. */
  ipv6Cidrs: string[];
  /** Security groups whose members are admitted. */
  groupIds: string[];
  /** Managed prefix lists admitted. */
  prefixListIds: string[];
}

/** A VPC endpoint as DescribeVpcEndpoints shows it. */
export interface EndpointView {
  /** `vpce-…`. */
  vpcEndpointId: string;
  /** Interface, Gateway, … */
  vpcEndpointType?: string;
  /** pending, available, deleting, rejected, failed, … (AWS answers in either case). */
  state: string;
  /** E.g. `com.amazonaws.us-east-1.execute-api`. */
  serviceName: string;
  /** Its VPC. */
  vpcId: string;
  /** Whether the endpoint's private DNS is on. */
  privateDnsEnabled: boolean;
  /** The security groups of its network interfaces. */
  groupIds: string[];
  /** The endpoint policy (JSON), if EC2 returned one. */
  policyDocument?: string;
  /** The account that owns it. */
  ownerId?: string;
  /** ipv4, dualstack or ipv6: the addresses its network interfaces have. */
  ipAddressType?: string;
}

/** An execute-api endpoint in a VPC, for the two-private-DNS trap. */
export interface SiblingEndpoint {
  /** `vpce-…`. */
  vpcEndpointId: string;
  /** Whether its private DNS is on. */
  privateDnsEnabled: boolean;
  /** Its state. */
  state: string;
}

/** A private custom domain name as GetDomainName shows it. */
export interface DomainView {
  /** The host name. */
  domainName: string;
  /** Its id. */
  domainNameId: string;
  /** Its ARN. */
  domainNameArn?: string;
  /** PRIVATE for a private custom domain. */
  endpointTypes: string[];
  /** The domain's execute-api policy (JSON). */
  policy?: string;
  /** TLS_1_0, TLS_1_2 or an enhanced SecurityPolicy_*. */
  securityPolicy?: string;
  /** STRICT or BASIC (enhanced policies only). */
  endpointAccessMode?: string;
  /** BASE_PATH_MAPPING_ONLY (when absent), ROUTING_RULE_ONLY or ROUTING_RULE_THEN_BASE_PATH_MAPPING. */
  routingMode?: string;
}

/** A domain name access association as GetDomainNameAccessAssociations lists it. */
export interface AccessAssociationView {
  /** Its ARN. */
  arn?: string;
  /** The domain's ARN. */
  domainNameArn?: string;
  /** VPCE. */
  sourceType?: string;
  /** The endpoint id. */
  source?: string;
}

/** A base path mapping as GetBasePathMappings lists it. */
export interface BasePathMappingView {
  /** `(none)` for the root. */
  basePath?: string;
  /** The API it maps to. */
  restApiId?: string;
  /** The stage it maps to. */
  stage?: string;
}

/** An API Gateway v2 VPC link as GetVpcLink shows it. */
export interface VpcLinkView {
  /** The link's id. */
  vpcLinkId: string;
  /** PENDING, AVAILABLE, DELETING, FAILED or INACTIVE. */
  status?: string;
  /** AWS's explanation of the status. */
  statusMessage?: string;
}

/** Everything the reads saw. Members the options did not ask for are absent. */
export interface Snapshot {
  /** The region walked. */
  region: string;
  /** GetRestApi. */
  api?: Read<ApiView>;
  /** The stage walked: GetStage, or the choice among GetStages. */
  stage?: Read<StageView>;
  /** The other stages when none was named and the API has several. */
  otherStages?: string[];
  /** The endpoints walked. */
  vpcEndpointIds: string[];
  /** DescribeVpcEndpoints, per endpoint id. */
  endpoints: Record<string, Read<EndpointView>>;
  /** DescribeSecurityGroups, per group id: the ingress rules. */
  ingress: Record<string, Read<IngressRule[]>>;
  /** DescribeVpcs, per VPC id: its IPv4 and IPv6 blocks (a caller is inside one by default). */
  vpcs: Record<string, Read<string[]>>;
  /** The execute-api endpoints of each endpoint's VPC. */
  vpcSiblings: Record<string, Read<SiblingEndpoint[]>>;
  /** The per-VPCE name's A lookup, per endpoint id. */
  perVpceDns: Record<string, ProbeAnswer>;
  /** GetDomainName. */
  domain?: Read<DomainView>;
  /** GetDomainNameAccessAssociations (this account's, then other accounts' to a domain it owns). */
  accessAssociations?: Read<AccessAssociationView[]>;
  /** GetBasePathMappings. */
  basePathMappings?: Read<BasePathMappingView[]>;
  /** ListRoutingRules (v2): the domain's routing rules. */
  routingRules?: Read<RoutingRuleSpec[]>;
  /** GetVpcLink (v2). */
  vpcLink?: Read<VpcLinkView>;
  /** The probe's outcome, per endpoint id. */
  probes?: Record<string, ProbeOutcome>;
}
