/**
 * The sweeper: finds what acceptance runs left in a region (by the suite's tag) and deletes it in
 * dependency order. The suite's own teardown is a sweep of its run, so both share this code.
 */
import { DeleteRestApiCommand, GetRestApisCommand, type RestApi } from "@aws-sdk/client-api-gateway";
import { DeleteVpcLinkCommand, GetVpcLinksCommand, type VpcLink } from "@aws-sdk/client-apigatewayv2";
import {
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type Filter,
  type Tag,
} from "@aws-sdk/client-ec2";
import { isNotFound } from "../provider/clients";
import { waitVpcLinkDeleted } from "../provider/vpcLink/index";
import { waitUntil } from "../provider/waiter";
import { hasCode, retryOn, type AcceptanceClients } from "./clients";
import { RUN_TAG, SWEPT_KINDS, type SweptKind } from "./plan";
import { sweepVerdict, type FoundResource, type SweepFilter } from "./sweepMatch";

/** How long a deletion may wait for what it depends on (ENIs of a deleted endpoint or link linger on AWS). */
export interface SweepTimeouts {
  /** For a VPC link or an endpoint to be gone after its delete. @default 15 min */
  goneMs: number;
  /** For a group, subnet or VPC to stop answering DependencyViolation. @default 15 min */
  dependencyMs: number;
}

const DEFAULT_TIMEOUTS: SweepTimeouts = { goneMs: 15 * 60_000, dependencyMs: 15 * 60_000 };

/**
 * A whole sweep's waiting, at most: each wait is cut to what is left of it. Six kinds with 15 min
 * each could wait 90 min; the suite's teardown allows {@link SWEEP_BUDGET_MS} plus a margin.
 */
export const SWEEP_BUDGET_MS = 40 * 60_000;

/** What a sweep did. */
export interface SweepReport {
  /** Everything tagged by the suite that was found, with the verdict. */
  found: (FoundResource & { swept: boolean; reason: string })[];
  /** `kind id` of what was deleted. */
  deleted: string[];
  /** `kind id: error` of what could not be deleted. */
  failed: string[];
}

const tagsOf = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? ""]));

/** Every resource in the clients' region that carries the suite's tag (of one run, if named). */
export async function findTagged(clients: AcceptanceClients, runId?: string): Promise<FoundResource[]> {
  const filters: Filter[] = [runId === undefined ? { Name: "tag-key", Values: [RUN_TAG] } : { Name: `tag:${RUN_TAG}`, Values: [runId] }];
  const ours = (tags: Record<string, string> | undefined) =>
    tags?.[RUN_TAG] !== undefined && (runId === undefined || tags[RUN_TAG] === runId);
  const found: FoundResource[] = [];

  const links: VpcLink[] = [];
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await clients.apigwv2.send(new GetVpcLinksCommand({ NextToken: token }));
    links.push(...(page.Items ?? []));
    token = page.NextToken;
  }
  for (const l of links)
    if (ours(l.Tags) && l.VpcLinkId) found.push({ kind: "vpc-link", id: l.VpcLinkId, tags: l.Tags ?? {}, createdAt: l.CreatedDate });

  const apis: RestApi[] = [];
  for (let position: string | undefined, first = true; first || position; first = false) {
    const page = await clients.apigw.send(new GetRestApisCommand({ position, limit: 500 }));
    apis.push(...(page.items ?? []));
    position = page.position;
  }
  for (const a of apis) if (ours(a.tags) && a.id) found.push({ kind: "rest-api", id: a.id, tags: a.tags ?? {}, createdAt: a.createdDate });

  const endpoints = await clients.ec2.send(new DescribeVpcEndpointsCommand({ Filters: filters }));
  for (const e of endpoints.VpcEndpoints ?? [])
    if (e.VpcEndpointId && !["deleted", "deleting"].includes((e.State ?? "").toLowerCase()))
      found.push({ kind: "vpc-endpoint", id: e.VpcEndpointId, tags: tagsOf(e.Tags), createdAt: e.CreationTimestamp });
  const groups = await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filters }));
  for (const g of groups.SecurityGroups ?? []) if (g.GroupId) found.push({ kind: "security-group", id: g.GroupId, tags: tagsOf(g.Tags) });
  const subnets = await clients.ec2.send(new DescribeSubnetsCommand({ Filters: filters }));
  for (const s of subnets.Subnets ?? []) if (s.SubnetId) found.push({ kind: "subnet", id: s.SubnetId, tags: tagsOf(s.Tags) });
  const vpcs = await clients.ec2.send(new DescribeVpcsCommand({ Filters: filters }));
  for (const v of vpcs.Vpcs ?? []) if (v.VpcId) found.push({ kind: "vpc", id: v.VpcId, tags: tagsOf(v.Tags) });
  return found;
}

/** Waits until `stillThere` is false; throws after `timeoutMs`. */
async function waitGone(what: string, stillThere: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const result = await waitUntil({ timeoutMs, poll: stillThere, isSettled: (there) => !there, minDelayMs: 200, maxDelayMs: 10_000 });
  if (!result.settled) throw new Error(`${what} still exists after ${Math.round(timeoutMs / 1000)} s`);
}

/** Runs `remove` until what held the resource has gone away (DependencyViolation). */
async function removeWhenFree(what: string, remove: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  await retryOn(["DependencyViolation"], what, remove, timeoutMs);
}

