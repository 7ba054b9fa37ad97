/** Names that both the REST integration provider and the sandbox check (pure). */

/** The methods a REST API resource may have. */
export const HTTP_METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/** An ALB or NLB ARN. Groups: partition, region, account, `app` or `net`. */
export const LOAD_BALANCER_ARN =
  /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer\/(app|net)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** A connectionId given as a stage variable, e.g. `${stageVariables.vpcLinkV2Id}`. Group: the variable. */
export const STAGE_VARIABLE = /^\$\{stageVariables\.([A-Za-z0-9_]+)\}$/;
