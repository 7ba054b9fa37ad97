/**
 * The acceptance suite's plan: every AWS resource one run creates, with its tags, in the order it
 * is created. Pure, so a test can review the real-account mode without credentials, and the
 * sweeper's matcher (sweepMatch.ts) can be checked against every tag the suite writes.
 */
import { randomBytes } from "node:crypto";

/** The tag every resource of a run carries; its value is the run id. The sweeper looks for it. */
export const RUN_TAG = "pulumi-apigw-vpc:acceptance-run";
/** When the run started (ISO 8601): the sweeper's age, since EC2 keeps no creation time for VPCs, subnets or groups. */
export const CREATED_AT_TAG = "pulumi-apigw-vpc:created-at";

/** The kinds the sweeper finds by tag and deletes, in the order it deletes them. */
export const SWEPT_KINDS = ["vpc-link", "rest-api", "vpc-endpoint", "security-group", "subnet", "vpc"] as const;
/** A kind of tagged resource the sweeper deletes. */
export type SweptKind = (typeof SWEPT_KINDS)[number];

/** One resource the suite (or a scenario's stack, through the engine) creates. */
export interface PlannedResource {
  /** Unique within the plan, e.g. "subnet-a". */
  key: string;
  /** A kind the sweeper deletes, or a child removed with its parent. */
  kind: SweptKind | "stage" | "method";
  /** What it is, in words. */
  description: string;
  /** Who creates it: the suite's setup, or a scenario's stack through the engine. */
  createdBy: "setup" | "scenario";
  /** Its tags (also the EC2 Name tag), or undefined for a child removed with its parent. */
  tags?: Record<string, string>;
  /** The key of the tagged parent whose deletion removes this child. */
  removedWith?: string;
  /** Why it costs money while it exists, if it does. */
  cost?: string;
}

/** The run-specific values the plan depends on. */
export interface PlanContext {
  /** The explicit region the run creates everything in. */
  region: string;
  /** A short id of the run, e.g. "acc-m3x9k2-7f3a09c1". */
  runId: string;
  /** The run's start time. */
  createdAt: Date;
}

/** The VPC's address range and its two subnets', one per Availability Zone. */
export const NETWORK = { vpcCidr: "10.77.0.0/16", subnetCidrs: ["10.77.1.0/24", "10.77.2.0/24"] } as const;
/** The stage the suite deploys its private API to. */
export const STAGE_NAME = "acc";

/** A fresh run id: "acc-" + base-36 time + 8 random hex digits (runs started in one millisecond still differ). */
export function newRunId(now = Date.now(), random: () => Buffer = () => randomBytes(4)): string {
  return `acc-${now.toString(36)}-${random().toString("hex")}`;
}

/** The tags of one resource of the run: the run id, the start time and a readable Name. */
export function runTags(ctx: PlanContext, key: string): Record<string, string> {
  return { [RUN_TAG]: ctx.runId, [CREATED_AT_TAG]: ctx.createdAt.toISOString(), Name: `apigw-vpc-${ctx.runId}-${key}` };
}

const ENDPOINT_COST = "interface VPC endpoint: billed per hour in each of its 2 subnets' AZs, and per GB processed";

/** Every resource of one run, in creation order. */
export function acceptancePlan(ctx: PlanContext): PlannedResource[] {
  const tagged = (r: Omit<PlannedResource, "tags">): PlannedResource => ({ ...r, tags: runTags(ctx, r.key) });
  return [
    tagged({ key: "vpc", kind: "vpc", createdBy: "setup", description: `VPC ${NETWORK.vpcCidr}, DNS support and hostnames on` }),
    tagged({ key: "subnet-a", kind: "subnet", createdBy: "setup", description: `subnet ${NETWORK.subnetCidrs[0]} in the 1st AZ` }),
    tagged({ key: "subnet-b", kind: "subnet", createdBy: "setup", description: `subnet ${NETWORK.subnetCidrs[1]} in the 2nd AZ` }),
    tagged({ key: "sg-a", kind: "security-group", createdBy: "setup", description: "security group for the endpoints and links" }),
    tagged({ key: "sg-b", kind: "security-group", createdBy: "setup", description: "second security group (a link's replacement)" }),
    ...(["vpce-a", "vpce-b"] as const).map((key) =>
      tagged({
        key,
        kind: "vpc-endpoint",
        createdBy: "setup",
        description: `execute-api interface endpoint (com.amazonaws.${ctx.region}.execute-api, private DNS off) in both subnets`,
        cost: ENDPOINT_COST,
      }),
    ),
    tagged({ key: "rest-api", kind: "rest-api", createdBy: "setup", description: "PRIVATE REST API, invocable only from the VPC" }),
    {
      key: "method",
      kind: "method",
      createdBy: "setup",
      description: "GET / with a MOCK integration (a deployment needs a method)",
      removedWith: "rest-api",
    },
    { key: "stage", kind: "stage", createdBy: "setup", description: `stage "${STAGE_NAME}" and its deployment`, removedWith: "rest-api" },
    tagged({
      key: "link-lifecycle",
      kind: "vpc-link",
      createdBy: "scenario",
      description: "HTTP API VPC link: created, renamed, replaced",
    }),
    tagged({
      key: "link-disappears",
      kind: "vpc-link",
      createdBy: "scenario",
      description: "HTTP API VPC link deleted out of band, then refreshed",
    }),
    tagged({ key: "link-components", kind: "vpc-link", createdBy: "scenario", description: "PrivateIntegrationLink's VPC link" }),
  ];
}

/** The plan as text: every resource with its tags, then the ones that cost money while they exist. */
export function formatPlan(ctx: PlanContext, plan: readonly PlannedResource[]): string {
  const lines = [`Acceptance run ${ctx.runId} in ${ctx.region} creates:`];
  for (const r of plan) {
    const tags = r.tags ? Object.entries(r.tags).map(([k, v]) => `${k}=${v}`) : [`(removed with ${r.removedWith})`];
    lines.push(
      `  ${r.key.padEnd(16)} ${r.kind.padEnd(15)} ${r.createdBy.padEnd(8)} ${r.description}`,
      `  ${"".padEnd(16)} ${tags.join(" ")}`,
    );
  }
  const costly = plan.filter((r) => r.cost);
  lines.push(`Cost-bearing while the run lasts (${costly.length}):`, ...costly.map((r) => `  ${r.key}: ${r.cost}`));
  lines.push(`Leftovers: npm run sweep -- --region ${ctx.region} --older-than 0s --run ${ctx.runId}`);
  return lines.join("\n");
}
