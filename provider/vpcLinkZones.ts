/**
 * Where API Gateway supports VPC links for HTTP APIs, by Availability Zone id: the table of "Set up
 * VPC links for HTTP APIs in API Gateway" (Availability by Region), for the rows this project
 * keeps. Zone ids, not names: names map to different zones in each account.
 */

/** Region -> the zone ids the guide lists as supported. */
export const VPC_LINK_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-2": ["use2-az1", "use2-az2", "use2-az3"],
  "us-east-1": ["use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"],
  "us-west-1": ["usw1-az1", "usw1-az3"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"],
  "ap-east-1": ["ape1-az2", "ape1-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-northeast-2": ["apne2-az1", "apne2-az2", "apne2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2", "apse1-az3"],
};

/**
 * The zone ids of the region where VPC links are supported, or undefined when the project keeps no
 * row for the region (callers then accept every Availability Zone).
 */
export function vpcLinkZoneIds(region: string): readonly string[] | undefined {
  return VPC_LINK_ZONE_IDS[region];
}
