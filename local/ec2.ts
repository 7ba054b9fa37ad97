/**
 * The EC2 model of the sandbox: VPCs, subnets, security groups and interface VPC endpoints, per
 * account and region, with tags, filters and the dependency rules that order a teardown. An
 * endpoint's state is derived from timestamps when read (pending -> available, deleting -> gone),
 * so the model needs no timers. Storage, lookups and tags: local/ec2Stores.ts; VPCs, subnets and
 * groups: local/ec2Network.ts; records and helpers: local/ec2Records.ts; wire: local/ec2Wire.ts.
 */
import { validEndpointPolicy } from "./ec2Access";
import { randomAwsId, randomId } from "./ids";
import {
  Ec2Error,
  missing,
  owned,
  assertServiceZones,
  select,
  type Ec2Filter,
  type Ec2Scope,
  type VpcEndpointInput,
  type VpcEndpointRecord,
} from "./ec2Records";
import { Ec2Network } from "./ec2Network";

export * from "./ec2Records";
export type { Store } from "./ec2Stores";

/** The EC2 resources of every account and region the sandbox has seen. */
export class Ec2Model extends Ec2Network {
  /** CreateVpcEndpoint: an Interface endpoint to execute-api, `pending` for the provisioning delay. */
  createVpcEndpoint(scope: Ec2Scope, input: VpcEndpointInput): { endpoint: VpcEndpointRecord; clientToken?: string } {
    const store = this.store(scope);
    const request = JSON.stringify({ ...input, clientToken: undefined });
    const earlier = input.clientToken ? store.tokens.get(input.clientToken) : undefined;
    if (earlier) {
      const endpoint = this.liveEndpoints(store).find((e) => e.vpcEndpointId === earlier.vpcEndpointId);
      // Assumed(client-token-deleted-endpoint): a token whose endpoint is gone is refused like one with other parameters, as EC2's message says.
      if (earlier.request !== request || !endpoint)
        throw new Ec2Error(
          "IdempotentParameterMismatch",
          "The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.",
        );
      return { endpoint, clientToken: input.clientToken };
    }
    if (!input.vpcId) throw missing("VpcId");
    if (!input.serviceName) throw missing("ServiceName");
    const vpc = this.vpc(store, input.vpcId);
    // Assumed(endpoint-interface-only): the sandbox offers only Interface endpoints to execute-api, the one service it emulates.
    if ((input.vpcEndpointType ?? "Gateway") !== "Interface")
      throw new Ec2Error(
        "InvalidParameter",
        `Endpoint type (${input.vpcEndpointType ?? "Gateway"}) does not match available service types ([Interface]).`,
      );
    if (input.serviceName !== `com.amazonaws.${scope.region}.execute-api`)
      throw new Ec2Error("InvalidServiceName", `The Vpc Endpoint Service '${input.serviceName}' does not exist`);
    if (input.subnetIds.length === 0) throw missing("SubnetId");
    // Assumed(endpoint-unknown-ids): unknown ids answer as in RunInstances (InvalidSubnetID.NotFound, InvalidGroup.NotFound).
    const subnets = input.subnetIds.map((id) => this.subnet(store, id));
    // Assumed(endpoint-foreign-ids): a subnet or group of another VPC answers InvalidParameter.
    for (const s of subnets)
      if (s.vpcId !== vpc.vpcId)
        throw new Ec2Error("InvalidParameter", `The subnet ID '${s.subnetId}' does not belong to VPC '${vpc.vpcId}'`);
    // Assumed(duplicate-subnets-wording): the message of DuplicateSubnetsInSameZone (the code is documented).
    if (new Set(subnets.map((s) => s.availabilityZone)).size !== subnets.length)
      throw new Ec2Error(
        "DuplicateSubnetsInSameZone",
        "Found another VPC endpoint subnet in the availability zone of " + subnets[0].subnetId,
      );
    assertServiceZones(scope.region, input.serviceName, subnets);
    const groups = input.securityGroupIds.length
      ? input.securityGroupIds.map((id) => this.group(store, id))
      : [...store.groups.values()].filter((g) => g.vpcId === vpc.vpcId && g.isDefault);
    for (const g of groups)
      if (g.vpcId !== vpc.vpcId)
        throw new Ec2Error("InvalidParameter", `The security group '${g.groupId}' does not belong to VPC '${vpc.vpcId}'`);
    const privateDnsEnabled = input.privateDnsEnabled ?? true;
    if (privateDnsEnabled && !(vpc.enableDnsSupport && vpc.enableDnsHostnames))
      throw new Ec2Error(
        "InvalidParameter",
        `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.vpcId}`,
      );
    const now = Date.now();
    const endpoint: VpcEndpointRecord = {
      ...owned(scope, input.tags),
      vpcEndpointId: randomAwsId("vpce"),
      vpcId: vpc.vpcId,
      serviceName: input.serviceName,
      subnetIds: subnets.map((s) => s.subnetId),
      groupIds: groups.map((g) => g.groupId),
      networkInterfaceIds: subnets.map(() => randomAwsId("eni")),
      privateDnsEnabled,
      dnsSuffix: randomId(8),
      policyDocument: validEndpointPolicy(input.policyDocument),
      createdAt: now,
      availableAt: now + this.timings().provisionMs,
    };
    store.endpoints.set(endpoint.vpcEndpointId, endpoint);
    if (input.clientToken) store.tokens.set(input.clientToken, { vpcEndpointId: endpoint.vpcEndpointId, request });
    return { endpoint, clientToken: input.clientToken };
  }

  /** DescribeVpcEndpoints: endpoints not yet gone. */
  vpcEndpoints(scope: Ec2Scope, ids: string[], filters: Ec2Filter[]): VpcEndpointRecord[] {
    const store = this.store(scope);
    ids.forEach((id) => this.endpoint(store, id));
    this.liveEndpoints(store);
    return select(store.endpoints, ids, filters, (e) => ({
      "vpc-endpoint-id": [e.vpcEndpointId],
      "vpc-id": [e.vpcId],
      "service-name": [e.serviceName],
      "vpc-endpoint-state": [this.stateOf(e)],
      "vpc-endpoint-type": ["Interface"],
    }));
  }

  /** Starts deleting each endpoint; the ids that are unknown come back as AWS's unsuccessful items. */
  deleteVpcEndpoints(scope: Ec2Scope, ids: string[]): { resourceId: string; code: string; message: string }[] {
    if (ids.length === 0) throw missing("VpcEndpointId");
    const store = this.store(scope);
    const unsuccessful: { resourceId: string; code: string; message: string }[] = [];
    const now = Date.now();
    for (const id of ids) {
      const endpoint = this.liveEndpoints(store).find((e) => e.vpcEndpointId === id);
      if (!endpoint)
        unsuccessful.push({ resourceId: id, code: "InvalidVpcEndpoint.NotFound", message: `The VpcEndpoint Id '${id}' does not exist` });
      else endpoint.goneAt ??= now + this.timings().deleteMs;
    }
    return unsuccessful;
  }
}
