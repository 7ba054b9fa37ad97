/**
 * EC2's wire protocol for the sandbox: the query request (`Action=...&Version=2016-11-15` with
 * lists as `SubnetId.1`, `TagSpecification.1.Tag.1.Key`, `Filter.1.Value.1`), the XML answer in
 * EC2's 2016-11-15 namespace, and EC2's error document. The model is local/ec2.ts.
 */
import { createHash } from "node:crypto";
import { ACCESS_HANDLERS, endpointPolicyXml, groupRulesXml } from "./ec2AccessWire";
import { bool, filters, maps, page, paged, set, str, strings, tags, tagSet, x, type QueryMap } from "./ec2Query";
import { describeZones, ZoneQueryError, type ZoneInfo } from "./ec2Zones";
import {
  Ec2Error,
  executeApiZones,
  invalidValue,
  type Ec2Model,
  type Ec2Scope,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcEndpointRecord,
  type VpcRecord,
} from "./ec2";

export { ec2ActionOf, parseQuery, type QueryMap } from "./ec2Query";

const NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

/** The tags of `TagSpecification.N` for one resource type; another type is refused, as EC2 does. */
function tagSpecifications(q: QueryMap, resourceType: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of maps(q, "TagSpecification")) {
    const type = str(spec, "ResourceType");
    if (type !== resourceType)
      throw new Ec2Error("InvalidParameterValue", `'${type ?? ""}' is not a valid taggable resource type for this operation.`);
    for (const t of tags(spec)) out[t.key] = t.value ?? "";
  }
  return out;
}

function vpcXml(v: VpcRecord): string[] {
  return [
    x("vpcId", v.vpcId),
    x("ownerId", v.ownerId),
    x("state", "available"),
    x("cidrBlock", v.cidrBlock),
    set("cidrBlockAssociationSet", [
      [x("associationId", v.cidrAssociationId), x("cidrBlock", v.cidrBlock), x("cidrBlockState", [x("state", "associated")])],
    ]),
    x("dhcpOptionsId", v.dhcpOptionsId),
    tagSet(v.tags),
    x("instanceTenancy", "default"),
    x("isDefault", false),
  ];
}

function subnetXml(s: SubnetRecord, availableIps: number): string[] {
  return [
    x("subnetId", s.subnetId),
    x("subnetArn", `arn:aws:ec2:${s.region}:${s.ownerId}:subnet/${s.subnetId}`),
    x("state", "available"),
    x("ownerId", s.ownerId),
    x("vpcId", s.vpcId),
    x("cidrBlock", s.cidrBlock),
    x("availableIpAddressCount", availableIps),
    x("availabilityZone", s.availabilityZone),
    x("availabilityZoneId", s.availabilityZoneId),
    x("defaultForAz", false),
    x("mapPublicIpOnLaunch", false),
    x("assignIpv6AddressOnCreation", false),
    tagSet(s.tags),
  ];
}

function groupXml(g: SecurityGroupRecord): string[] {
  return [
    x("ownerId", g.ownerId),
    x("groupId", g.groupId),
    x("groupName", g.groupName),
    x("groupDescription", g.description),
    x("vpcId", g.vpcId),
    x("securityGroupArn", `arn:aws:ec2:${g.region}:${g.ownerId}:security-group/${g.groupId}`),
    groupRulesXml(g),
    tagSet(g.tags),
  ];
}

function endpointXml(model: Ec2Model, e: VpcEndpointRecord, zones: Map<string, string>): string[] {
  const host = `${e.vpcEndpointId}-${e.dnsSuffix}`;
  const domain = `execute-api.${e.region}.vpce.amazonaws.com`;
  // Assumed(endpoint-hosted-zone-id): the hosted zone ids of the endpoint names; AWS uses one fixed id per region.
  const zone = "Z7HUB22UULQXV";
  const entries = [
    [x("dnsName", `${host}.${domain}`), x("hostedZoneId", zone)],
    ...e.subnetIds.map((s) => [x("dnsName", `${host}-${zones.get(s) ?? ""}.${domain}`), x("hostedZoneId", zone)]),
    // The private name's zone is AWS-managed; EC2 shows it as ZONEIDPENDING.
    ...(e.privateDnsEnabled ? [[x("dnsName", `execute-api.${e.region}.amazonaws.com`), x("hostedZoneId", "ZONEIDPENDING")]] : []),
  ];
  return [
    x("vpcEndpointId", e.vpcEndpointId),
    x("vpcEndpointType", "Interface"),
    x("vpcId", e.vpcId),
    x("serviceName", e.serviceName),
    x("state", model.stateOf(e)),
    endpointPolicyXml(e),
    x("routeTableIdSet", []),
    x(
      "subnetIdSet",
      e.subnetIds.map((s) => x("item", s)),
    ),
    set(
      "groupSet",
      e.groupIds.map((g) => [x("groupId", g)]),
    ),
    x("ipAddressType", "ipv4"),
    x("dnsOptions", [x("dnsRecordIpType", "ipv4")]),
    x("privateDnsEnabled", e.privateDnsEnabled),
    x("requesterManaged", false),
    x(
      "networkInterfaceIdSet",
      e.networkInterfaceIds.map((n) => x("item", n)),
    ),
    set("dnsEntrySet", entries),
    x("creationTimestamp", new Date(e.createdAt).toISOString()),
    tagSet(e.tags),
    x("ownerId", e.ownerId),
  ];
}

