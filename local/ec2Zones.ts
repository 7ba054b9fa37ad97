/**
 * The zones of the sandbox's regions, as DescribeAvailabilityZones lists them (zone ids, zone
 * types, opt-in status), the zones where the execute-api endpoint service is offered
 * (DescribeVpcEndpointServices), and the zones where API Gateway supports VPC links for HTTP APIs,
 * by zone id, as the guide's table gives them (provider/vpcLinkZones.ts).
 */
import { vpcLinkZoneIds } from "../provider/vpcLinkZones";

/** One zone of a region. */
export interface ZoneInfo {
  /** "us-east-1a", "us-east-1-bos-1a". */
  zoneName: string;
  /** "use1-az1", "use1-bos1-az1": the same place in every account. */
  zoneId: string;
  /** The region. */
  regionName: string;
  /** An Availability Zone, or a Local Zone (an extension of the region elsewhere). */
  zoneType: "availability-zone" | "local-zone";
  /** Always opt-in-not-required for an Availability Zone; a Local Zone is opted-in or not-opted-in. */
  optInStatus: "opt-in-not-required" | "opted-in" | "not-opted-in";
  /** The zone group: the region for an Availability Zone, e.g. "us-east-1-bos-1" for a Local Zone. */
  groupName: string;
  /** Where the zone's public addresses are advertised from; the zone group too. */
  networkBorderGroup: string;
  /** For a Local Zone: the Availability Zone that handles its control plane. */
  parentZoneName?: string;
  /** For a Local Zone: that zone's id. */
  parentZoneId?: string;
}

/** The short code of a region in zone ids: us-east-1 -> use1, ap-southeast-2 -> apse2. */
function shortCode(region: string): string {
  const [area, direction, number] = region.split("-");
  const short = direction?.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c");
  return `${area}${short ?? ""}${number ?? ""}`;
}

const az = (region: string, letter: string, id: number): ZoneInfo => ({
  zoneName: `${region}${letter}`,
  zoneId: `${shortCode(region)}-az${id}`,
  regionName: region,
  zoneType: "availability-zone",
  optInStatus: "opt-in-not-required",
  groupName: region,
  networkBorderGroup: region,
});

const localZone = (region: string, city: string, optInStatus: ZoneInfo["optInStatus"], parent: ZoneInfo): ZoneInfo => ({
  zoneName: `${region}-${city}-1a`,
  zoneId: `${shortCode(region)}-${city}1-az1`,
  regionName: region,
  zoneType: "local-zone",
  optInStatus,
  groupName: `${region}-${city}-1`,
  networkBorderGroup: `${region}-${city}-1`,
  parentZoneName: parent.zoneName,
  parentZoneId: parent.zoneId,
});

/**
 * Every zone of the region, opted in or not. us-east-1 is modelled as AWS's oldest region: six
 * Availability Zones whose names map to ids in an account-specific order, a Local Zone the account
 * has opted into (Boston) and one it has not (Miami). Other regions have the zones a to c.
 */
export function allZones(region: string): ZoneInfo[] {
  if (region === "us-east-1") {
    // Assumed(us-east-1-zone-mapping): this account's names-to-ids mapping; AWS maps them per account, so us-east-1a is not use1-az1.
    const zones = [az(region, "a", 3), az(region, "b", 1), az(region, "c", 2), az(region, "d", 4), az(region, "e", 5), az(region, "f", 6)];
    return [...zones, localZone(region, "bos", "opted-in", zones[1]), localZone(region, "mia", "not-opted-in", zones[3])];
  }
  // Assumed(availability-zone-ids): a region's zones a to c are az1 to az3 in that order.
  return ["a", "b", "c"].map((letter, i) => az(region, letter, i + 1));
}

/** The zones the account may use: every zone but the Local Zones it has not opted into. */
export function regionZones(region: string): ZoneInfo[] {
  return allZones(region).filter((z) => z.optInStatus !== "not-opted-in");
}

/** Whether a VPC link may have a network interface in the zone. */
export function vpcLinkSupportsZone(region: string, zoneId: string): boolean {
  const listed = vpcLinkZoneIds(region);
  // Assumed(vpc-link-zones-other-regions): in a region whose row this project does not keep, every Availability Zone is supported.
  if (!listed) return allZones(region).some((z) => z.zoneId === zoneId && z.zoneType === "availability-zone");
  return listed.includes(zoneId);
}

/**
 * The zones where the execute-api interface endpoint service is offered: the Availability Zones,
 * less use1-az5 in us-east-1, and no Local Zone.
 */
export function executeApiZones(region: string): ZoneInfo[] {
  // Assumed(execute-api-endpoint-zones): AWS publishes the service's zones only through DescribeVpcEndpointServices; use1-az5 stands for a zone without it.
  return regionZones(region).filter((z) => z.zoneType === "availability-zone" && z.zoneId !== "use1-az5");
}

/** A `Filter.N` of DescribeAvailabilityZones. */
export interface ZoneFilter {
  /** zone-name, zone-id, zone-type, region-name, state, opt-in-status, group-name or parent-zone-name. */
  name: string;
  /** Any of these matches. */
  values: string[];
}

/** Thrown for a zone name or id that does not exist, or a filter the call does not take. */
export class ZoneQueryError extends Error {
  constructor(
    /** The parameter at fault ("ZoneName", "ZoneId") or "Filter". */
    readonly parameter: string,
    /** The value at fault. */
    readonly value: string,
  ) {
    super(`${parameter} ${value}`);
  }
}

/**
 * DescribeAvailabilityZones: the named zones (by name or id) or, by default, those the account
 * may use; with `all`, the Local Zones it has not opted into too. Then the filters narrow.
 */
export function describeZones(region: string, q: { names: string[]; ids: string[]; filters: ZoneFilter[]; all: boolean }): ZoneInfo[] {
  const every = allZones(region);
  for (const n of q.names) if (!every.some((z) => z.zoneName === n)) throw new ZoneQueryError("ZoneName", n);
  for (const id of q.ids) if (!every.some((z) => z.zoneId === id)) throw new ZoneQueryError("ZoneId", id);
  const named = q.names.length + q.ids.length > 0;
  const fields = (z: ZoneInfo): Record<string, string | undefined> => ({
    "zone-name": z.zoneName,
    "zone-id": z.zoneId,
    "zone-type": z.zoneType,
    "region-name": z.regionName,
    state: "available",
    "opt-in-status": z.optInStatus,
    "group-name": z.groupName,
    "parent-zone-name": z.parentZoneName,
  });
  return every.filter(
    (z) =>
      (named ? q.names.includes(z.zoneName) || q.ids.includes(z.zoneId) : q.all || z.optInStatus !== "not-opted-in") &&
      q.filters.every((f) => {
        if (!(f.name in fields(z))) throw new ZoneQueryError("Filter", f.name);
        const field = fields(z)[f.name];
        return field !== undefined && f.values.includes(field);
      }),
  );
}
