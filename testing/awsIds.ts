/**
 * Ids in AWS's own formats for the @pulumi/aws resources that programs hand to this package, so
 * that under the mocks they pass our providers' check() as real ids do (a `${name}-id` would not).
 */
import { createHash } from "node:crypto";

const hex = (seed: string, length: number): string => createHash("sha256").update(seed).digest("hex").slice(0, length);

/** The id formats, by @pulumi/aws type token. */
const FORMATS: Record<string, (name: string) => string> = {
  "aws:apigateway/restApi:RestApi": (name) => hex(`restapi/${name}`, 10),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (name) => `vpce-${hex(`vpce/${name}`, 17)}`,
  "aws:ec2/subnet:Subnet": (name) => `subnet-${hex(`subnet/${name}`, 17)}`,
  "aws:ec2/securityGroup:SecurityGroup": (name) => `sg-${hex(`sg/${name}`, 17)}`,
  "aws:ec2/vpc:Vpc": (name) => `vpc-${hex(`vpc/${name}`, 17)}`,
};

/** A stable id in AWS's format for a resource of this type and name, or undefined for a type without one here. */
export function awsStyleId(type: string, name: string): string | undefined {
  return FORMATS[type]?.(name);
}
