/**
 * Which two zones the acceptance suite builds in: Availability Zones (never a Local Zone), where the
 * execute-api endpoint service is offered and where API Gateway supports VPC links, chosen by
 * zone id. Sorted names are no guide: names map to zones per account, and in us-east-1 the first
 * names can be a zone without VPC link support or a Local Zone.
 */
import type { AvailabilityZone } from "@aws-sdk/client-ec2";
import { vpcLinkZoneIds } from "../provider/vpcLinkZones";

/** A zone the suite may build in. */
export interface ChosenZone {
  /** The zone's name in this account, e.g. "us-east-1b". */
  zoneName: string;
  /** The zone's id, the same place in every account, e.g. "use1-az1". */
  zoneId: string;
}

/**
 * The first `count` zones by zone id that are available Availability Zones, offer the endpoint
 * service (`serviceZoneNames`, from DescribeVpcEndpointServices) and support VPC links; an error
 * that says which rule left too few.
 */
export function chooseZones(region: string, zones: AvailabilityZone[], serviceZoneNames: string[], count = 2): ChosenZone[] {
  const linkZones = vpcLinkZoneIds(region);
  const azs = zones.filter((z) => z.ZoneType === "availability-zone" && z.State === "available" && z.ZoneName && z.ZoneId);
  const offered = azs.filter((z) => serviceZoneNames.includes(z.ZoneName as string));
  const usable = offered.filter((z) => !linkZones || linkZones.includes(z.ZoneId as string));
  if (usable.length < count)
    throw new Error(
      `${region} has ${usable.length} zone(s) the suite can use, it needs ${count}: ${azs.length} available Availability Zone(s), ` +
        `${offered.length} of them offering execute-api endpoints, ${usable.length} of those supporting VPC links`,
    );
  return usable
    .map((z) => ({ zoneName: z.ZoneName as string, zoneId: z.ZoneId as string }))
    .sort((a, b) => a.zoneId.localeCompare(b.zoneId, "en", { numeric: true }))
    .slice(0, count);
}