/** Deletes one found resource and waits until what depends on it can go. A resource already gone counts as deleted. */
export async function deleteResource(
  clients: AcceptanceClients,
  r: FoundResource,
  timeouts: SweepTimeouts = DEFAULT_TIMEOUTS,
): Promise<void> {
  const gone = (codes: string[]) => (e: unknown) => {
    if (!isNotFound(e) && !hasCode(e, ...codes)) throw e;
  };
  switch (r.kind) {
    case "vpc-link":
      await clients.apigwv2.send(new DeleteVpcLinkCommand({ VpcLinkId: r.id })).catch(gone([]));
      if (!(await waitVpcLinkDeleted(clients.apigwv2, r.id, timeouts.goneMs)).settled)
        throw new Error(`VPC link ${r.id} still exists after ${Math.round(timeouts.goneMs / 1000)} s`);
      return;
    case "rest-api":
      await clients.apigw.send(new DeleteRestApiCommand({ restApiId: r.id })).catch(gone([]));
      return;
    case "vpc-endpoint": {
      const answer = await clients.ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [r.id] }));
      const refused = (answer.Unsuccessful ?? []).find(
        (u) => u.Error?.Code !== "InvalidVpcEndpoint.NotFound" && u.Error?.Code !== "InvalidVpcEndpointId.NotFound",
      );
      if (refused) throw new Error(`DeleteVpcEndpoints refused ${r.id}: ${refused.Error?.Code} ${refused.Error?.Message}`);
      await waitGone(
        `VPC endpoint ${r.id}`,
        async () => {
          const described = await clients.ec2.send(
            new DescribeVpcEndpointsCommand({ Filters: [{ Name: "vpc-endpoint-id", Values: [r.id] }] }),
          );
          return (described.VpcEndpoints ?? []).some((e) => (e.State ?? "").toLowerCase() !== "deleted");
        },
        timeouts.goneMs,
      );
      return;
    }
    case "security-group":
      return removeWhenFree(
        `security group ${r.id}`,
        () => clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: r.id })).catch(gone(["InvalidGroup.NotFound"])),
        timeouts.dependencyMs,
      );
    case "subnet":
      return removeWhenFree(
        `subnet ${r.id}`,
        () => clients.ec2.send(new DeleteSubnetCommand({ SubnetId: r.id })).catch(gone(["InvalidSubnetID.NotFound"])),
        timeouts.dependencyMs,
      );
    case "vpc":
      return removeWhenFree(
        `VPC ${r.id}`,
        () => clients.ec2.send(new DeleteVpcCommand({ VpcId: r.id })).catch(gone(["InvalidVpcID.NotFound"])),
        timeouts.dependencyMs,
      );
  }
}

/** Options of one sweep. */
export interface SweepOptions extends SweepFilter {
  /** List what would be deleted, delete nothing. */
  dryRun?: boolean;
  /** Called with one line per decision and deletion. @default no output */
  log?: (line: string) => void;
  /** @default 15 min each */
  timeouts?: SweepTimeouts;
  /** The waiting of the whole sweep, at most; each wait gets what is left. @default SWEEP_BUDGET_MS */
  budgetMs?: number;
  /** @default the current time */
  now?: Date;
}

/**
 * Finds the suite's leftovers and deletes those the filter selects: links first, then APIs,
 * endpoints, groups, subnets and VPCs, so nothing is deleted while something it holds remains.
 * One failure does not stop the rest; the report names it.
 */
export async function sweep(clients: AcceptanceClients, opts: SweepOptions): Promise<SweepReport> {
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? new Date();
  const found = (await findTagged(clients, opts.runId)).map((r) => ({ ...r, ...sweepVerdictOf(r, opts, now) }));
  const report: SweepReport = { found, deleted: [], failed: [] };
  for (const r of found) log(`${r.swept ? (opts.dryRun ? "would delete" : "delete") : "keep"} ${r.kind} ${r.id}: ${r.reason}`);
  if (opts.dryRun) return report;
  const byKind = (kind: SweptKind) => found.filter((r) => r.swept && r.kind === kind);
  const deadline = Date.now() + (opts.budgetMs ?? SWEEP_BUDGET_MS);
  const { goneMs, dependencyMs } = opts.timeouts ?? DEFAULT_TIMEOUTS;
  for (const kind of SWEPT_KINDS) {
    // Kinds go one after another: what is left of the budget caps this kind's waits, so the sweep ends in time.
    const left = Math.max(deadline - Date.now(), 1000);
    const timeouts = { goneMs: Math.min(goneMs, left), dependencyMs: Math.min(dependencyMs, left) };
    await Promise.all(
      byKind(kind).map(async (r) => {
        try {
          await deleteResource(clients, r, timeouts);
          report.deleted.push(`${r.kind} ${r.id}`);
          log(`deleted ${r.kind} ${r.id}`);
        } catch (e) {
          report.failed.push(`${r.kind} ${r.id}: ${(e as Error).message}`);
          log(`FAILED ${r.kind} ${r.id}: ${(e as Error).message}`);
        }
      }),
    );
  }
  return report;
}

const sweepVerdictOf = (r: FoundResource, filter: SweepFilter, now: Date) => {
  const verdict = sweepVerdict(r, filter, now);
  return { swept: verdict.sweep, reason: verdict.reason };
};
