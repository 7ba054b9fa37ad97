/**
 * The request builders of the conformance test (tests/local/conformance.test.ts): one ordered
 * walk through every operation the sandbox serves, each step a minimal valid request built from
 * what earlier steps returned, and error steps that provoke the errors each operation is known to
 * answer. A newly served operation without a step here fails the test's coverage check.
 */
import { randomAwsId } from "../local";
import type { ServiceName } from "./awsModels";

/** What earlier steps returned, by name ("restApiId", "vpcLinkId", ...). */
export type StepState = Record<string, string>;

/** One request of the walk. */
export interface ConformanceStep {
  /** The service model the operation belongs to. */
  service: ServiceName;
  /** The operation's name in that model, e.g. "GetVpcLink". */
  operation: string;
  /** The request's input, as the SDK command takes it. */
  input: (state: StepState) => Record<string, unknown>;
  /** Picks values for later steps out of the answer. */
  keep?: (output: Record<string, unknown>, state: StepState) => void;
  /** The error code the step must answer; absent for a step that must succeed. */
  expectError?: string;
  /** Sent with the second account's credentials. */
  asConsumer?: boolean;
  /** Waits this long before sending (for a delete to complete). */
  waitMs?: number;
}

/** The second account's access key, mapped by the test's sandbox options. */
export const CONSUMER_KEY = "AKIASANDBOXCONFORM02";
/** The second account. */
export const CONSUMER_ACCOUNT = "222222222222";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0000-4000-8000-000000000000";
const VPCE = randomAwsId("vpce");
const OTHER_VPCE = randomAwsId("vpce");
const DOMAIN = "conformance.internal.example.com";
const invokePolicy = (vpce: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringNotEquals: { "aws:SourceVpce": vpce } },
      },
    ],
  });

const s = (
  service: ServiceName,
  operation: string,
  input: ConformanceStep["input"],
  extra: Partial<ConformanceStep> = {},
): ConformanceStep => ({
  service,
  operation,
  input,
  ...extra,
});
const v1 = (op: string, input: ConformanceStep["input"], extra?: Partial<ConformanceStep>) => s("apigateway", op, input, extra);
const v2 = (op: string, input: ConformanceStep["input"], extra?: Partial<ConformanceStep>) => s("apigatewayv2", op, input, extra);
const ec2 = (op: string, input: ConformanceStep["input"], extra?: Partial<ConformanceStep>) => s("ec2", op, input, extra);
const api = (st: StepState) => ({ restApiId: st.restApiId });
const method = (st: StepState, resource = "rootId") => ({ restApiId: st.restApiId, resourceId: st[resource], httpMethod: "GET" });
const domain = (st: StepState) => ({ domainName: DOMAIN, domainNameId: st.domainNameId });
const routingRule = (st: StepState, priority: number) => ({
  DomainName: DOMAIN,
  DomainNameId: st.domainNameId,
  Priority: priority,
  Conditions: [{ MatchHeaders: { AnyOf: [{ Header: "x-version", ValueGlob: "beta*" }] } }, { MatchBasePaths: { AnyOf: ["orders"] } }],
  Actions: [{ InvokeApi: { ApiId: st.restApiId, Stage: "prod", StripBasePath: true } }],
});
const linkArn = (st: StepState) => `arn:aws:apigateway:us-east-1::/vpclinks/${st.vpcLinkId}`;

