/** RestApiPolicyStatements: model (pure), operations (AWS calls) and class. */
export * from "./model";
export { MAX_REAPPLY, MAX_REFUSALS, READ_BACK_DELAY_MS, findRestApi, restApiPolicyStatementsOperations } from "./operations";
export * from "./resource";