type Ec2Handler = (model: Ec2Model, scope: Ec2Scope, q: QueryMap) => string;

const HANDLERS: Record<string, Ec2Handler> = {
  ...ACCESS_HANDLERS,
  DescribeAvailabilityZones: (_model, scope, q) => {
    let zones: ZoneInfo[];
    try {
      zones = describeZones(scope.region, {
        names: strings(q, "ZoneName"),
        ids: strings(q, "ZoneId"),
        filters: filters(q),
        all: !!bool(q, "AllAvailabilityZones"),
      });
    } catch (e) {
      if (!(e instanceof ZoneQueryError)) throw e;
      if (e.parameter === "Filter") throw new Ec2Error("InvalidParameterValue", `The filter '${e.value}' is invalid`);
      throw invalidValue(e.parameter, e.value, `The zone '${e.value}' does not exist.`);
    }
    return set(
      "availabilityZoneInfo",
      zones.map((z) => [
        x("zoneName", z.zoneName),
        x("zoneId", z.zoneId),
        x("zoneState", "available"),
        x("optInStatus", z.optInStatus),
        x("regionName", z.regionName),
        x("groupName", z.groupName),
        x("networkBorderGroup", z.networkBorderGroup),
        x("zoneType", z.zoneType),
        x("parentZoneName", z.parentZoneName),
        x("parentZoneId", z.parentZoneId),
        x("messageSet", []),
      ]),
    );
  },
  DescribeVpcEndpointServices: (_model, scope, q) => {
    const service = `com.amazonaws.${scope.region}.execute-api`;
    const asked = strings(q, "ServiceName");
    const unknown = asked.find((n) => n !== service);
    if (unknown) throw new Ec2Error("InvalidServiceName", `The Vpc Endpoint Service '${unknown}' does not exist`);
    const zones = executeApiZones(scope.region).map((z) => z.zoneName);
    // The one service the sandbox offers, as the service's detail lists it (execute-api is an AWS service: owner "amazon").
    const detail = [
      x("serviceName", service),
      x("serviceId", `vpce-svc-${createHash("sha256").update(service).digest("hex").slice(0, 17)}`),
      set("serviceType", [[x("serviceType", "Interface")]]),
      x(
        "availabilityZoneSet",
        zones.map((z) => x("item", z)),
      ),
      x("owner", "amazon"),
      x("baseEndpointDnsNameSet", [x("item", `execute-api.${scope.region}.vpce.amazonaws.com`)]),
      x("privateDnsName", `*.execute-api.${scope.region}.amazonaws.com`),
      set("privateDnsNameSet", [[x("privateDnsName", `*.execute-api.${scope.region}.amazonaws.com`)]]),
      x("vpcEndpointPolicySupported", true),
      x("acceptanceRequired", false),
      x("managesVpcEndpoints", false),
      x("privateDnsNameVerificationState", "verified"),
      x("supportedIpAddressTypeSet", [x("item", "ipv4"), x("item", "ipv6")]),
      tagSet({}),
    ];
    return x("serviceNameSet", [x("item", service)]) + set("serviceDetailSet", [detail]);
  },
  CreateVpc: (model, scope, q) =>
    x("vpc", vpcXml(model.createVpc(scope, { cidrBlock: str(q, "CidrBlock"), tags: tagSpecifications(q, "vpc") }))),
  DescribeVpcs: (model, scope, q) => paged("vpcSet", page(model.vpcs(scope, strings(q, "VpcId"), filters(q)).map(vpcXml), q)),
  DeleteVpc: (model, scope, q) => {
    model.deleteVpc(scope, str(q, "VpcId"));
    return x("return", true);
  },
  ModifyVpcAttribute: (model, scope, q) => {
    const attr = (name: string) => (typeof q[name] === "object" ? (bool(q[name] as QueryMap, "Value") ?? false) : undefined);
    model.modifyVpcAttribute(scope, str(q, "VpcId"), {
      enableDnsSupport: attr("EnableDnsSupport"),
      enableDnsHostnames: attr("EnableDnsHostnames"),
    });
    return x("return", true);
  },
  CreateSubnet: (model, scope, q) => {
    const subnet = model.createSubnet(scope, {
      vpcId: str(q, "VpcId"),
      cidrBlock: str(q, "CidrBlock"),
      availabilityZone: str(q, "AvailabilityZone"),
      availabilityZoneId: str(q, "AvailabilityZoneId"),
      tags: tagSpecifications(q, "subnet"),
    });
    return x("subnet", subnetXml(subnet, model.availableIpCount(scope, subnet)));
  },
  DescribeSubnets: (model, scope, q) =>
    paged(
      "subnetSet",
      page(
        model.subnets(scope, strings(q, "SubnetId"), filters(q)).map((s) => subnetXml(s, model.availableIpCount(scope, s))),
        q,
      ),
    ),
  DeleteSubnet: (model, scope, q) => {
    model.deleteSubnet(scope, str(q, "SubnetId"));
    return x("return", true);
  },
  CreateSecurityGroup: (model, scope, q) => {
    const group = model.createSecurityGroup(scope, {
      groupName: str(q, "GroupName"),
      description: str(q, "GroupDescription"),
      vpcId: str(q, "VpcId"),
      tags: tagSpecifications(q, "security-group"),
    });
    const arn = `arn:aws:ec2:${group.region}:${group.ownerId}:security-group/${group.groupId}`;
    return x("return", true) + x("groupId", group.groupId) + tagSet(group.tags) + x("securityGroupArn", arn);
  },
  DescribeSecurityGroups: (model, scope, q) =>
    paged(
      "securityGroupInfo",
      page(model.securityGroups(scope, strings(q, "GroupId"), strings(q, "GroupName"), filters(q)).map(groupXml), q),
    ),
  DeleteSecurityGroup: (model, scope, q) => {
    const id = str(q, "GroupId");
    model.deleteSecurityGroup(scope, id, str(q, "GroupName"));
    return x("return", true) + x("groupId", id);
  },
  CreateVpcEndpoint: (model, scope, q) => {
    const { endpoint, clientToken } = model.createVpcEndpoint(scope, {
      vpcId: str(q, "VpcId"),
      vpcEndpointType: str(q, "VpcEndpointType"),
      serviceName: str(q, "ServiceName"),
      subnetIds: strings(q, "SubnetId"),
      securityGroupIds: strings(q, "SecurityGroupId"),
      privateDnsEnabled: bool(q, "PrivateDnsEnabled"),
      clientToken: str(q, "ClientToken"),
      policyDocument: str(q, "PolicyDocument"),
      tags: tagSpecifications(q, "vpc-endpoint"),
    });
    return x("vpcEndpoint", endpointXml(model, endpoint, subnetZones(model, scope))) + x("clientToken", clientToken);
  },
  DescribeVpcEndpoints: (model, scope, q) => {
    const zones = subnetZones(model, scope);
    const found = model.vpcEndpoints(scope, strings(q, "VpcEndpointId"), filters(q));
    return paged(
      "vpcEndpointSet",
      page(
        found.map((e) => endpointXml(model, e, zones)),
        q,
      ),
    );
  },
  DeleteVpcEndpoints: (model, scope, q) =>
    set(
      "unsuccessful",
      model
        .deleteVpcEndpoints(scope, strings(q, "VpcEndpointId"))
        .map((u) => [x("error", [x("code", u.code), x("message", u.message)]), x("resourceId", u.resourceId)]),
    ),
  CreateTags: (model, scope, q) => {
    model.createTags(scope, strings(q, "ResourceId"), tags(q));
    return x("return", true);
  },
  DeleteTags: (model, scope, q) => {
    model.deleteTags(scope, strings(q, "ResourceId"), tags(q));
    return x("return", true);
  },
};

/** Every EC2 action the sandbox answers; the conformance test enumerates it. */
export const EC2_ACTIONS: readonly string[] = Object.keys(HANDLERS);

/** Subnet id -> zone name, for the per-zone DNS names of endpoints. */
function subnetZones(model: Ec2Model, scope: Ec2Scope): Map<string, string> {
  return new Map(model.subnets(scope, [], []).map((s) => [s.subnetId, s.availabilityZone]));
}

/** Runs one EC2 action and returns the XML document of its answer. */
export function runEc2Action(model: Ec2Model, scope: Ec2Scope, action: string, q: QueryMap, requestId: string): string {
  const handler = HANDLERS[action];
  if (!handler) throw new Ec2Error("InvalidAction", `The action ${action} is not valid for this web service.`);
  // The sandbox grants every permission, so a dry run is always one that would have succeeded.
  if (bool(q, "DryRun")) throw new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  const inner = handler(model, scope, q);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NAMESPACE}">${x("requestId", requestId)}${inner}</${action}Response>`;
}

/** EC2's error document. */
export function ec2ErrorXml(error: Ec2Error, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${x("Errors", [x("Error", [x("Code", error.code), x("Message", error.message)])])}${x("RequestID", requestId)}</Response>`;
}