/** REST APIs, their resource tree, deployments and stages (API Gateway v1). */
const REST_API_STEPS: ConformanceStep[] = [
  v1(
    "CreateRestApi",
    () => ({ name: "conformance", policy: invokePolicy(VPCE), endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [VPCE] } }),
    { keep: (o, st) => Object.assign(st, { restApiId: o.id, rootId: o.rootResourceId }) },
  ),
  v1("CreateRestApi", () => ({ endpointConfiguration: { types: ["PRIVATE"] } }), { expectError: "BadRequestException" }),
  v1("GetRestApis", () => ({})),
  v1("GetRestApi", api),
  v1("GetRestApi", () => ({ restApiId: "nosuchapi0" }), { expectError: "NotFoundException" }),
  v1("UpdateRestApi", (st) => ({
    ...api(st),
    patchOperations: [{ op: "add", path: "/endpointConfiguration/vpcEndpointIds", value: OTHER_VPCE }],
  })),
  v1("UpdateRestApi", (st) => ({ ...api(st), patchOperations: [{ op: "replace", path: "/nosuchfield", value: "x" }] }), {
    expectError: "BadRequestException",
  }),
  v1("TagResource", (st) => ({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${st.restApiId}`, tags: { team: "a" } })),
  v1("GetTags", (st) => ({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${st.restApiId}` })),
  v1("UntagResource", (st) => ({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${st.restApiId}`, tagKeys: ["team"] })),
  v1("GetResources", api),
  v1("GetResource", (st) => ({ ...api(st), resourceId: st.rootId })),
  v1("GetResource", (st) => ({ ...api(st), resourceId: "nosuch" }), { expectError: "NotFoundException" }),
  v1("CreateResource", (st) => ({ ...api(st), parentId: st.rootId, pathPart: "orders" }), {
    keep: (o, st) => (st.ordersId = o.id as string),
  }),
  v1("PutMethod", (st) => ({ ...method(st), authorizationType: "NONE" })),
  v1("PutMethod", (st) => ({ ...method(st, "ordersId"), authorizationType: "NONE" })),
  v1("GetMethod", (st) => method(st)),
  v1("CreateDeployment", (st) => ({ ...api(st), stageName: "prod" }), { expectError: "BadRequestException" }),
  v1("PutIntegration", (st) => ({ ...method(st), type: "MOCK" })),
  v1("PutIntegration", (st) => ({ ...method(st, "ordersId"), type: "MOCK" })),
  v1("GetIntegration", (st) => method(st)),
  v1("PutMethodResponse", (st) => ({ ...method(st), statusCode: "200", responseModels: { "application/json": "Empty" } })),
  v1("GetMethodResponse", (st) => ({ ...method(st), statusCode: "200" })),
  v1("GetMethodResponse", (st) => ({ ...method(st), statusCode: "404" }), { expectError: "NotFoundException" }),
  v1("PutIntegrationResponse", (st) => ({ ...method(st), statusCode: "200", responseTemplates: { "application/json": '{"ok":true}' } })),
  v1("GetIntegrationResponse", (st) => ({ ...method(st), statusCode: "200" })),
  v1("UpdateIntegration", (st) => ({ ...method(st), patchOperations: [{ op: "replace", path: "/timeoutInMillis", value: "5000" }] })),
  v1("UpdateIntegration", (st) => ({ ...method(st), patchOperations: [{ op: "replace", path: "/nosuch", value: "1" }] }), {
    expectError: "BadRequestException",
  }),
  v1("TestInvokeMethod", (st) => method(st)),
  v1("CreateDeployment", (st) => ({ ...api(st), stageName: "prod" })),
  v1("GetDeployments", api, { keep: (o, st) => (st.deploymentId = (o.items as { id: string }[])[0].id) }),
  v1("GetDeployment", (st) => ({ ...api(st), deploymentId: st.deploymentId })),
  v1("GetDeployment", (st) => ({ ...api(st), deploymentId: "nosuch" }), { expectError: "NotFoundException" }),
  v1("CreateStage", (st) => ({ ...api(st), stageName: "beta", deploymentId: st.deploymentId, variables: { link: "x" } })),
  v1("CreateStage", (st) => ({ ...api(st), stageName: "beta", deploymentId: st.deploymentId }), { expectError: "ConflictException" }),
  v1("DeleteStage", (st) => ({ ...api(st), stageName: "beta" })),
  v1("DeleteStage", (st) => ({ ...api(st), stageName: "beta" }), { expectError: "NotFoundException" }),
  v1("GetStages", api),
  v1("GetStage", (st) => ({ ...api(st), stageName: "prod" })),
  v1("GetStage", (st) => ({ ...api(st), stageName: "nosuch" }), { expectError: "NotFoundException" }),
  v1("DeleteIntegration", (st) => method(st, "ordersId")),
  v1("DeleteMethod", (st) => method(st, "ordersId")),
  v1("DeleteMethod", (st) => method(st, "ordersId"), { expectError: "NotFoundException" }),
];

/** Private custom domain names, base path mappings and access associations (API Gateway v1). */
const DOMAIN_STEPS: ConformanceStep[] = [
  v1("CreateDomainName", () => ({ domainName: DOMAIN, certificateArn: CERT, endpointConfiguration: { types: ["PRIVATE"] } }), {
    keep: (o, st) => Object.assign(st, { domainNameId: o.domainNameId, domainNameArn: o.domainNameArn }),
  }),
  v1("CreateDomainName", () => ({ domainName: "nocert.example.com", endpointConfiguration: { types: ["PRIVATE"] } }), {
    expectError: "BadRequestException",
  }),
  v1("GetDomainNames", () => ({})),
  v1("GetDomainName", domain),
  v1("GetDomainName", () => ({ domainName: DOMAIN }), { expectError: "NotFoundException" }),
  v1("UpdateDomainName", (st) => ({
    ...domain(st),
    patchOperations: [
      {
        op: "replace",
        path: "/managementPolicy",
        value: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: [CONSUMER_ACCOUNT] },
              Action: "apigateway:CreateAccessAssociation",
              Resource: st.domainNameArn,
            },
          ],
        }),
      },
    ],
  })),
  v1("CreateBasePathMapping", (st) => ({ ...domain(st), restApiId: st.restApiId, basePath: "orders", stage: "prod" })),
  v1("CreateBasePathMapping", (st) => ({ ...domain(st), restApiId: st.restApiId, basePath: "orders", stage: "prod" }), {
    expectError: "ConflictException",
  }),
  v1("GetBasePathMappings", domain),
  v1("GetBasePathMapping", (st) => ({ ...domain(st), basePath: "orders" })),
  v1("DeleteBasePathMapping", (st) => ({ ...domain(st), basePath: "orders" })),
  v1("GetBasePathMapping", (st) => ({ ...domain(st), basePath: "orders" }), { expectError: "NotFoundException" }),
  v1("UpdateDomainName", (st) => ({
    ...domain(st),
    patchOperations: [{ op: "replace", path: "/routingMode", value: "ROUTING_RULE_THEN_BASE_PATH_MAPPING" }],
  })),
  v2("CreateRoutingRule", (st) => routingRule(st, 100), { keep: (o, st) => (st.routingRuleId = o.RoutingRuleId as string) }),
  v2("CreateRoutingRule", (st) => routingRule(st, 100), { expectError: "ConflictException" }),
  v2("CreateRoutingRule", (st) => routingRule(st, 0), { expectError: "BadRequestException" }),
  v2("ListRoutingRules", (st) => ({ DomainName: DOMAIN, DomainNameId: st.domainNameId })),
  v2("GetRoutingRule", (st) => ({ DomainName: DOMAIN, DomainNameId: st.domainNameId, RoutingRuleId: st.routingRuleId })),
  v2("PutRoutingRule", (st) => ({ ...routingRule(st, 200), RoutingRuleId: st.routingRuleId })),
  v2("DeleteRoutingRule", (st) => ({ DomainName: DOMAIN, DomainNameId: st.domainNameId, RoutingRuleId: st.routingRuleId })),
  v2("GetRoutingRule", (st) => ({ DomainName: DOMAIN, DomainNameId: st.domainNameId, RoutingRuleId: st.routingRuleId }), {
    expectError: "NotFoundException",
  }),
  v1(
    "CreateDomainNameAccessAssociation",
    (st) => ({ domainNameArn: st.domainNameArn, accessAssociationSourceType: "VPCE", accessAssociationSource: VPCE }),
    { keep: (o, st) => (st.ownAssociationArn = o.domainNameAccessAssociationArn as string) },
  ),
  v1(
    "CreateDomainNameAccessAssociation",
    (st) => ({ domainNameArn: st.domainNameArn, accessAssociationSourceType: "VPCE", accessAssociationSource: OTHER_VPCE }),
    { asConsumer: true, keep: (o, st) => (st.consumerAssociationArn = o.domainNameAccessAssociationArn as string) },
  ),
  v1("GetDomainNameAccessAssociations", () => ({})),
  v1("GetDomainNameAccessAssociations", () => ({ resourceOwner: "OTHER_ACCOUNTS" })),
  v1("RejectDomainNameAccessAssociation", (st) => ({
    domainNameAccessAssociationArn: st.consumerAssociationArn,
    domainNameArn: st.domainNameArn,
  })),
  v1("DeleteDomainNameAccessAssociation", (st) => ({ domainNameAccessAssociationArn: st.ownAssociationArn })),
  v1("DeleteDomainName", domain),
  v1("DeleteDomainName", domain, { expectError: "NotFoundException" }),
  v1("DeleteRestApi", api),
  v1("DeleteRestApi", api, { expectError: "NotFoundException" }),
];

/** VPC links and their tags (API Gateway v2), in the subnets and group of the EC2 steps. */
const VPC_LINK_STEPS: ConformanceStep[] = [
  v2(
    "CreateVpcLink",
    (st) => ({ Name: "conformance", SubnetIds: [st.subnetA, st.subnetB], SecurityGroupIds: [st.groupId], Tags: { team: "a" } }),
    {
      keep: (o, st) => (st.vpcLinkId = o.VpcLinkId as string),
    },
  ),
  v2("CreateVpcLink", () => ({ Name: "bad", SubnetIds: ["not-a-subnet"] }), { expectError: "BadRequestException" }),
  v2("CreateVpcLink", () => ({ Name: "unknown", SubnetIds: [randomAwsId("subnet")] }), { expectError: "BadRequestException" }),
  v2("GetVpcLinks", () => ({})),
  v2("GetVpcLink", (st) => ({ VpcLinkId: st.vpcLinkId })),
  v2("GetVpcLink", () => ({ VpcLinkId: "nosuch1" }), { expectError: "NotFoundException" }),
  v2("UpdateVpcLink", (st) => ({ VpcLinkId: st.vpcLinkId, Name: "renamed" })),
  v2("TagResource", (st) => ({ ResourceArn: linkArn(st), Tags: { owner: "b" } })),
  v2("GetTags", (st) => ({ ResourceArn: linkArn(st) })),
  v2("UntagResource", (st) => ({ ResourceArn: linkArn(st), TagKeys: ["owner"] })),
  v2("DeleteVpcLink", (st) => ({ VpcLinkId: st.vpcLinkId })),
  v2("DeleteVpcLink", () => ({ VpcLinkId: "nosuch1" }), { expectError: "NotFoundException" }),
];

/** VPCs, subnets, security groups and execute-api endpoints (EC2). */
const EC2_STEPS: ConformanceStep[] = [
  ec2("DescribeAvailabilityZones", () => ({})),
  ec2("DescribeAvailabilityZones", () => ({ AllAvailabilityZones: true })),
  ec2("DescribeAvailabilityZones", () => ({ ZoneIds: ["use1-az9"] }), { expectError: "InvalidParameterValue" }),
  ec2("DescribeVpcEndpointServices", () => ({ ServiceNames: ["com.amazonaws.us-east-1.execute-api"] })),
  ec2(
    "CreateVpc",
    () => ({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: "c" }] }] }),
    {
      keep: (o, st) => (st.vpcId = (o.Vpc as { VpcId: string }).VpcId),
    },
  ),
  ec2("CreateVpc", () => ({ CidrBlock: "10.0.0.0/8" }), { expectError: "InvalidVpcRange" }),
  ec2("DescribeVpcs", (st) => ({ VpcIds: [st.vpcId] })),
  ec2("DescribeVpcs", () => ({ VpcIds: ["vpc-0123456789abcdef0"] }), { expectError: "InvalidVpcID.NotFound" }),
  ec2("ModifyVpcAttribute", (st) => ({ VpcId: st.vpcId, EnableDnsHostnames: { Value: true } })),
  ec2("CreateSubnet", (st) => ({ VpcId: st.vpcId, CidrBlock: "10.0.0.0/24", AvailabilityZoneId: "use1-az1" }), {
    keep: (o, st) => (st.subnetA = (o.Subnet as { SubnetId: string }).SubnetId),
  }),
  ec2("CreateSubnet", (st) => ({ VpcId: st.vpcId, CidrBlock: "10.0.1.0/24", AvailabilityZoneId: "use1-az2" }), {
    keep: (o, st) => (st.subnetB = (o.Subnet as { SubnetId: string }).SubnetId),
  }),
  ec2("CreateSubnet", (st) => ({ VpcId: st.vpcId, CidrBlock: "10.0.0.0/24" }), { expectError: "InvalidSubnet.Conflict" }),
  ec2("CreateSubnet", (st) => ({ VpcId: st.vpcId, CidrBlock: "10.0.2.0/24", AvailabilityZoneId: "use1-az3" }), {
    keep: (o, st) => (st.subnetAz3 = (o.Subnet as { SubnetId: string }).SubnetId),
  }),
  v2("CreateVpcLink", (st) => ({ Name: "az3", SubnetIds: [st.subnetAz3] }), { expectError: "BadRequestException" }),
  ec2("DescribeSubnets", (st) => ({ Filters: [{ Name: "vpc-id", Values: [st.vpcId] }] })),
  ec2("CreateSecurityGroup", (st) => ({ VpcId: st.vpcId, GroupName: "vpce", Description: "endpoint" }), {
    keep: (o, st) => (st.groupId = o.GroupId as string),
  }),
  ec2("CreateSecurityGroup", (st) => ({ VpcId: st.vpcId, GroupName: "vpce", Description: "again" }), {
    expectError: "InvalidGroup.Duplicate",
  }),
  ec2("AuthorizeSecurityGroupIngress", (st) => ({
    GroupId: st.groupId,
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
  })),
  ec2(
    "AuthorizeSecurityGroupIngress",
    (st) => ({
      GroupId: st.groupId,
      IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
    }),
    { expectError: "InvalidPermission.Duplicate" },
  ),
  ec2("AuthorizeSecurityGroupEgress", (st) => ({
    GroupId: st.groupId,
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }],
  })),
  ec2("DescribeSecurityGroups", (st) => ({ Filters: [{ Name: "vpc-id", Values: [st.vpcId] }] })),
  ...VPC_LINK_STEPS,
  ec2("RevokeSecurityGroupEgress", (st) => ({
    GroupId: st.groupId,
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.1.0.0/16" }] }],
  })),
  ec2(
    "CreateVpcEndpoint",
    (st) => ({
      VpcId: st.vpcId,
      VpcEndpointType: "Interface",
      ServiceName: "com.amazonaws.us-east-1.execute-api",
      SubnetIds: [st.subnetA, st.subnetB],
      SecurityGroupIds: [st.groupId],
      PrivateDnsEnabled: false,
    }),
    { keep: (o, st) => (st.vpceId = (o.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId) },
  ),
  ec2(
    "CreateVpcEndpoint",
    (st) => ({ VpcId: st.vpcId, VpcEndpointType: "Interface", ServiceName: "com.amazonaws.us-east-1.nosuch", SubnetIds: [st.subnetA] }),
    {
      expectError: "InvalidServiceName",
    },
  ),
  ec2("DescribeVpcEndpoints", (st) => ({ VpcEndpointIds: [st.vpceId] })),
  ec2("ModifyVpcEndpoint", (st) => ({
    VpcEndpointId: st.vpceId,
    PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "*" }] }),
  })),
  ec2("ModifyVpcEndpoint", (st) => ({ VpcEndpointId: st.vpceId, ResetPolicy: true })),
  ec2("ModifyVpcEndpoint", () => ({ VpcEndpointId: "vpce-0123456789abcdef0", ResetPolicy: true }), {
    expectError: "InvalidVpcEndpointId.NotFound",
  }),
  ec2("CreateTags", (st) => ({ Resources: [st.vpceId], Tags: [{ Key: "team", Value: "a" }] })),
  ec2("DescribeTags", (st) => ({ Filters: [{ Name: "resource-id", Values: [st.vpceId] }] })),
  ec2("DeleteTags", (st) => ({ Resources: [st.vpceId], Tags: [{ Key: "team" }] })),
  ec2("RevokeSecurityGroupIngress", (st) => ({
    GroupId: st.groupId,
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.0.0/16" }] }],
  })),
  ec2("DeleteSubnet", (st) => ({ SubnetId: st.subnetA }), { expectError: "DependencyViolation" }),
  ec2("DeleteVpcEndpoints", (st) => ({ VpcEndpointIds: [st.vpceId, "vpce-0123456789abcdef0"] })),
  ec2("DeleteSecurityGroup", (st) => ({ GroupId: st.groupId }), { waitMs: 700 }),
  ec2("DeleteSubnet", (st) => ({ SubnetId: st.subnetA })),
  ec2("DeleteSubnet", (st) => ({ SubnetId: st.subnetB })),
  ec2("DeleteSubnet", (st) => ({ SubnetId: st.subnetAz3 })),
  ec2("DeleteVpc", (st) => ({ VpcId: st.vpcId })),
  ec2("DeleteVpc", (st) => ({ VpcId: st.vpcId }), { expectError: "InvalidVpcID.NotFound" }),
];

/** Every step, in order. */
export const CONFORMANCE_STEPS: readonly ConformanceStep[] = [...REST_API_STEPS, ...DOMAIN_STEPS, ...EC2_STEPS];
