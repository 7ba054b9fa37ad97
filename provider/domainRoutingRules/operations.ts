/**
 * DomainRoutingRules: the routing rules of one private custom domain name, as an owned set
 * keyed by priority, and the domain's routing mode set with them.
 *
 *   check  -> no AWS call: the ARN, the region, the mode, every rule's priority, conditions and action
 *   diff   -> no AWS call: domainNameArn/region replace; rules and mode update in place
 *   create -> GetDomainName (v1, with domainNameId: the mode before), ListRoutingRules (v2), then one
 *             CreateRoutingRule per new rule, then one UpdateDomainName `replace /routingMode` if the
 *             mode differs
 *   read   -> GetDomainName and ListRoutingRules: the managed rules still present, the mode
 *   update -> GetDomainName and ListRoutingRules, then one PutRoutingRule per changed or moved rule
 *             (a move keeps the rule's id), one CreateRoutingRule per rule still to add, one
 *             DeleteRoutingRule per released rule, and the mode (first when it stops using rules)
 *   delete -> GetDomainName; the mode found at create is restored (if the domain is still in the
 *             mode this resource set), then one DeleteRoutingRule per managed rule still present
 *
 * Crash recovery: before its first mutation, a step that has a creation token writes the priorities
 * (and rule ids) it is about to make or move, and on create the mode before, into a tag on the
 * domain name keyed by the token (TagResource, see ownershipJournal.ts); it clears the tag
 * (UntagResource) when it returns. A rerun after a kill finds its journal in GetDomainName's tags
 * and claims those rules as its own, so destroy deletes them; a rule without a journal entry is
 * adopted as before.
 *
 * Rules at other priorities are never touched. A declared priority held by an identical rule that
 * this resource did not make is adopted (never deleted); one held by a different rule is refused.
 * A create or put whose answer was lost is read back (ListRoutingRules) before anything else is
 * sent: an identical rule at its priority is the one we made. Partial progress is recorded (an
 * error carrying `id` and `properties`), so nothing is left untracked.
 */
import { GetDomainNameCommand, UpdateDomainNameCommand, type APIGatewayClient } from "@aws-sdk/client-api-gateway";
import {
  CreateRoutingRuleCommand,
  DeleteRoutingRuleCommand,
  ListRoutingRulesCommand,
  PutRoutingRuleCommand,
  ApiGatewayV2Client,
} from "@aws-sdk/client-apigatewayv2";
import { apiGatewayClient, apiGatewayV2Client, isNotFound, retryStrategyFor } from "../clients";
import { parseDomainNameArn } from "../domainNameArns";
import { operationError } from "../errors";
import { clearJournal, journalIds, journalKeys, journalTags, writeJournal } from "../ownershipJournal";
import { UNKNOWN } from "../validation";
import {
  DEFAULT_DOMAIN_ROUTING_MODE,
  ROUTING_MODE_PATH,
  ruleContentKey,
  toWire,
  type RoutingMode,
  type RoutingRuleSpec,
} from "../routingRules";
import {
  ROUTING_RULES_ARN_RULE,
  checkRoutingRulesInputs,
  claimJournaled,
  parseRoutingJournal,
  routingJournalEntries,
  type JournaledRule,
  diffRoutingRules,
  DOMAIN_ROUTING_RULES,
  isPriorityTaken,
  modeFirst,
  planRoutingRules,
  presentRuleOf,
  type DomainRoutingRulesInputs,
  type DomainRoutingRulesOutputs,
  type PresentRule,
} from "./model";
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";
import type { ApiGatewayRetryStrategy } from "../retry";

/** The resource kind in every error message. */
const KIND = DOMAIN_ROUTING_RULES.errorKind;

/** The domain a private ARN names: its host name and id. */
export interface DomainRef {
  /** The domain's host name. */
  domainName: string;
  /** The domain's identifier. */
  domainNameId: string;
}

