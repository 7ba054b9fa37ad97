/**
 * Who may invoke a private API: one policy evaluator (IAM's evaluation logic for the keys
 * private APIs use), shared by the sandbox's invoke plane and the doctor, with the helpers for
 * execute-api ARNs and the forms in which API Gateway stores a resource policy.
 */
export { conditionHolds, globMatch, SUPPORTED_OPERATORS, type RequestContext } from "./conditions";
export {
  executeApiArn,
  expandExecuteApiShorthand,
  parsePolicy,
  PolicyDocumentError,
  storedPolicyString,
  type ExecuteApiMethod,
  type ExecuteApiTarget,
  type OneOrMany,
  type PolicyDocument,
  type PolicyStatement,
} from "./document";
export { admitsOnTcp, inBlock, type Caller, type InboundRule } from "./securityGroups";
export {
  combineIamAndResourceDecisions,
  evaluatePolicy,
  statementMatches,
  type AccessDecision,
  type AccessRequest,
  type AccessResult,
} from "./evaluate";

/** The full-access policy a VPC endpoint has until one is set (EC2's default endpoint policy). */
export const DEFAULT_ENDPOINT_POLICY = {
  Statement: [{ Action: "*", Effect: "Allow", Principal: "*", Resource: "*" }],
} as const;
