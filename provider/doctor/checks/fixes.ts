/** The exact commands that repair each broken link (pure), in AWS CLI form. */

const q = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/** `aws apigateway create-deployment`: a stage serves its deployment's policy and integrations. */
export function redeployCommand(region: string, restApiId: string, stageName: string): string {
  return `aws apigateway create-deployment --region ${region} --rest-api-id ${restApiId} --stage-name ${stageName}`;
}

/** Associates one endpoint with a private API (Pulumi: PrivateApiAccess's `vpcEndpointIds`). */
export function associateCommand(region: string, restApiId: string, vpcEndpointId: string): string {
  return (
    `aws apigateway update-rest-api --region ${region} --rest-api-id ${restApiId} ` +
    `--patch-operations op=add,path=/endpointConfiguration/vpcEndpointIds,value=${vpcEndpointId} ` +
    `(Pulumi: add it to PrivateApiAccess's vpcEndpointIds)`
  );
}

/** Opens TCP 443 on a group to a source. */
export function open443Command(region: string, groupId: string, cidr: string): string {
  return `aws ec2 authorize-security-group-ingress --region ${region} --group-id ${groupId} --protocol tcp --port 443 --cidr ${cidr}`;
}

/** Puts back the endpoint's default (full access) policy. */
export function resetEndpointPolicyCommand(region: string, vpcEndpointId: string): string {
  return `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${vpcEndpointId} --reset-policy`;
}

/** Replaces the API's resource policy, then redeploys (the stage serves its deployment's policy). */
export function replacePolicyCommand(region: string, restApiId: string, stageName: string, policy: string): string {
  return (
    `aws apigateway update-rest-api --region ${region} --rest-api-id ${restApiId} ` +
    `--patch-operations op=replace,path=/policy,value=${q(policy)} && ${redeployCommand(region, restApiId, stageName)} ` +
    `(Pulumi: set the RestApi's policy to PrivateApiAccess's invokePolicy)`
  );
}

/** Associates an endpoint with a private custom domain (the consumer's call). */
export function domainAssociationCommand(region: string, domainNameArn: string, vpcEndpointId: string): string {
  return (
    `aws apigateway create-domain-name-access-association --region ${region} --domain-name-arn ${domainNameArn} ` +
    `--access-association-source-type VPCE --access-association-source ${vpcEndpointId} ` +
    `(Pulumi: PrivateDomainAccess's vpcEndpointIds)`
  );
}

/** Replaces a private custom domain's execute-api policy. */
export function replaceDomainPolicyCommand(region: string, domainName: string, domainNameId: string, policy: string): string {
  return (
    `aws apigateway update-domain-name --region ${region} --domain-name ${domainName} --domain-name-id ${domainNameId} ` +
    `--patch-operations op=replace,path=/policy,value=${q(policy)}`
  );
}

/** Maps the API's stage under a private custom domain. */
export function basePathMappingCommand(
  region: string,
  domainName: string,
  domainNameId: string,
  restApiId: string,
  stageName: string,
): string {
  return (
    `aws apigateway create-base-path-mapping --region ${region} --domain-name ${domainName} --domain-name-id ${domainNameId} ` +
    `--rest-api-id ${restApiId} --stage ${stageName}`
  );
}