/** A v2 client for mutations: 429 and concurrent-modification 409s are retried, a taken priority is not. */
function mutationClient(region: string): ApiGatewayV2Client {
  const base = retryStrategyFor(region, "mutations");
  const strategy = {
    mode: "standard",
    acquireInitialRetryToken: () => base.acquireInitialRetryToken(),
    refreshRetryTokenForRetry: async (token: StandardRetryToken, info: RetryErrorInfo) => {
      if (isPriorityTaken(info.error)) throw new Error("No retry token available");
      return base.refreshRetryTokenForRetry(token as Parameters<ApiGatewayRetryStrategy["refreshRetryTokenForRetry"]>[0], info);
    },
    recordSuccess: () => base.recordSuccess(),
  } as RetryStrategyV2;
  return new ApiGatewayV2Client({ region, retryStrategy: strategy });
}

/** Every rule of the domain, all pages. */
export async function listRules(client: ApiGatewayV2Client, ref: DomainRef): Promise<PresentRule[]> {
  const all: PresentRule[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListRoutingRulesCommand({ ...refOf(ref), MaxResults: 100, NextToken: nextToken }));
    for (const wire of page.RoutingRules ?? []) {
      const present = presentRuleOf(wireOf(wire));
      if (present) all.push(present);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return all;
}

const refOf = (ref: DomainRef) => ({ DomainName: ref.domainName, DomainNameId: ref.domainNameId });

/** The SDK's PascalCase rule as the wire's camelCase shape. */
function wireOf(r: {
  Priority?: number;
  RoutingRuleId?: string;
  Conditions?: { MatchHeaders?: { AnyOf?: { Header?: string; ValueGlob?: string }[] }; MatchBasePaths?: { AnyOf?: string[] } }[];
  Actions?: { InvokeApi?: { ApiId?: string; Stage?: string; StripBasePath?: boolean } }[];
}) {
  return {
    priority: r.Priority,
    routingRuleId: r.RoutingRuleId,
    conditions: (r.Conditions ?? []).map((c) =>
      c.MatchHeaders
        ? { matchHeaders: { anyOf: (c.MatchHeaders.AnyOf ?? []).map((h) => ({ header: h.Header ?? "", valueGlob: h.ValueGlob ?? "" })) } }
        : { matchBasePaths: { anyOf: c.MatchBasePaths?.AnyOf ?? [] } },
    ),
    actions: (r.Actions ?? []).map((a) => ({
      invokeApi: { apiId: a.InvokeApi?.ApiId, stage: a.InvokeApi?.Stage, stripBasePath: a.InvokeApi?.StripBasePath },
    })),
  };
}

/** The spec in the SDK's PascalCase request shape. */
function requestOf(rule: RoutingRuleSpec) {
  const w = toWire(rule);
  return {
    Priority: w.priority,
    Conditions: w.conditions.map((c) =>
      c.matchHeaders
        ? { MatchHeaders: { AnyOf: c.matchHeaders.anyOf.map((h) => ({ Header: h.header, ValueGlob: h.valueGlob })) } }
        : { MatchBasePaths: { AnyOf: c.matchBasePaths?.anyOf ?? [] } },
    ),
    Actions: w.actions.map((a) => ({
      InvokeApi: { ApiId: a.invokeApi.apiId, Stage: a.invokeApi.stage, StripBasePath: a.invokeApi.stripBasePath },
    })),
  };
}

/** The domain's routing mode, or undefined when the domain is gone. */
async function routingModeOf(client: APIGatewayClient, ref: DomainRef): Promise<RoutingMode | undefined> {
  return (await domainOf(client, ref))?.mode;
}

/** The domain's routing mode and tags (where the ownership journal lives), or undefined when the domain is gone. */
async function domainOf(
  client: APIGatewayClient,
  ref: DomainRef,
): Promise<{ mode: RoutingMode; tags: Record<string, string> } | undefined> {
  try {
    const domain = await client.send(new GetDomainNameCommand({ domainName: ref.domainName, domainNameId: ref.domainNameId }));
    return { mode: (domain.routingMode as RoutingMode | undefined) ?? DEFAULT_DOMAIN_ROUTING_MODE, tags: domain.tags ?? {} };
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

async function setRoutingMode(region: string, ref: DomainRef, mode: RoutingMode): Promise<void> {
  const client = apiGatewayClient(region, "mutations");
  try {
    await client.send(
      new UpdateDomainNameCommand({
        domainName: ref.domainName,
        domainNameId: ref.domainNameId,
        patchOperations: [{ op: "replace", path: ROUTING_MODE_PATH, value: mode }],
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * Sends one create or put; if it fails (a lost answer, a taken priority), reads the rules back:
 * an identical rule at the priority is the one this call made (or the put already took effect).
 */
async function sendRule(region: string, ref: DomainRef, rule: RoutingRuleSpec, id?: string): Promise<string> {
  const client = mutationClient(region);
  try {
    const answer = id
      ? await client.send(new PutRoutingRuleCommand({ ...refOf(ref), RoutingRuleId: id, ...requestOf(rule) }))
      : await client.send(new CreateRoutingRuleCommand({ ...refOf(ref), ...requestOf(rule) }));
    if (!answer.RoutingRuleId) throw new Error(`${id ? "PutRoutingRule" : "CreateRoutingRule"} answered without a routingRuleId`);
    return answer.RoutingRuleId;
  } catch (e) {
    const reader = readClient(region);
    const found = await listRules(reader, ref)
      .then((all) => all.find((p) => p.rule.priority === rule.priority))
      .finally(() => reader.destroy());
    if (found && ruleContentKey(found.rule) === ruleContentKey(rule) && (!id || found.id === id)) return found.id;
    if (isPriorityTaken(e) && found)
      throw new Error(`priority ${rule.priority} is held by routing rule ${found.id}, which this resource did not make`, { cause: e });
    throw e;
  } finally {
    client.destroy();
  }
}

const readClient = (region: string) => apiGatewayV2Client(region);

async function deleteRule(region: string, ref: DomainRef, id: string): Promise<void> {
  const client = apiGatewayV2Client(region, "mutations");
  try {
    await client.send(new DeleteRoutingRuleCommand({ ...refOf(ref), RoutingRuleId: id }));
  } catch (e) {
    // Gone already (a lost answer, or deleted out of band): fine.
    if (!isNotFound(e)) throw e;
  } finally {
    client.destroy();
  }
}

function refFrom(arn: string): DomainRef {
  const parts = parseDomainNameArn(arn);
  if (!parts) throw new Error(`${arn} is not ${ROUTING_RULES_ARN_RULE}`);
  return { domainName: parts.domainName, domainNameId: parts.domainNameId };
}

/** An error the dynamic-provider host turns into ErrorResourceInitFailed: the engine records what now exists. */
function initFailed(error: Error, id: string, properties: DomainRoutingRulesOutputs): Error {
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

async function converge(
  inputs: DomainRoutingRulesInputs,
  before: DomainRoutingRulesOutputs | undefined,
  verb: "creating" | "updating",
): Promise<DomainRoutingRulesOutputs> {
  const ref = refFrom(inputs.domainNameArn);
  const v1 = apiGatewayClient(inputs.region);
  const v2 = readClient(inputs.region);
  const ids: Record<string, string> = {};
  const adopted: number[] = [];
  let previousRoutingMode: RoutingMode = before?.previousRoutingMode ?? DEFAULT_DOMAIN_ROUTING_MODE;
  let started = false;
  const outputs = (): DomainRoutingRulesOutputs => ({
    ...inputs,
    ...ref,
    ruleIds: Object.fromEntries(Object.entries(ids).sort(([a], [b]) => Number(a) - Number(b))),
    adoptedPriorities: [...new Set(adopted)].sort((a, b) => a - b),
    previousRoutingMode,
  });
  const token = inputs.creationToken && inputs.creationToken !== UNKNOWN ? inputs.creationToken : undefined;
  const journalArn = inputs.domainNameArn; // the private domain name's ARN is what TagResource takes
  let journal: string[] = []; // this step's journal keys on the domain
  const writeAhead = async (entries: Parameters<typeof routingJournalEntries>[0]) => {
    if (!token || (!entries.rules.length && !entries.previousRoutingMode)) return;
    const values = routingJournalEntries(entries);
    await writeJournal(v1, journalArn, token, values);
    journal = [...new Set([...journal, ...Object.keys(journalTags(token, values))])];
  };
  try {
    const domain = await domainOf(v1, ref);
    if (domain === undefined) throw new Error(`the domain does not exist in ${inputs.region}, or this account does not own it`);
    const { mode } = domain;
    // A rerun of a step cut off by a crash: what its journal names is its own.
    const found = token ? parseRoutingJournal(journalIds(domain.tags, token)) : { rules: [] };
    if (token) journal = journalKeys(domain.tags, token);
    if (!before) previousRoutingMode = found.previousRoutingMode ?? mode;
    const present = await listRules(v2, ref);
    const claimed = claimJournaled(found.rules, present, inputs.rules);
    const managedBefore = { ...(before?.ruleIds ?? {}), ...claimed };
    const adoptedBefore = (before?.adoptedPriorities ?? []).filter((p) => !(String(p) in claimed));
    const plan = planRoutingRules({ present, desired: inputs.rules, managedBefore, adoptedBefore });
    if (plan.conflicts.length)
      throw new Error(
        plan.conflicts
          .map(
            (c) =>
              `priority ${c.priority} is held by routing rule ${c.id}, which this resource did not make and which differs from the declared rule`,
          )
          .join("; ") + " (delete that rule or choose another priority)",
      );
    started = true;
    // Until a call succeeds, every managed rule is recorded where it is now (a failed move stays at its old priority).
    for (const [p, id] of Object.entries(managedBefore)) if (present.some((r) => r.id === id && String(r.rule.priority) === p)) ids[p] = id;
    Object.assign(ids, plan.kept);
    adopted.push(...plan.adopted);
    // Write ahead what this step is about to make or move, and what it claimed (a second crash keeps them claimed).
    const claims: JournaledRule[] = Object.entries(claimed).map(([p, id]) => ({ priority: Number(p), id }));
    // A put in place is recorded already; a move to a new priority is not, until the step returns.
    const moves: JournaledRule[] = plan.put
      .filter((p) => managedBefore[String(p.rule.priority)] !== p.id)
      .map((p) => ({ priority: p.rule.priority, id: p.id }));
    const changesMode = !before && mode !== inputs.routingMode;
    await writeAhead({
      rules: [...claims, ...moves, ...plan.create.map((r) => ({ priority: r.priority }))],
      ...(changesMode ? { previousRoutingMode } : {}),
    });
    const setMode = async () => {
      if (mode !== inputs.routingMode) await setRoutingMode(inputs.region, ref, inputs.routingMode);
    };
    if (modeFirst(inputs.routingMode)) await setMode();
    for (const { id, rule } of plan.put) {
      const sent = await sendRule(inputs.region, ref, rule, id);
      for (const [p, recorded] of Object.entries(ids)) if (recorded === id) delete ids[p];
      ids[String(rule.priority)] = sent;
    }
    for (const rule of plan.create) ids[String(rule.priority)] = await sendRule(inputs.region, ref, rule);
    // The created rules' ids, once known: a rerun then claims them even if their declaration changed.
    const after = plan.remove.length > 0 || (!modeFirst(inputs.routingMode) && mode !== inputs.routingMode);
    if (plan.create.length && after)
      await writeAhead({
        rules: [...claims, ...moves, ...plan.create.map((r) => ({ priority: r.priority, id: ids[String(r.priority)] }))],
      });
    for (const r of plan.remove) {
      await deleteRule(inputs.region, ref, r.id);
      delete ids[String(r.priority)];
    }
    if (!modeFirst(inputs.routingMode)) await setMode();
    await clearJournal(v1, journalArn, journal);
    journal = [];
    return outputs();
  } catch (e) {
    const error = operationError(verb, KIND, inputs.domainNameArn, e);
    // Refused before any change: a crashed run's journal stays for the rerun that fixes the input.
    if (!started) throw error;
    // The engine records what now exists (initFailed, claims included): the journal is no longer needed. Best effort.
    await clearJournal(v1, journalArn, journal).catch(() => undefined);
    throw initFailed(error, inputs.domainNameArn, outputs());
  } finally {
    v1.destroy();
    v2.destroy();
  }
}

/** The operations behind {@link domainRoutingRulesProvider}; tests may call either. */
export const domainRoutingRulesOperations = DOMAIN_ROUTING_RULES.operations({
  check: async (olds, news) =>
    checkRoutingRulesInputs(news as unknown as Record<string, unknown>, process.env, olds as unknown as Record<string, unknown>),
  diff: async (_id, olds, news) => diffRoutingRules(olds, news),
  async create(inputs) {
    return { id: inputs.domainNameArn, outs: await converge(inputs, undefined, "creating") };
  },
  async update(_id, olds, news) {
    return { outs: await converge(news, olds, "updating") };
  },
  async read(id, props) {
    const region = props?.region ?? parseDomainNameArn(id)?.region ?? "";
    const v1 = apiGatewayClient(region);
    const v2 = readClient(region);
    try {
      const ref = refFrom(id);
      const mode = await routingModeOf(v1, ref);
      // A vanished domain takes its rules with it: the resource is gone.
      if (mode === undefined) return {};
      const present = await listRules(v2, ref);
      // An import (no props) takes every rule of the domain as its own.
      const managed = props?.ruleIds
        ? present.filter(
            (p) => props.ruleIds[String(p.rule.priority)] === p.id || (props.adoptedPriorities ?? []).includes(p.rule.priority),
          )
        : present;
      const rules = managed.map((p) => p.rule).sort((a, b) => a.priority - b.priority);
      const outs: DomainRoutingRulesOutputs = {
        domainNameArn: id,
        region,
        rules,
        routingMode: mode,
        ...ref,
        ruleIds: Object.fromEntries(managed.map((p) => [String(p.rule.priority), p.id])),
        adoptedPriorities: (props?.adoptedPriorities ?? []).filter((p) => managed.some((m) => m.rule.priority === p)),
        previousRoutingMode: props?.previousRoutingMode ?? mode,
      };
      return { id, props: outs };
    } catch (e) {
      throw operationError("reading", KIND, id, e);
    } finally {
      v1.destroy();
      v2.destroy();
    }
  },
  async delete(id, props) {
    const region = props.region ?? parseDomainNameArn(id)?.region ?? "";
    const v1 = apiGatewayClient(region);
    const v2 = readClient(region);
    try {
      const ref = refFrom(props.domainNameArn ?? id);
      const mode = await routingModeOf(v1, ref);
      if (mode === undefined) return; // the domain and its rules are gone
      // Restore the mode found at create, unless someone changed it since: theirs stands.
      if (mode === props.routingMode && props.previousRoutingMode && mode !== props.previousRoutingMode)
        await setRoutingMode(region, ref, props.previousRoutingMode);
      const present = await listRules(v2, ref);
      const adopted = props.adoptedPriorities ?? [];
      for (const [p, ruleId] of Object.entries(props.ruleIds ?? {}))
        if (!adopted.includes(Number(p)) && present.some((r) => r.id === ruleId)) await deleteRule(region, ref, ruleId);
    } catch (e) {
      throw operationError("deleting", KIND, id, e);
    } finally {
      v1.destroy();
      v2.destroy();
    }
  },
});
