/** DomainRoutingRules's class and the provider it stores in state (the calls are in operations.ts). */
import * as pulumi from "@pulumi/pulumi";
import type { RoutingMode, RoutingRuleSpec } from "../routingRules";
import * as contract from "../stateContract";
import { DOMAIN_ROUTING_RULES, type DomainRoutingRulesArgs } from "./model";

/** The provider stored in state: a small facade over the operations (see defineResource.ts). */
export const domainRoutingRulesProvider = DOMAIN_ROUTING_RULES.storedProvider(() => contract.DomainRoutingRules());

/**
 * The routing rules of one private custom domain name, keyed by priority and kept in step with
 * the fewest calls, and the domain's routing mode set with them. Rules at other priorities are
 * left alone; delete restores the routing mode the domain had before.
 */
export class DomainRoutingRules extends pulumi.dynamic.Resource {
  /** The private custom domain name's ARN. */
  declare readonly domainNameArn: pulumi.Output<string>;
  /** The domain's region. */
  declare readonly region: pulumi.Output<string>;
  /** The domain's host name. */
  declare readonly domainName: pulumi.Output<string>;
  /** The domain's identifier. */
  declare readonly domainNameId: pulumi.Output<string>;
  /** The managed rules, by priority. */
  declare readonly rules: pulumi.Output<RoutingRuleSpec[]>;
  /** The routing mode this resource keeps. */
  declare readonly routingMode: pulumi.Output<RoutingMode>;
  /** Priority -> routingRuleId of every managed rule. */
  declare readonly ruleIds: pulumi.Output<Record<string, string>>;
  /** Priorities whose identical rule existed before; left in place on delete. */
  declare readonly adoptedPriorities: pulumi.Output<number[]>;
  /** The mode the domain had before; delete restores it. */
  declare readonly previousRoutingMode: pulumi.Output<RoutingMode>;

  /**
   * Declares the rules; create makes each one not yet present and sets the routing mode.
   * @param name - The Pulumi resource name.
   * @param args - The domain's ARN, the rules and the mode.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: DomainRoutingRulesArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      domainName: undefined,
      domainNameId: undefined,
      ruleIds: undefined,
      adoptedPriorities: undefined,
      previousRoutingMode: undefined,
    };
    super(domainRoutingRulesProvider, name, props, opts, DOMAIN_ROUTING_RULES.module, DOMAIN_ROUTING_RULES.type);
  }
}
